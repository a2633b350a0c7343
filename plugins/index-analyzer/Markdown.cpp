#include "Markdown.hpp"

#include <algorithm>

namespace dbopt::plugins::index_analyzer {

namespace {
/// ASCII punctuation with a meaning in CommonMark or inline HTML (emphasis, code, links, lists,
/// headings, tables, entities, tags) or in common math extensions ($).
constexpr std::string_view kSpecial = "\\`*_{}[]()<>#+-.!|~&\"'$";
}  // namespace

std::string md_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '\n' || ch == '\r') {
      out.push_back(' ');
    } else if (c < 0x80 && kSpecial.find(ch) != std::string_view::npos) {
      out.push_back('\\');
      out.push_back(ch);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

std::string md_code_block(std::string_view text, std::string_view lang) {
  std::size_t longest = 0, run = 0;
  for (char ch : text) {
    run = ch == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  std::string out = fence;
  out.append(lang);
  out.push_back('\n');
  out.append(text);
  if (!text.empty() && text.back() != '\n') out.push_back('\n');
  out.append(fence);
  out.push_back('\n');
  return out;
}

}  // namespace dbopt::plugins::index_analyzer
