// index-analyzer — Markdown escaping for finding details. Names read from a snapshot are
// untrusted (DESIGN.md, safety rules): they may contain `*`, `_`, `<`, backticks, newlines.
#pragma once

#include <string>
#include <string_view>

namespace dbopt::plugins::index_analyzer {

/// `text` as literal Markdown inline text: every ASCII punctuation character with a Markdown or
/// HTML meaning (\ ` * _ { } [ ] ( ) < > # + - . ! | ~ & " ' $) is backslash-escaped (CommonMark
/// 0.30, "Backslash escapes": valid for any ASCII punctuation, renders as the character itself)
/// and line breaks become spaces. Example: a_b* → a\_b\*; "60,000" stays as is.
std::string md_escape(std::string_view text);

/// `text` as a fenced code block with info string `lang`: the fence is one backtick longer
/// than the longest backtick run in `text` (at least 3), so no content can close it early.
std::string md_code_block(std::string_view text, std::string_view lang = "sql");

}  // namespace dbopt::plugins::index_analyzer
