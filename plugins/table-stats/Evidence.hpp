// table-stats — the evidence of a finding (sdk::metric, a text metric with "never") and the
// Markdown code spans of its details.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "dbopt/sdk/finding.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::table_stats {

using sdk::metric;

/// A textual metric (a timestamp, a type name); `text` "never" when the value is absent.
inline sdk::Metric text_metric(std::string name, std::optional<std::string> text) {
  sdk::Metric m;
  m.name = std::move(name);
  m.text = text ? std::move(*text) : std::string("never");
  return m;
}

/// `text` as a Markdown inline code span (CommonMark 0.30, "Code spans"): control characters
/// become spaces, the fence is one backtick longer than the longest backtick run inside, and one
/// space pads each side (stripped by the renderer). Code spans take no backslash escapes, so
/// untrusted names inside must NOT be md::escape'd.
inline std::string code_span(std::string_view text) {
  std::size_t longest = 0, run = 0;
  std::string body;
  for (char ch : text) {
    const auto uch = static_cast<unsigned char>(ch);
    run = ch == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
    body.push_back(uch < 0x20 || uch == 0x7f ? ' ' : ch);
  }
  const std::string fence(longest + 1, '`');
  return fence + " " + body + " " + fence;
}

using sdk::sql::format_percent;

}  // namespace dbopt::plugins::table_stats
