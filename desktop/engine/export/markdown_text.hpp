// Escaping untrusted text for CommonMark/GFM (object names, titles and details come from
// plugins and from the server: DESIGN.md safety rules).
#pragma once

#include <string>
#include <string_view>

#include "dbopt/sdk/markdown.hpp"

namespace dbopt::engine {

// Inline text and code blocks: sdk::md::escape and sdk::md::code_block (dbopt/sdk/markdown.hpp),
// the one escaper plugins use too.

/// A finding's Markdown detail made safe to embed: raw HTML is neutralized (`<` outside code
/// spans and fenced blocks becomes "&lt;"), control characters other than LF/TAB are dropped,
/// and an unclosed fenced block is closed so it cannot swallow the rest of the report.
std::string md_detail(std::string_view markdown);

}  // namespace dbopt::engine
