// The DELIVER report (seed 000_…, "Phase 4: DELIVER Output"; DESIGN.md "Report"): findings merged
// into prioritized actions, executive summary, metrics, implementation scripts, run log and
// provenance. Built once by build_report(); the exporters (export/) only format it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/finding.hpp"
#include "report/priority.hpp"
#include "runner/run_result.hpp"

namespace dbopt::engine {

/// One finding merged into a report item (an item lists all the findings it stands for).
struct ReportSource {
  std::string plugin_id;
  std::string check_id;   ///< "<plugin-id>/<check-name>"
  std::string object;     ///< object_display_name(finding.object): SQL-quoted, e.g. public."Orders"
  std::string title;
  std::optional<std::string> exhibit;  ///< Finding::exhibit of that finding
  friend bool operator==(const ReportSource&, const ReportSource&) = default;
};

/// One action of the report: one or more findings that recommend the same thing.
struct ReportItem {
  std::string id;                 ///< "F-001", "F-002", … in report order (stable for a given input)
  Priority priority = Priority::Info;  ///< most urgent assign_priority() of the merged findings
  sdk::Severity severity = sdk::Severity::Info;  ///< highest severity of the merged findings
  std::string plugin_id;          ///< plugin of `finding`
  sdk::Finding finding;           ///< the merged finding with the most urgent assign_priority (so its
                                  ///< impact justifies `priority`); among those, the richest evidence
  std::string object;             ///< object_display_name(finding.object)
  std::vector<ReportSource> sources;  ///< every merged finding, in run order (the kept one included)
};

/// Counts by severity of the items (ReportItem::severity).
struct SeverityCounts {
  std::size_t critical = 0, high = 0, medium = 0, low = 0, info = 0;
};
/// Counts by priority of the items.
struct PriorityCounts {
  std::size_t p1 = 0, p2 = 0, p3 = 0, info = 0;
};

/// Executive summary (seed 000_…, DELIVER "executive_summary").
struct ExecutiveSummary {
  std::size_t issues_found = 0;       ///< number of items (after merging duplicates)
  SeverityCounts by_severity;
  PriorityCounts by_priority;
  /// Plain text built only from the findings' own numbers (storage: the P1–P3 actions, see
  /// reclaimable_bytes / added_bytes), e.g. "reclaims an estimated 1.2 GB;
  /// 3 statements (42 % of statement time) estimated up to 12× faster", or
  /// "no measurable improvement estimated".
  std::string estimated_improvement;
  /// Headline figures the plugins reported (sdk::SummaryFact, e.g. the workload class), in run
  /// order (phase, plugin id, emission order).
  std::vector<sdk::SummaryFact> facts;
};

/// A report section a plugin contributed (sdk::Exhibit, e.g. a decoded plan tree), with the
/// items whose finding refers to it (Finding::exhibit).
struct ReportExhibit {
  std::string plugin_id;
  sdk::Exhibit exhibit;
  std::vector<std::string> item_ids;  ///< ReportItem::id of the items with a source found in it, in report order
};

/// A success threshold: `op` is one of ">=", ">", "<=", "<".
struct MetricTarget {
  std::string op;
  double value = 0;
};

/// One report metric (seed 000_…, DELIVER "metrics": current / projected).
struct ReportMetric {
  std::string key;                    ///< "cache_hit_ratio", "index_scan_share", …
  std::string label;                  ///< human label
  std::optional<double> current;      ///< nullopt when the snapshot lacks the data (see `note`)
  std::optional<double> projected;    ///< an estimate computed from the findings; nullopt when not computable
  std::string unit;                   ///< "ratio" (0..1), "bytes", "ms"
  std::optional<MetricTarget> target; ///< success threshold with its seed source in `note`
  std::string note;                   ///< how it was computed, why it is missing, target source
};

/// The implementation script of one category (seed 000_…, DELIVER "implementation_scripts").
struct CategoryScript {
  sdk::ScriptCategory category = sdk::ScriptCategory::Indexes;
  std::vector<std::string> item_ids;  ///< items contributing, in priority order; empty = no script
  std::string apply;                  ///< per item: "-- F-003 [P1] check: object — title" + apply SQL
  std::string rollback;               ///< the same items' rollback SQL in reverse order
  bool requires_restart = false;      ///< some item changes a pg_settings.context = 'postmaster' setting
};

/// Options of build_report.
struct ReportOptions {
  std::string title = "dbopt performance report";
  /// Timestamp printed as "generated at"; default: the snapshot's provenance.captured_at so the
  /// same snapshot always gives byte-identical reports.
  std::optional<std::string> generated_at;
};

/// The report. Exporters format it; they compute nothing.
struct Report {
  std::string title;
  std::string generated_at;           ///< ISO 8601 (see ReportOptions::generated_at)
  std::string dbopt_version;          ///< DBOPT_VERSION of the engine that built the report
  std::string database;               ///< current_database() at capture
  std::string server_version;         ///< SHOW server_version
  std::string server_version_full;    ///< version()
  sdk::Provenance provenance;         ///< the snapshot's provenance (never contains a password)
  ExecutiveSummary summary;
  std::vector<ReportMetric> metrics;
  std::vector<ReportItem> items;      ///< sorted: priority, speedup ↓, |storage delta| ↓, check id, object
  std::vector<CategoryScript> scripts;  ///< all five categories in sdk::ScriptCategory order
  std::vector<ReportExhibit> exhibits;  ///< in run order (phase, plugin id, emission order)
  std::vector<PluginRun> runs;        ///< run log (RunResult::runs)
  bool cancelled = false;             ///< the run was cancelled: findings are incomplete
  std::vector<sdk::ProbeOutcome> capture_issues;  ///< capture steps/probes that failed, were skipped, or succeeded with a note (data left out)
};

/// Builds the report from a run: merges duplicate findings (equal apply scripts after whitespace
/// normalization outside quotes, or — without a script — same check_id and object), assigns
/// priorities (assign_priority), sorts deterministically, numbers the items, and computes the
/// summary, metrics (report/metrics.hpp) and scripts (report/scripts.hpp). Never throws for
/// missing snapshot data: metrics that cannot be computed say why in their note.
Report build_report(const sdk::Catalog& catalog, const RunResult& run, const ReportOptions& options = {});


/// Items of one priority, in report order.
std::vector<const ReportItem*> items_with_priority(const Report& report, Priority priority);

}  // namespace dbopt::engine
