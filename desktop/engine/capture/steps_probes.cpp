// Plugin probes (sdk::Probe): the plugin's own read-only SQL, run like a capture step; rows kept
// as text exactly as the server returned them (Snapshot::plugin_probes).
#include <stdexcept>
#include <string>

#include "capture/steps.hpp"

namespace dbopt::engine::capture_detail {

StepReport run_plugin_probe(StepContext& ctx, const std::string& plugin_id, const sdk::Probe& probe) {
  // The step runs inside its own savepoint, rolled back afterwards: SET LOCAL ends with it.
  // No JIT: probes are short analytic queries over a bounded sample whose row estimates (set-
  // returning functions, recursive CTEs) are large, so JIT compilation would cost seconds per
  // probe for milliseconds of execution.
  ctx.conn.exec("SET LOCAL jit = off");
  if (probe.statement_timeout_ms) {
    const double ms = *probe.statement_timeout_ms;
    if (!(ms >= 1 && ms <= 86'400'000))
      throw std::runtime_error("probe statement_timeout_ms must be between 1 and 86400000, got " + std::to_string(ms));
    ctx.conn.exec("SET LOCAL statement_timeout = " + std::to_string(static_cast<long long>(ms)));
  }
  PgResult r = ctx.conn.exec(probe.sql);  // a failure is recorded by the caller
  sdk::ProbeResult result;
  for (int c = 0; c < r.columns(); ++c) result.columns.push_back(r.column_name(c));
  result.rows.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    std::vector<std::optional<std::string>> row;
    row.reserve(static_cast<std::size_t>(r.columns()));
    for (int c = 0; c < r.columns(); ++c) {
      const auto v = r.value(i, c);
      row.push_back(v ? std::optional<std::string>(std::string(*v)) : std::nullopt);
    }
    result.rows.push_back(std::move(row));
  }
  result.status = "ok";
  ctx.snapshot.plugin_probes[plugin_id][probe.name] = std::move(result);
  return {r.rows(), std::nullopt};
}

}  // namespace dbopt::engine::capture_detail
