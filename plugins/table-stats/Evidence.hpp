// table-stats — building sdk::Metric values (evidence of a finding) with their units, and the
// one percentage format of the plugin's titles and details.
#pragma once

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "dbopt/sdk/finding.hpp"

namespace dbopt::plugins::table_stats {

/// A numeric metric; `unit` is one of the units listed in finding.hpp (Metric).
inline sdk::Metric metric(std::string name, double value, std::string unit) {
  sdk::Metric m;
  m.name = std::move(name);
  m.value = value;
  m.unit = std::move(unit);
  return m;
}

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

/// A ratio 0..1 as "12.3 %" (one decimal).
inline std::string percent(double ratio) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", ratio * 100.0);
  return buf;
}

}  // namespace dbopt::plugins::table_stats
