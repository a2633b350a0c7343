#include "AutovacuumThrottleCheck.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "Evidence.hpp"
#include "GucValue.hpp"
#include "SettingChange.hpp"
#include "TunerFacts.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::config_tuner {

namespace {
constexpr double kMaxCostLimit = 10000;  // autovacuum_vacuum_cost_limit maximum (runtime-config-autovacuum.html)

}  // namespace

std::vector<sdk::OptionSpec> AutovacuumThrottleCheck::options() {
  return {{"autovacuum-max-pass-minutes", sdk::OptionType::Double, "60",
           "a worst-case autovacuum pass over the largest table longer than this (minutes) fires "
           "autovacuum-throttle (dbopt choice)",
           1.0, 100000.0}};
}

void AutovacuumThrottleCheck::run(const TunerInput& in, sdk::FindingSink& sink) const {
  if (covered_by_earlier(in, "autovacuum_vacuum_cost_limit")) return;
  const auto av_limit = setting_number(in.catalog, "autovacuum_vacuum_cost_limit");
  const auto av_delay = setting_number(in.catalog, "autovacuum_vacuum_cost_delay");
  const auto limit_default = setting_number(in.catalog, "vacuum_cost_limit");
  const auto delay_default = setting_number(in.catalog, "vacuum_cost_delay");
  const double miss = setting_number(in.catalog, "vacuum_cost_page_miss").value_or(2);
  const double dirty = setting_number(in.catalog, "vacuum_cost_page_dirty").value_or(20);
  if (!av_limit || !av_delay) return;
  const bool inherits_limit = *av_limit < 0;
  const double limit = inherits_limit ? limit_default.value_or(200) : *av_limit;
  const double delay_ms = *av_delay < 0 ? delay_default.value_or(0) : *av_delay;
  if (delay_ms <= 0 || limit <= 0) return;  // not throttled

  const sdk::Table* largest = nullptr;
  for (const auto& t : in.catalog.tables())
    if ((t.relkind == 'r' || t.relkind == 'm') && (!largest || t.relpages > largest->relpages)) largest = &t;
  if (!largest || largest->relpages <= 0) return;

  const double budget = limit / delay_ms * 1000.0;  // cost units per second, shared by all workers
  const double pass_s = static_cast<double>(largest->relpages) * (miss + dirty) / budget;
  const double max_s = in.options.number("autovacuum-max-pass-minutes") * 60.0;
  if (pass_s <= max_s) return;
  const double target = std::min(kMaxCostLimit, std::ceil(limit * pass_s / max_s / 100.0) * 100.0);
  if (target <= limit) return;

  const std::string table = sdk::sql::qualified_name(largest->schemaname, largest->relname);
  const std::int64_t block = in.catalog.block_size();
  SettingChange c;
  c.check_id = kId;
  c.name = "autovacuum_vacuum_cost_limit";
  c.recommended = format_number(target);
  c.title = "Autovacuum throttle: a pass over " + table + " can take " + sdk::sql::format_ms(pass_s * 1000) +
            "; raise autovacuum_vacuum_cost_limit to " + c.recommended;
  std::string r = "Autovacuum may spend " + sdk::md::escape(format_number(limit)) + " cost units" +
                  (inherits_limit ? " (autovacuum\\_vacuum\\_cost\\_limit = -1 inherits vacuum\\_cost\\_limit)" : "") +
                  " per " + sdk::md::escape(format_duration(delay_ms)) + " sleep (autovacuum\\_vacuum\\_cost\\_delay), " +
                  sdk::md::escape(format_number(budget)) +
                  " units per second shared by all its workers. A page read from disk costs " + format_number(miss) +
                  " (vacuum\\_cost\\_page\\_miss) and a page dirtied " + format_number(dirty) +
                  " (vacuum\\_cost\\_page\\_dirty): at worst autovacuum dirties " +
                  sdk::md::escape(sdk::sql::format_bytes(static_cast<std::int64_t>(budget / dirty * block))) +
                  "/s. The largest table, " + sdk::md::escape(table) + ", has " +
                  sdk::md::escape(sdk::sql::format_count(largest->relpages)) + " pages (" +
                  sdk::md::escape(sdk::sql::format_bytes(largest->relpages * block)) +
                  "): a pass that reads and dirties them all takes " + sdk::md::escape(sdk::sql::format_ms(pass_s * 1000)) +
                  ", longer than " + sdk::md::escape(sdk::sql::format_ms(max_s * 1000)) +
                  ", during which dead rows keep accumulating (postgres-checkup F001/F008). autovacuum\\_vacuum\\_cost\\_limit = " +
                  sdk::md::escape(c.recommended) + " brings the pass to about " +
                  sdk::md::escape(sdk::sql::format_ms(pass_s * limit / target * 1000)) +
                  "; check that the storage absorbs the extra write rate.";
  c.reason = r;
  c.evidence = {metric("cost_limit", limit, "count"), metric("cost_delay_ms", delay_ms, "ms"),
                metric("largest_table_pages", static_cast<double>(largest->relpages), "pages"),
                metric("worst_case_pass_seconds", pass_s, "seconds"), text_metric("largest_table", table)};
  c.severity = sdk::Severity::Medium;
  c.confidence = sdk::Confidence::Modeled;
  c.impact_summary = "autovacuum keeps up with the largest table; more background I/O, no speedup measured";
  sink.add(make_setting_finding(in.catalog, c));
}

}  // namespace dbopt::plugins::config_tuner
