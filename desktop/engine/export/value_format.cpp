#include "export/value_format.hpp"

#include <cmath>
#include <cstdio>

#include "dbopt/sdk/sql.hpp"

namespace dbopt::engine {

namespace {

std::string printf_double(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

bool is_integral(double v) { return std::isfinite(v) && std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 9e18; }

std::string count_text(double v) {
  if (is_integral(v)) return sdk::sql::format_count(static_cast<std::int64_t>(std::llround(v)));
  return printf_double("%.2f", v);
}

}  // namespace

std::string format_value(double value, const std::string& unit) {
  namespace sql = sdk::sql;
  if (!std::isfinite(value)) return "n/a";
  if (unit == "bytes") return sql::format_bytes(static_cast<std::int64_t>(std::llround(value)));
  if (unit == "ms") return sql::format_ms(value);
  if (unit == "seconds") return sql::format_ms(value * 1000.0);
  if (unit == "ratio" || unit == "percent") {
    const double pct = unit == "ratio" ? value * 100.0 : value;
    // tiny non-zero shares keep two significant digits instead of printing "0.0 %"
    if (pct != 0 && std::fabs(pct) < 0.05) return printf_double("%.2g %%", pct);
    return printf_double("%.1f %%", pct);
  }
  if (unit == "count" || unit.empty()) return count_text(value);
  if (unit == "rows" || unit == "pages" || unit == "transactions") return count_text(value) + " " + unit;
  return printf_double("%g", value) + " " + unit;
}

std::string format_evidence(const sdk::Metric& metric) {
  if (metric.value && metric.text) return format_value(*metric.value, metric.unit) + " (" + *metric.text + ")";
  if (metric.value) return format_value(*metric.value, metric.unit);
  if (metric.text) return *metric.text;
  return "n/a";
}

std::string format_metric_value(const std::optional<double>& value, const std::string& unit) {
  return value ? format_value(*value, unit) : std::string("n/a");
}

std::string format_target(const std::optional<MetricTarget>& target, const std::string& unit) {
  if (!target) return "";
  std::string op = target->op;
  if (op == ">=") op = "≥";
  if (op == "<=") op = "≤";
  return op + " " + format_value(target->value, unit);
}

std::vector<std::pair<std::string, std::string>> impact_facts(const sdk::Impact& impact) {
  std::vector<std::pair<std::string, std::string>> out;
  if (impact.speedup) out.emplace_back("estimated speedup", sdk::sql::format_speedup(*impact.speedup));
  if (impact.time_share) out.emplace_back("share of statement time", format_value(*impact.time_share, "ratio"));
  if (!impact.affected_queryids.empty()) {
    std::string ids;
    for (std::size_t i = 0; i < impact.affected_queryids.size(); ++i)
      ids += (i ? ", " : "") + std::to_string(impact.affected_queryids[i]);
    out.emplace_back("affected statements (queryid)", ids);
  }
  if (impact.storage_delta_bytes)  // signed both ways: "+5.8 MB" grows, "-7.7 MB" frees
    out.emplace_back("storage change", (*impact.storage_delta_bytes > 0 ? "+" : "") +
                                           sdk::sql::format_bytes(*impact.storage_delta_bytes));
  if (impact.write_overhead) out.emplace_back("write overhead", *impact.write_overhead);
  return out;
}

}  // namespace dbopt::engine
