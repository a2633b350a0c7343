// query-profiler — the evidence of a finding (sdk::metric / sdk::text_metric) and the one
// percentage format of this plugin's texts.
#pragma once

#include <string>

#include "dbopt/sdk/finding.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::query_profiler {

using sdk::metric;
using sdk::text_metric;

/// A ratio 0..1 as a percentage with one decimal: 0.3821 → "38.2 %"; 0.99996 → "99.99 %"
/// (two decimals above 99 %, where the hit ratios of DB-OPT-08 are decided).
inline std::string format_percent(double ratio) {
  const double p = ratio * 100.0;
  return sdk::sql::format_percent(ratio, p >= 99.0 && p < 100.0 ? 2 : 1);
}

}  // namespace dbopt::plugins::query_profiler
