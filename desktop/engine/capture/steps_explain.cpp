// `dbopt capture --explain FILE [--analyze]`: each statement EXPLAINed with FORMAT JSON, BUFFERS,
// SETTINGS (and ANALYZE only when asked) as a capture step of its own: inside the capture's READ
// ONLY transaction, in a savepoint rolled back afterwards, with the capture's statement_timeout
// and lock_timeout. The plan text is stored verbatim (Snapshot::explained); a statement the
// server refuses is recorded with its error and the capture goes on. Seed 003_…,
// decode_execution_plan.py step 1 ("Execute EXPLAIN (ANALYZE, BUFFERS, VERBOSE) on target query").
#include <chrono>
#include <string>

#include "capture/steps.hpp"

namespace dbopt::engine::capture_detail {

std::string explain_options(bool analyze) {
  return analyze ? "ANALYZE, BUFFERS, SETTINGS, FORMAT JSON" : "BUFFERS, SETTINGS, FORMAT JSON";
}

StepReport explain_statement(StepContext& ctx, const std::string& sql, bool analyze, sdk::ExplainedStatement& out) {
  // The capture runs with search_path = pg_catalog, pg_temp; the user's statements are written
  // for the role's own search_path. SET LOCAL ends with the step's savepoint.
  ctx.conn.exec("SET LOCAL search_path TO DEFAULT");
  const auto start = std::chrono::steady_clock::now();
  // exec() uses the extended protocol: exactly one statement, so nothing can follow the EXPLAIN.
  PgResult r = ctx.conn.exec("EXPLAIN (" + explain_options(analyze) + ") " + sql);
  out.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::string plan;
  for (int i = 0; i < r.rows(); ++i)
    if (auto v = r.value(i, 0)) plan += std::string(*v) + (i + 1 < r.rows() ? "\n" : "");
  out.plan_json = std::move(plan);
  out.error.reset();
  return {r.rows(), std::nullopt};
}

}  // namespace dbopt::engine::capture_detail
