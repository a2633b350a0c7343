#include "PgStatStatementsUnavailableCheck.hpp"

#include <algorithm>
#include <string>

#include "Evidence.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::query_profiler {

namespace sql = sdk::sql;

namespace {

constexpr std::string_view kExtension = "pg_stat_statements";

}  // namespace

bool preloads_pg_stat_statements(std::string_view value) {
  const auto elements = sql::list_setting_elements(value);
  if (!elements) return false;
  for (std::string entry : *elements) {
    if (entry.rfind("$libdir/", 0) == 0) entry.erase(0, 8);
    if (entry.size() > 3 && entry.compare(entry.size() - 3, 3, ".so") == 0) entry.resize(entry.size() - 3);
    if (entry == kExtension) return true;
  }
  return false;
}

sdk::CheckInfo PgStatStatementsUnavailableCheck::info() { return {kId, "pg_stat_statements unavailable", ""}; }

std::vector<sdk::OptionSpec> PgStatStatementsUnavailableCheck::options() { return {}; }

void PgStatStatementsUnavailableCheck::run(const sdk::Catalog& catalog, const sdk::Options& /*options*/,
                                           sdk::FindingSink& sink) const {
  if (catalog.has_statements()) return;
  const sdk::Snapshot& snap = catalog.snapshot();
  const sdk::Setting* preload = catalog.setting("shared_preload_libraries");
  const bool installed = std::any_of(snap.extensions.begin(), snap.extensions.end(),
                                     [](const sdk::Extension& e) { return e.extname == kExtension; });
  const sdk::ProbeOutcome* step = nullptr;
  for (const sdk::ProbeOutcome& p : snap.provenance.probes)
    if (p.name == kExtension) step = &p;
  const std::optional<bool> preloaded =
      preload ? std::optional<bool>(preloads_pg_stat_statements(preload->setting)) : std::nullopt;

  sdk::Finding f;
  f.check_id = kId;
  f.title = "pg_stat_statements is not available: no statement-level analysis";
  std::string d;
  d += "The snapshot has no pg\\_stat\\_statements rows";
  if (step) {
    d += " (capture step \"pg\\_stat\\_statements\": " + sdk::md::escape(step->status);
    if (step->error) d += " — " + sdk::md::escape(*step->error);
    d += ")";
  }
  d += ". Lost with it: the top statements by time, calls, rows, blocks read, temp files and WAL; "
       "high-traffic statements (the P1 rule's time share); per-statement buffer hit ratios (DB-OPT-08); plan "
       "instability; temp spills (config-tuner's work\\_mem evidence); the statements behind sequentially scanned "
       "tables; the workload class; and index-analyzer/missing-index, which needs the statements' predicates.\n\n";

  std::string steps;
  if (preloaded.has_value() && !*preloaded) {
    const std::string current = preload->setting;
    // A list setting takes one literal per library: 'a,b' would name ONE library "a,b" and the
    // server would not start (sdk::sql::list_setting_literals).
    std::optional<std::vector<std::string>> libraries = sql::list_setting_elements(current);
    if (libraries) libraries->emplace_back(kExtension);
    d += "shared\\_preload\\_libraries is " +
         (current.empty() ? std::string("empty") : "'" + sdk::md::escape(current) + "'") +
         ": the library is not loaded. Add it (keeping the libraries already there), **restart** the server "
         "(shared\\_preload\\_libraries is read only at server start), then create the extension in this database:\n\n";
    steps = (libraries ? "ALTER SYSTEM SET shared_preload_libraries = " + sql::list_setting_literals(*libraries) + ";\n"
                       : std::string("-- the current value cannot be split into libraries safely: add pg_stat_statements "
                                     "to it by hand in postgresql.conf\n")) +
            "-- restart PostgreSQL (pg_ctl restart, systemctl restart …)\nCREATE EXTENSION IF NOT EXISTS "
            "pg_stat_statements;\n";
    f.evidence.push_back(text_metric("shared_preload_libraries", current));
  } else if (preloaded.has_value() && !installed) {
    d += "shared\\_preload\\_libraries loads it ('" + sdk::md::escape(preload->setting) +
         "') but the extension is not created in this database. No restart is needed:\n\n";
    steps = "CREATE EXTENSION IF NOT EXISTS pg_stat_statements;\n";
    f.evidence.push_back(text_metric("shared_preload_libraries", preload->setting));
  } else if (preloaded.has_value()) {
    d += "The library is preloaded and the extension is created, yet its rows could not be read (the capture "
         "step's error above says why). Typically the capturing role may not read the view or the extension's "
         "schema: grant it pg\\_read\\_all\\_stats (and USAGE on that schema), or capture as a superuser:\n\n";
    steps = "GRANT pg_read_all_stats TO " + sql::quote_ident(snap.server.current_user.empty() ? "capture_role"
                                                                                              : snap.server.current_user) +
            ";\n";
    f.evidence.push_back(text_metric("shared_preload_libraries", preload->setting));
  } else {
    d += "shared\\_preload\\_libraries was not captured, so the missing step is unknown. Enabling it takes "
         "pg\\_stat\\_statements in shared\\_preload\\_libraries (a **restart**) and the extension in this database:\n\n";
    steps = "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements';  -- keep the libraries already listed\n"
            "-- restart PostgreSQL\nCREATE EXTENSION IF NOT EXISTS pg_stat_statements;\n";
  }
  d += sdk::md::code_block(steps) + "\n\n";
  d += "Then let the application run for a representative period (a business day or week) before the next "
       "capture: the counters start from zero.\n";
  f.detail = d;
  f.object = {"extension", "", std::string(kExtension), std::nullopt, std::nullopt};
  f.evidence.push_back(text_metric("extension_installed", installed ? "yes" : "no"));
  if (preloaded) f.evidence.push_back(text_metric("preloaded", *preloaded ? "yes" : "no"));
  if (step && step->error) f.evidence.push_back(text_metric("capture_error", *step->error));
  f.impact.summary = "statement-level analysis is missing from this report";
  f.severity = sdk::Severity::Medium;
  f.confidence = sdk::Confidence::Measured;
  const bool restart = preloaded.value_or(false) == false;
  f.risk = {restart ? sdk::RiskLevel::Medium : sdk::RiskLevel::Low,
            restart ? "loading the library needs a server restart; pg_stat_statements costs a little CPU and "
                      "shared memory (pg_stat_statements.max entries)"
                    : "CREATE EXTENSION / GRANT take no lock that blocks the application"};
  sink.add(f);
  sink.log("pg-stat-statements-unavailable: statement-level checks are skipped");
}

}  // namespace dbopt::plugins::query_profiler
