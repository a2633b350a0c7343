// Escaping untrusted text for CommonMark/GFM (object names, titles and details come from
// plugins and from the server: DESIGN.md safety rules).
#pragma once

#include <string>
#include <string_view>

namespace dbopt::engine {

/// Inline text safe in a paragraph, heading or GFM table cell: backslash-escapes
/// \ ` * _ [ ] < > | ~ & (CommonMark "backslash escapes": any ASCII punctuation may be escaped);
/// CR, LF and other control characters become a space, so a value never leaves its cell or line.
std::string md_inline(std::string_view text);

/// A fenced code block ("```sql\n…\n```") whose fence is one backtick longer than the longest
/// backtick run in `code` (at least three), so no content can close it early.
std::string md_code_block(std::string_view code, std::string_view info = "sql");

/// A finding's Markdown detail made safe to embed: raw HTML is neutralized (`<` outside code
/// spans and fenced blocks becomes "&lt;"), control characters other than LF/TAB are dropped,
/// and an unclosed fenced block is closed so it cannot swallow the rest of the report.
std::string md_detail(std::string_view markdown);

}  // namespace dbopt::engine
