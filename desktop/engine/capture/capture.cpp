#include "capture/capture.hpp"

#include <chrono>
#include <memory>
#include <string>

#include "capture/pg_connection.hpp"
#include "capture/step_runner.hpp"
#include "capture/steps.hpp"

namespace dbopt::engine {

namespace {

using capture_detail::StepContext;
using capture_detail::StepReport;

/// The built-in steps in capture order; the names are the ProbeOutcome names.
struct BuiltinStep {
  const char* name;
  StepReport (*run)(StepContext&);
};

constexpr BuiltinStep kSteps[] = {
    {"server", capture_detail::capture_server},
    {"settings", capture_detail::capture_settings},
    {"database", capture_detail::capture_database},
    {"locked_relations", capture_detail::capture_locked_relations},
    {"tables", capture_detail::capture_tables},
    {"columns", capture_detail::capture_columns},
    {"indexes", capture_detail::capture_indexes},
    {"constraints", capture_detail::capture_constraints},
    {"bgwriter", capture_detail::capture_bgwriter},
    {"wal", capture_detail::capture_wal},
    {"activity", capture_detail::capture_activity},
    {"extensions", capture_detail::capture_extensions},
};
/// pg_stat_statements is read last, after the plugin probes and the EXPLAINs: every statement this
/// capture sends is known by then, so none of them (nor an identical one of an earlier capture)
/// is mistaken for the audited workload (steps_statements.cpp).
constexpr BuiltinStep kStatementsStep = {"pg_stat_statements", capture_detail::capture_statements};
constexpr int kStepCount = static_cast<int>(std::size(kSteps)) + 1;
/// Oldest server the capture supports (server_version_num of PostgreSQL 12.0).
constexpr int kMinServerVersionNum = 120000;

void check_options(const CaptureOptions& o) {
  if (o.statement_timeout_ms < 0)
    throw CaptureError("statement_timeout_ms must be >= 0, got " + std::to_string(o.statement_timeout_ms));
  if (o.lock_timeout_ms < 0)
    throw CaptureError("lock_timeout_ms must be >= 0, got " + std::to_string(o.lock_timeout_ms));
  if (o.connect_timeout_s < 0)
    throw CaptureError("connect_timeout_s must be >= 0, got " + std::to_string(o.connect_timeout_s));
}

/// Asks the provider for plugin probes and runs them, each as step "<plugin-id>/<probe-name>".
void run_probes(const CaptureOptions& options, StepContext& ctx, capture_detail::StepRunner& runner) {
  if (!options.probe_provider) return;
  std::vector<std::pair<std::string, std::vector<sdk::Probe>>> wanted;
  runner.run("plugin_probes", [&] {
    wanted = options.probe_provider(ctx.snapshot);
    std::int64_t n = 0;
    for (const auto& [plugin, probes] : wanted) n += static_cast<std::int64_t>(probes.size());
    return StepReport{n, std::nullopt};
  });
  int total = kStepCount + 1;
  for (const auto& [plugin, probes] : wanted) total += static_cast<int>(probes.size());
  runner.set_total(total);
  for (const auto& [plugin, probes] : wanted) {
    for (const auto& probe : probes) {
      const sdk::ProbeOutcome outcome = runner.run(
          plugin + "/" + probe.name, [&] { return capture_detail::run_plugin_probe(ctx, plugin, probe); });
      if (outcome.status != "ok") {
        // Also when the probe's statement itself succeeded but ended the capture transaction.
        sdk::ProbeResult& stored = ctx.snapshot.plugin_probes[plugin][probe.name];
        stored = sdk::ProbeResult{};
        stored.status = "failed";
        stored.error = outcome.error;
      }
    }
  }
}

/// EXPLAINs options.explain_statements, each as step "explain/<n>" (1-based); a refused
/// statement keeps its error in Snapshot::explained.
void run_explains(const CaptureOptions& options, StepContext& ctx, capture_detail::StepRunner& runner, int& total) {
  if (options.explain_statements.empty()) return;
  total += static_cast<int>(options.explain_statements.size());
  runner.set_total(total);
  std::vector<sdk::ExplainedStatement> explained;
  for (std::size_t i = 0; i < options.explain_statements.size(); ++i) {
    sdk::ExplainedStatement e;
    e.query = options.explain_statements[i];
    e.options = capture_detail::explain_options(options.explain_analyze);
    const sdk::ProbeOutcome outcome = runner.run("explain/" + std::to_string(i + 1), [&] {
      return capture_detail::explain_statement(ctx, e.query, options.explain_analyze, e);
    });
    if (outcome.status != "ok") {
      e.plan_json.reset();
      e.error = outcome.error.value_or(outcome.status);
    }
    explained.push_back(std::move(e));
  }
  ctx.snapshot.explained = std::move(explained);
}

}  // namespace

sdk::Snapshot capture_snapshot(const CaptureOptions& options) {
  check_options(options);
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<capture_detail::PgConnection> conn;
  try {
    conn = std::make_unique<capture_detail::PgConnection>(options.conninfo, options.application_name,
                                                           options.connect_timeout_s);
  } catch (const capture_detail::ConnectionError& e) {
    throw CaptureError(std::string("could not connect: ") + e.what());
  }
  // The capture's queries are written for PostgreSQL 12–17 (pg_stat_statements 1.7+, CTE
  // MATERIALIZED, generated columns); an older server would fail step by step instead.
  if (conn->server_version_num() < kMinServerVersionNum)
    throw CaptureError("PostgreSQL " + std::to_string(conn->server_version_num() / 10000) +
                       " is not supported: dbopt captures PostgreSQL 12 and later (server_version_num " +
                       std::to_string(conn->server_version_num()) + ")");
  struct ReportCount {
    const capture_detail::PgConnection& conn;
    std::int64_t* out;
    ~ReportCount() {
      if (out) *out = conn.statements_sent();
    }
  } report_count{*conn, options.statements_sent};

  sdk::Snapshot snapshot;
  snapshot.hardware = options.hardware;
  snapshot.provenance.dbopt_version = DBOPT_VERSION;
  snapshot.provenance.host = conn->host();
  snapshot.provenance.port = conn->port();
  snapshot.provenance.user = conn->user();
  snapshot.provenance.application_name = conn->application_name();

  capture_detail::StepRunner runner(*conn, options, snapshot.provenance.probes);
  runner.set_total(kStepCount + (options.probe_provider ? 1 : 0));
  snapshot.provenance.captured_at = runner.begin();

  StepContext ctx{*conn, conn->server_version_num(), snapshot, {}};
  for (const auto& step : kSteps) runner.run(step.name, [&] { return step.run(ctx); });
  run_probes(options, ctx, runner);
  int total = static_cast<int>(snapshot.provenance.probes.size()) + 1;  // + pg_stat_statements, read last
  run_explains(options, ctx, runner, total);
  runner.run(kStatementsStep.name, [&] { return kStatementsStep.run(ctx); });
  runner.finish();

  snapshot.provenance.capture_duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return snapshot;
}

}  // namespace dbopt::engine
