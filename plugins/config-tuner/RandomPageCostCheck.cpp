#include "RandomPageCostCheck.hpp"

#include <cstdio>

#include "Evidence.hpp"
#include "GucValue.hpp"
#include "SettingChange.hpp"
#include "TunerFacts.hpp"
#include "dbopt/sdk/markdown.hpp"

namespace dbopt::plugins::config_tuner {

namespace {
constexpr double kSsdValue = 1.1;   // PostgreSQL docs (runtime-config-query.html) and PGTune: SSD / SAN
constexpr double kHddValue = 4.0;   // the default, PGTune's HDD value
constexpr double kBoundary = 2.0;   // dbopt choice: between the two, nobody sets it by accident
}  // namespace

std::vector<sdk::OptionSpec> RandomPageCostCheck::options() { return {}; }

void RandomPageCostCheck::run(const TunerInput& in, sdk::FindingSink& sink) const {
  if (covered_by_earlier(in, "random_page_cost")) return;
  const auto current = setting_number(in.catalog, "random_page_cost");
  const auto seq = setting_number(in.catalog, "seq_page_cost");
  if (!current) return;
  const std::string kind = storage(in.catalog);
  const bool fast = kind == "ssd" || kind == "network";
  if (seq && *seq != 1.0) {
    sink.log("random-page-cost: seq_page_cost is " + format_number(*seq) + ", not 1: costs were rescaled on purpose; not checked");
    return;
  }
  if (fast ? *current <= kBoundary : *current >= kBoundary) return;
  const double target = fast ? kSsdValue : kHddValue;

  SettingChange c;
  c.check_id = kId;
  c.name = "random_page_cost";
  c.recommended = format_number(target);
  c.title = "random_page_cost " + format_number(*current) + " on " + kind + " storage; recommended " + c.recommended;
  c.reason = fast ? "random\\_page\\_cost = " + sdk::md::escape(format_number(*current)) +
                        " makes the planner charge a random page read " + sdk::md::escape(format_number(*current)) +
                        "× a sequential one, the ratio of spinning disks. On " + sdk::md::escape(kind) +
                        " storage random reads cost about the same as sequential ones, so index and bitmap scans are "
                        "under-used. The PostgreSQL documentation (Planner Cost Constants) suggests 1.1 for "
                        "solid-state drives; PGTune (pgtune.leopard.in.ua) uses 1.1 for SSD and SAN storage."
                  : "random\\_page\\_cost = " + sdk::md::escape(format_number(*current)) +
                        " tells the planner random reads are almost as cheap as sequential ones, but the server's "
                        "storage is given as HDD, where a random read costs a seek: index scans over many rows are "
                        "then chosen where a sequential scan is faster. 4 is the default and PGTune's HDD value.";
  c.evidence = {text_metric("storage", kind)};
  c.severity = sdk::Severity::Medium;
  c.impact_summary = "planner cost constant: plans may change (more index scans on fast storage); no speedup measured";
  sink.add(make_setting_finding(in.catalog, c));
}

}  // namespace dbopt::plugins::config_tuner
