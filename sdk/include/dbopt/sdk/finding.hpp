// dbopt SDK — the finding model: what a check reports. A finding is a value (squawk's
// "violation is a value"): it carries its evidence, its estimated impact, its risk, and the
// fix as SQL with the exact inverse as rollback. Priority (P1/P2/P3) is NOT part of it: the
// report builder assigns priority in one place (DESIGN.md; seed 001_…, Index Advisor).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dbopt::sdk {

/// How bad the problem is regardless of speedup. `Critical` is reserved for data-loss or
/// outage risk (transaction-ID wraparound, sequence exhaustion) and always makes a P1.
enum class Severity { Info, Low, Medium, High, Critical };

/// How the numbers were obtained: `Measured` on a live server (EXPLAIN ANALYZE, probe),
/// `Modeled` from statistics (pg_stats, pg_class, pg_stat_*), `Heuristic` from rules of thumb.
enum class Confidence { Measured, Modeled, Heuristic };

enum class RiskLevel { Low, Medium, High };

/// Script categories of the report's "implementation scripts" (seed 000_…, DELIVER).
enum class ScriptCategory { Indexes, Vacuum, Config, Schema, Application };

/// The object a finding is about. `kind` is one of: "table", "index", "column", "constraint",
/// "statement", "setting", "database", "extension", "sequence".
struct ObjectRef {
  std::string kind;
  std::string schema;                     ///< empty for database-wide objects and settings
  std::string name;                       ///< relation, setting or database name
  std::optional<std::string> column;      ///< column name for kind "column"
  std::optional<std::int64_t> queryid;    ///< pg_stat_statements.queryid for kind "statement"
  friend bool operator==(const ObjectRef&, const ObjectRef&) = default;
};

/// One named measurement backing a finding. Numeric metrics have `value` and `unit`
/// ("bytes", "ms", "pages", "rows", "count", "ratio" (0..1), "percent", "seconds",
/// "transactions"); textual evidence (an index definition, a timestamp) uses `text`.
struct Metric {
  std::string name;                       ///< e.g. "idx_scan", "size_bytes", "indexdef"
  std::optional<double> value;
  std::string unit;
  std::optional<std::string> text;
  friend bool operator==(const Metric&, const Metric&) = default;
};

/// A numeric metric; `unit` is one of the units listed above (Metric::unit).
inline Metric metric(std::string name, double value, std::string unit) {
  Metric m;
  m.name = std::move(name);
  m.value = value;
  m.unit = std::move(unit);
  return m;
}

/// A textual metric (an index definition, a predicate, a setting's value).
inline Metric text_metric(std::string name, std::string text) {
  Metric m;
  m.name = std::move(name);
  m.text = std::move(text);
  return m;
}

/// Estimated effect of applying the fix.
struct Impact {
  std::optional<double> speedup;          ///< estimated speedup of the affected statements, × (e.g. 12.0)
  std::vector<std::int64_t> affected_queryids;  ///< pg_stat_statements.queryid of statements that benefit
  std::optional<double> time_share;       ///< their share of total statement time, 0..1
  std::optional<std::int64_t> storage_delta_bytes;  ///< storage change, bytes (negative = reclaimed)
  std::optional<std::string> write_overhead;        ///< e.g. "+1 index maintained on 12 400 inserts/updates"
  std::string summary;                    ///< one human line: "DROP saves 256 MB and one index write per row"
  friend bool operator==(const Impact&, const Impact&) = default;
};

struct Risk {
  RiskLevel level = RiskLevel::Low;
  std::string why;                        ///< locks taken, rewrite, restart, …
  friend bool operator==(const Risk&, const Risk&) = default;
};

/// The fix: apply and its exact inverse. Each is complete SQL (statements end with ';').
/// Statements that cannot run in a transaction block (CREATE/DROP INDEX CONCURRENTLY,
/// ALTER SYSTEM) are allowed; the exporters never wrap scripts in BEGIN/COMMIT.
struct Script {
  ScriptCategory category = ScriptCategory::Indexes;
  std::string apply;
  std::string rollback;
  bool requires_restart = false;          ///< a pg_settings.context = 'postmaster' setting is changed
  friend bool operator==(const Script&, const Script&) = default;
};

/// A problem found by a check.
struct Finding {
  std::string check_id;                   ///< "<plugin-id>/<check-name>", kebab-case, never reused
  std::string story;                      ///< seed story ID ("DB-OPT-04") or "" when none applies
  std::string title;                      ///< one line, plain text
  std::string detail;                     ///< why, in Markdown (no raw HTML)
  ObjectRef object;
  std::vector<Metric> evidence;
  Impact impact;
  Severity severity = Severity::Medium;
  Confidence confidence = Confidence::Modeled;
  Risk risk;
  std::optional<Script> script;
  /// Id of the Exhibit this finding belongs to (e.g. the decoded plan it was found in); the
  /// report lists the finding under that exhibit as well as among the prioritized actions.
  std::optional<std::string> exhibit;
  friend bool operator==(const Finding&, const Finding&) = default;
};

/// A headline figure a plugin contributes to the report's executive summary, with the figures
/// it was decided from (e.g. query-profiler's workload class, seed 001_…, workload pattern
/// analysis). Not a problem: it has no priority and no script.
struct SummaryFact {
  std::string key;                        ///< "<plugin-id>/<name>", kebab-case, unique in a run
  std::string label;                      ///< plain text, e.g. "Workload class"
  std::string value;                      ///< plain text, e.g. "OLTP"
  std::string detail;                     ///< one line of Markdown: how the value was decided
  std::vector<Metric> evidence;           ///< the figures it was decided from, with units
  friend bool operator==(const SummaryFact&, const SummaryFact&) = default;
};

/// A preformatted exhibit a plugin adds to the report as a section of its own (e.g. a decoded
/// EXPLAIN plan tree with the problem nodes marked). Findings whose `exhibit` equals `id` are
/// listed under it.
struct Exhibit {
  std::string id;                         ///< "<plugin-id>/<name>", unique in a run
  std::string title;                      ///< plain text
  std::string detail;                     ///< Markdown shown above the text; may be empty
  std::string text;                       ///< preformatted plain text (monospace), shown verbatim
  friend bool operator==(const Exhibit&, const Exhibit&) = default;
};

inline const char* to_string(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Low: return "low";
    case Severity::Medium: return "medium";
    case Severity::High: return "high";
    case Severity::Critical: return "critical";
  }
  return "?";
}
inline const char* to_string(Confidence c) {
  switch (c) {
    case Confidence::Measured: return "measured";
    case Confidence::Modeled: return "modeled";
    case Confidence::Heuristic: return "heuristic";
  }
  return "?";
}
inline const char* to_string(RiskLevel r) {
  switch (r) {
    case RiskLevel::Low: return "low";
    case RiskLevel::Medium: return "medium";
    case RiskLevel::High: return "high";
  }
  return "?";
}
inline const char* to_string(ScriptCategory c) {
  switch (c) {
    case ScriptCategory::Indexes: return "indexes";
    case ScriptCategory::Vacuum: return "vacuum";
    case ScriptCategory::Config: return "config";
    case ScriptCategory::Schema: return "schema";
    case ScriptCategory::Application: return "application";
  }
  return "?";
}

}  // namespace dbopt::sdk
