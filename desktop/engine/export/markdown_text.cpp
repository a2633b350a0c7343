#include "export/markdown_text.hpp"

#include <algorithm>

namespace dbopt::engine {

namespace {

/// A fence line: up to three spaces, then ≥3 backticks or tildes. Returns (char, length) or (0, 0).
std::pair<char, std::size_t> fence_of(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && i < 3 && line[i] == ' ') ++i;
  if (i >= line.size() || (line[i] != '`' && line[i] != '~')) return {0, 0};
  const char ch = line[i];
  std::size_t n = 0;
  while (i + n < line.size() && line[i + n] == ch) ++n;
  if (n < 3) return {0, 0};
  return {ch, n};
}

/// One line outside fences: '<' outside inline code spans becomes "&lt;".
std::string neutralize_html(std::string_view line) {
  std::string out;
  std::size_t i = 0;
  while (i < line.size()) {
    if (line[i] == '`') {
      std::size_t n = 0;
      while (i + n < line.size() && line[i + n] == '`') ++n;
      const std::string ticks(n, '`');
      // the closing run must have exactly n backticks
      std::size_t close = i + n;
      bool found = false;
      while ((close = line.find(ticks, close)) != std::string_view::npos) {
        std::size_t m = 0;
        while (close + m < line.size() && line[close + m] == '`') ++m;
        if (m == n) {
          found = true;
          break;
        }
        close += m;
      }
      if (found) {
        out.append(line.substr(i, close + n - i));
        i = close + n;
        continue;
      }
      out.append(ticks);
      i += n;
      continue;
    }
    if (line[i] == '\\' && i + 1 < line.size()) {
      // A backslash escape is already literal text in CommonMark ("\\<b>" shows "<b>"):
      // keep the pair as written, or "\\&lt;" would show the entity's source.
      out.append(line.substr(i, 2));
      i += 2;
      continue;
    }
    if (line[i] == '<')
      out += "&lt;";
    else
      out.push_back(line[i]);
    ++i;
  }
  return out;
}

}  // namespace

std::string md_detail(std::string_view markdown) {
  std::string out;
  char fence_char = 0;
  std::size_t fence_len = 0;
  std::size_t pos = 0;
  while (pos <= markdown.size()) {
    std::size_t eol = markdown.find('\n', pos);
    if (eol == std::string_view::npos) eol = markdown.size();
    std::string line;
    for (char ch : markdown.substr(pos, eol - pos)) {
      const auto uch = static_cast<unsigned char>(ch);
      if ((uch < 0x20 && ch != '\t') || uch == 0x7f) continue;
      line.push_back(ch);
    }
    const auto [ch, len] = fence_of(line);
    if (fence_char) {
      if (ch == fence_char && len >= fence_len && line.find_first_not_of(" `~") == std::string::npos) fence_char = 0;
      out += line;
    } else if (ch) {
      fence_char = ch;
      fence_len = len;
      out += line;
    } else {
      out += neutralize_html(line);
    }
    if (eol == markdown.size()) break;
    out.push_back('\n');
    pos = eol + 1;
  }
  if (fence_char) {
    if (!out.empty() && out.back() != '\n') out.push_back('\n');
    out += std::string(fence_len, fence_char);
  }
  return out;
}

}  // namespace dbopt::engine
