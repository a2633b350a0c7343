// Human text for report numbers, shared by the exporters (Markdown, HTML/PDF). Units follow
// sdk::Metric::unit; sizes, counts and durations go through sdk::sql::format_bytes /
// format_count / format_ms (STYLE.md rule 7: one formatter each).
#pragma once

#include <optional>
#include <string>

#include "dbopt/sdk/finding.hpp"
#include "report/report.hpp"

namespace dbopt::engine {

/// A number with its unit: "bytes" → format_bytes, "ms" → format_ms, "seconds" → format_ms of
/// the value × 1000, "ratio" (0..1) → "97.3 %", "percent" → "12.5 %" (below 0.05 %: two significant
/// digits, "0.0067 %"), "count" → format_count,
/// "rows"/"pages"/"transactions" → format_count + unit; anything else → "%g <unit>".
std::string format_value(double value, const std::string& unit);

/// Evidence as text: the formatted value, the text, or "value (text)" when both are present.
std::string format_evidence(const sdk::Metric& metric);

/// A metric value or "n/a" when absent.
std::string format_metric_value(const std::optional<double>& value, const std::string& unit);

/// A metric target as text ("≥ 95.0 %"), or "" when none.
std::string format_target(const std::optional<MetricTarget>& target, const std::string& unit);

/// The Impact fields other than `summary` as (label, text) pairs, only those present; the storage
/// change carries its sign ("+5.8 MB" added, "-7.7 MB" freed, "0 bytes").
std::vector<std::pair<std::string, std::string>> impact_facts(const sdk::Impact& impact);

}  // namespace dbopt::engine
