// hybrid-schema-engineer — number formatting for finding text (percentages, ratios, averages).
// Sizes, counts and durations use sdk::sql::format_bytes / format_count / format_ms.
#pragma once

#include <cstdio>
#include <string>

#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

using sdk::sql::format_percent;

/// A number with one decimal: 14.25 → "14.3".
inline std::string format_decimal(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", value);
  return buf;
}

}  // namespace dbopt::plugins::hybrid_schema_engineer
