#include "XidWraparoundCheck.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "Evidence.hpp"
#include "TableFacts.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::table_stats {

namespace sql = sdk::sql;

namespace {
constexpr const char* kDocs = "https://www.postgresql.org/docs/current/routine-vacuuming.html#VACUUM-FOR-WRAPAROUND";

/// One age (XID or multixact) judged against its freeze setting and the capacity.
struct AgeVerdict {
  const char* what = "";          // "transaction ID" / "multixact ID"
  const char* age_name = "";      // evidence metric name
  const char* setting_name = "";  // autovacuum_(multixact_)freeze_max_age
  const char* unit = "";          // "transactions" / "count"
  double age = 0;
  double freeze_max = 0;
  sdk::Severity severity = sdk::Severity::Info;
  bool fires() const { return severity != sdk::Severity::Info; }
};

AgeVerdict judge(const char* what, const char* age_name, const char* setting_name, const char* unit,
                 std::optional<std::int64_t> age, double freeze_max, double critical_ratio) {
  AgeVerdict v{what, age_name, setting_name, unit, age ? static_cast<double>(*age) : 0, freeze_max};
  if (!age || *age < 0) return v;
  if (v.age > critical_ratio * kXidCapacity)
    v.severity = sdk::Severity::Critical;
  else if (v.age > freeze_max)
    v.severity = sdk::Severity::High;
  return v;
}

std::string count(double v) { return sql::format_count(static_cast<std::int64_t>(v)); }

/// Markdown paragraph and evidence for one verdict.
void describe(const AgeVerdict& v, const std::string& object, double critical_ratio, sdk::Finding& f) {
  f.evidence.push_back(metric(v.age_name, v.age, v.unit));
  f.evidence.push_back(metric(std::string(v.age_name) + "_capacity_ratio", v.age / kXidCapacity, "ratio"));
  f.evidence.push_back(metric(v.setting_name, v.freeze_max, v.unit));
  if (!v.fires()) return;  // evidence only: the detail speaks of the IDs at risk
  const double remaining = kXidCapacity - kXidStopMargin - v.age;
  f.detail += "- " + sdk::md::escape(object) + ": " + v.what + " age **" + sdk::md::escape(count(v.age)) + "**, " +
              sdk::md::escape(format_percent(v.age / kXidCapacity)) + " of the 2^31 (" + sdk::md::escape(count(kXidCapacity)) +
              ") limit; " + sdk::md::escape(v.setting_name) + " = " + sdk::md::escape(count(v.freeze_max)) +
              "; about " + sdk::md::escape(count(std::max(0.0, remaining))) +
              " left before PostgreSQL stops assigning them.";
  if (v.severity == sdk::Severity::Critical)
    f.detail += " Past " + sdk::md::escape(format_percent(critical_ratio)) + " of capacity: critical.";
  else if (v.severity == sdk::Severity::High)
    f.detail += " Past " + sdk::md::escape(v.setting_name) +
                ": an anti-wraparound autovacuum should already be freezing it; if the age keeps growing, something "
                "blocks it.";
  f.detail += "\n";
}

const char* kBlockers =
    "-- what holds back the freeze horizon (run as a superuser)\n"
    "SELECT pid, datname, state, xact_start, age(backend_xmin) AS xmin_age\n"
    "  FROM pg_stat_activity WHERE backend_xmin IS NOT NULL ORDER BY age(backend_xmin) DESC LIMIT 5;\n"
    "SELECT gid, prepared, age(transaction) AS xid_age FROM pg_prepared_xacts ORDER BY 3 DESC;\n"
    "SELECT slot_name, active, age(xmin) AS xmin_age, age(catalog_xmin) AS catalog_xmin_age FROM "
    "pg_replication_slots;\n"
    "SELECT pid, relid::regclass, phase, heap_blks_scanned, heap_blks_total FROM pg_stat_progress_vacuum;";

void common_text(const sdk::Catalog& catalog, sdk::Finding& f) {
  f.detail += "\nAt the limit PostgreSQL refuses to assign new transaction IDs (PostgreSQL 14+: warnings from " +
              sdk::md::escape(count(kXidWarnMargin)) + ", stop at " + sdk::md::escape(count(kXidStopMargin)) +
              " before it) and the database accepts no writes until a VACUUM has frozen the oldest rows; see " +
              std::string(kDocs) + ".\n\n";
  if (const auto& act = catalog.snapshot().activity; act && act->longest_transaction_seconds)
    f.detail += "At capture the longest open transaction had run " +
                sdk::md::escape(sql::format_ms(*act->longest_transaction_seconds * 1000.0)) +
                " (pg\\_stat\\_activity); long transactions, prepared transactions and replication slots hold back "
                "the horizon VACUUM may freeze to:\n\n";
  else
    f.detail +=
        "Long transactions, prepared transactions and replication slots hold back the horizon VACUUM may "
        "freeze to:\n\n";
  f.detail += sdk::md::code_block(kBlockers);
}

sdk::Risk freeze_risk() {
  return {sdk::RiskLevel::Medium,
          "VACUUM (FREEZE) takes SHARE UPDATE EXCLUSIVE (reads and writes go on) but reads and rewrites every page "
          "not yet all-frozen: heavy I/O and WAL on a large table; it waits if an autovacuum already holds the lock "
          "(then let that anti-wraparound autovacuum finish instead)"};
}
}  // namespace

