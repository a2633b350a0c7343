// Plugin probes (sdk::Probe): the plugin's own read-only SQL, run like a capture step; rows kept
// as text exactly as the server returned them (Snapshot::plugin_probes).
#include <string>

#include "capture/steps.hpp"

namespace dbopt::engine::capture_detail {

StepReport run_plugin_probe(StepContext& ctx, const std::string& plugin_id, const sdk::Probe& probe) {
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
