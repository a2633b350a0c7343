// dbopt SDK — Markdown for finding details. Names read from a snapshot are untrusted (DESIGN.md,
// safety rules): a table called `a*b|<script>` must show as written and must not break the
// report's Markdown. The one place for this escaping: plugins and exporters use it.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace dbopt::sdk::md {

/// `text` as literal inline Markdown (a paragraph, a heading or a GFM table cell): backslash-escapes
/// \ ` * _ [ ] < > | ~ & (CommonMark 0.30 "Backslash escapes": any ASCII punctuation may be escaped
/// and renders as itself); CR, LF and other control characters become a space, so a value never
/// leaves its line or cell. Example: `a_b|c` → `a\_b\|c`.
inline std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char ch : text) {
    const auto uch = static_cast<unsigned char>(ch);
    if (uch < 0x20 || uch == 0x7f) {
      out.push_back(' ');
      continue;
    }
    switch (ch) {
      case '\\': case '`': case '*': case '_': case '[': case ']':
      case '<': case '>': case '|': case '~': case '&':
        out.push_back('\\');
        break;
      default:
        break;
    }
    out.push_back(ch);
  }
  return out;
}

/// A fenced code block ("```sql\n…\n```", no trailing newline) whose fence is one backtick longer
/// than the longest backtick run in `code` (at least three), so no content can close it early.
inline std::string code_block(std::string_view code, std::string_view info = "sql") {
  std::size_t longest = 0, run = 0;
  for (char c : code) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  std::string out = fence + std::string(info) + "\n";
  out.append(code);
  if (!code.empty() && code.back() != '\n') out.push_back('\n');
  out += fence;
  return out;
}

}  // namespace dbopt::sdk::md