sdk::CheckInfo XidWraparoundCheck::info() { return {kId, "Transaction-ID / multixact wraparound risk", ""}; }

std::vector<sdk::OptionSpec> XidWraparoundCheck::options() {
  return {
      {"wraparound-critical-ratio", sdk::OptionType::Double, "0.50",
       "xid-wraparound: age above this fraction of 2^31 is critical (P1), 0..1; source: issue #3 (\"above 50 % of "
       "capacity is critical\"): past 1.07 billion, a blocked freeze leaves weeks, not months, on a busy server",
       0.0, 1.0},
      {"wraparound-max-tables", sdk::OptionType::Integer, "20",
       "xid-wraparound: most tables reported, oldest first (the rest are counted in the run log); dbopt choice", 1.0,
       std::nullopt},
  };
}

void XidWraparoundCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  const double critical_ratio = options.number("wraparound-critical-ratio");
  const auto max_tables = static_cast<std::size_t>(options.integer("wraparound-max-tables"));
  const double server_freeze = setting_number(catalog, "autovacuum_freeze_max_age", 200'000'000);
  const double server_mxid_freeze = setting_number(catalog, "autovacuum_multixact_freeze_max_age", 400'000'000);

  // Tables first: the database finding needs to know whether they explain its age.
  struct Hit {
    const sdk::Table* table;
    AgeVerdict xid, mxid;
    double worst_ratio;
  };
  std::vector<Hit> hits;
  for (const sdk::Table& t : catalog.tables()) {
    if (t.relkind == 'p') continue;
    Hit h{&t,
          judge("transaction ID", "relfrozenxid_age", "autovacuum_freeze_max_age", "transactions", t.relfrozenxid_age,
                freeze_max_age(catalog, t), critical_ratio),
          judge("multixact ID", "relminmxid_age", "autovacuum_multixact_freeze_max_age", "count", t.relminmxid_age,
                multixact_freeze_max_age(catalog, t), critical_ratio),
          0};
    if (!h.xid.fires() && !h.mxid.fires()) continue;
    h.worst_ratio = std::max(h.xid.age, h.mxid.age) / kXidCapacity;
    hits.push_back(h);
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.worst_ratio != b.worst_ratio) return a.worst_ratio > b.worst_ratio;
    return a.table->oid < b.table->oid;
  });

  const sdk::ServerInfo& server = catalog.snapshot().server;
  const AgeVerdict db_xid = judge("transaction ID", "datfrozenxid_age", "autovacuum_freeze_max_age", "transactions",
                                  server.datfrozenxid_age, server_freeze, critical_ratio);
  const AgeVerdict db_mxid = judge("multixact ID", "datminmxid_age", "autovacuum_multixact_freeze_max_age", "count",
                                   server.datminmxid_age, server_mxid_freeze, critical_ratio);
  if (db_xid.fires() || db_mxid.fires()) {
    sdk::Finding f;
    f.check_id = kId;
    f.object = {"database", "", server.database, std::nullopt, std::nullopt};
    const double worst = std::max(db_xid.age, db_mxid.age) / kXidCapacity;
    f.title = "Database " + server.database + " is at " + format_percent(worst) + " of its wraparound limit";
    f.detail = "Age of the oldest unfrozen IDs of the database (pg\\_database.datfrozenxid / datminmxid):\n\n";
    if (server.datfrozenxid_age) describe(db_xid, server.database, critical_ratio, f);
    if (server.datminmxid_age) describe(db_mxid, server.database, critical_ratio, f);
    f.severity = std::max(db_xid.severity, db_mxid.severity);
    common_text(catalog, f);
    f.detail += "\n\n";
    if (hits.empty()) {
      f.detail +=
          "No captured table is past the thresholds, so the oldest relations are ones dbopt does not "
          "capture (system catalogs, TOAST tables) or the horizon is held back: the script freezes the whole "
          "database (or run `vacuumdb --freeze --jobs=N`).";
      f.script = vacuum_script_database();
    } else {
      f.detail += "Oldest captured tables (each reported by its own finding with a VACUUM (FREEZE) script):\n\n";
      for (std::size_t i = 0; i < hits.size() && i < 5; ++i)
        f.detail += "- " + sdk::md::escape(sql::qualified_name(hits[i].table->schemaname, hits[i].table->relname)) +
                    ": " + sdk::md::escape(format_percent(hits[i].worst_ratio)) + " of capacity\n";
    }
    f.impact.summary = "Freezing the oldest tables moves the database away from a forced write stop";
    f.confidence = sdk::Confidence::Measured;
    f.risk = freeze_risk();
    sink.add(f);
  }

  for (std::size_t i = 0; i < hits.size() && i < max_tables; ++i) {
    const Hit& h = hits[i];
    const sdk::Table& t = *h.table;
    const std::string name = sql::qualified_name(t.schemaname, t.relname);
    sdk::Finding f;
    f.check_id = kId;
    f.object = table_ref(t);
    f.title = "Table " + name + " is at " + format_percent(h.worst_ratio) + " of its wraparound limit";
    f.detail =
        "Age of the oldest unfrozen IDs in " + sdk::md::escape(name) + " (pg\\_class.relfrozenxid / relminmxid):\n\n";
    if (t.relfrozenxid_age) describe(h.xid, name, critical_ratio, f);
    if (t.relminmxid_age) describe(h.mxid, name, critical_ratio, f);
    f.severity = std::max(h.xid.severity, h.mxid.severity);
    common_text(catalog, f);
    f.detail +=
        "\n\nThe script freezes this table now (VACUUM (FREEZE, VERBOSE)); on a large table run it "
        "outside peak hours and watch pg\\_stat\\_progress\\_vacuum.";
    f.evidence.push_back(metric("heap_bytes", static_cast<double>(t.heap_bytes), "bytes"));
    f.impact.summary = "VACUUM (FREEZE) resets the table's relfrozenxid/relminmxid age to near zero";
    f.confidence = sdk::Confidence::Measured;
    f.risk = freeze_risk();
    f.script = vacuum_script(t, "FREEZE, VERBOSE");
    sink.add(f);
  }
  if (hits.size() > max_tables)
    sink.log("xid-wraparound: " + std::to_string(hits.size() - max_tables) +
             " more table(s) past the thresholds not reported (wraparound-max-tables)");
}

}  // namespace dbopt::plugins::table_stats
