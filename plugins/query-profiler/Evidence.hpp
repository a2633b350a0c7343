// query-profiler — building sdk::Metric values (evidence of a finding) with their units, and the
// one percentage format of this plugin's texts.
#pragma once

#include <cstdio>
#include <string>
#include <utility>

#include "dbopt/sdk/finding.hpp"

namespace dbopt::plugins::query_profiler {

/// A numeric metric; `unit` is one of the units listed in finding.hpp (Metric).
inline sdk::Metric metric(std::string name, double value, std::string unit) {
  sdk::Metric m;
  m.name = std::move(name);
  m.value = value;
  m.unit = std::move(unit);
  return m;
}

/// A textual metric (a setting value, a classification).
inline sdk::Metric text_metric(std::string name, std::string text) {
  sdk::Metric m;
  m.name = std::move(name);
  m.text = std::move(text);
  return m;
}

/// A ratio 0..1 as a percentage with one decimal: 0.3821 → "38.2 %"; 0.99996 → "99.99 %"
/// (two decimals above 99 %, where the hit ratios of DB-OPT-08 are decided).
inline std::string format_percent(double ratio) {
  char buf[32];
  const double p = ratio * 100.0;
  if (p >= 99.0 && p < 100.0)
    std::snprintf(buf, sizeof buf, "%.2f %%", p);
  else
    std::snprintf(buf, sizeof buf, "%.1f %%", p);
  return buf;
}

}  // namespace dbopt::plugins::query_profiler
