// hybrid-schema-engineer — number formatting for finding text (percentages, ratios, averages).
// Sizes, counts and durations use sdk::sql::format_bytes / format_count / format_ms.
#pragma once

#include <cstdio>
#include <string>

namespace dbopt::plugins::hybrid_schema_engineer {

/// A 0..1 ratio as a percentage with one decimal: 0.3456 → "34.6 %".
inline std::string format_percent(double ratio) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", ratio * 100.0);
  return buf;
}

/// A number with one decimal: 14.25 → "14.3".
inline std::string format_decimal(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", value);
  return buf;
}

}  // namespace dbopt::plugins::hybrid_schema_engineer
