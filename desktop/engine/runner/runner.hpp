// The runner: PROFILE → ANALYZE → OPTIMIZE over the loaded plugins (seed 000_…, pipeline phases),
// plugins of one phase in parallel, later phases seeing earlier findings, with options, progress
// and cancellation. Findings are copied into host-owned sinks (Boost.DLL missuses, STYLE.md).
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "dbopt/sdk/catalog.hpp"
#include "host/plugin_host.hpp"
#include "runner/options.hpp"
#include "runner/run_result.hpp"

namespace dbopt::engine {

/// One progress event of one plugin. Events: "started", then one of "finished" (ok), "failed",
/// "cancelled" (a plugin cancelled before it started gets only "cancelled").
/// `done` counts plugins with a final event so far (this one included), `total` the plugins
/// selected for the run.
struct RunProgress {
  std::string plugin_id;
  sdk::Phase phase = sdk::Phase::Profile;
  std::string event;
  int done = 0;
  int total = 0;
};

struct RunOptions {
  std::vector<std::string> only;              ///< plugin ids to run; empty = all loaded
  std::vector<OptionSetting> settings;        ///< "id.name" → value (`--set`)
  int max_parallel = 0;                       ///< plugins run at once; 0 = std::thread::hardware_concurrency()
  /// Called from worker threads, possibly concurrently. An exception it throws is rethrown by
  /// run_plugins once the current phase's workers have stopped.
  std::function<void(const RunProgress&)> on_progress;
  const std::atomic<bool>* cancel = nullptr;  ///< set to true to cancel; may be null
};

/// Runs the selected Loaded plugins of `host` on `catalog`: PROFILE, then ANALYZE, then
/// OPTIMIZE. Plugins of one phase run in parallel (up to max_parallel at once); each plugin's
/// Context holds its resolved options and all findings of the earlier phases.
///
/// Result:
///  - findings: ordered by phase, plugin id, emission order, whatever the thread timing;
///  - runs: one PluginRun per selected plugin, plus (when `only` is empty) one with status
///    "refused" per Refused/Failed record of the host, carrying its load error; sorted by phase
///    then id (records with no readable id use the file name);
///  - a plugin that throws or returns an error: status "failed", error = its message; the
///    findings it reported before failing are discarded (the error says how many) and the others
///    go on;
///  - cancel: plugins not yet started get status "cancelled"; running ones see
///    Context::cancelled() == true, and when they return they get status "cancelled" too with
///    their (possibly partial) findings discarded; result.cancelled = true.
///
/// Throws ConfigError before running anything when `only` names a plugin that is not loaded,
/// when a setting is invalid (see resolve_setting; settings for loaded plugins outside `only`
/// are validated too), when a selected plugin's option default is invalid, or when
/// max_parallel < 0.
RunResult run_plugins(const PluginHost& host, const sdk::Catalog& catalog, const RunOptions& options);

}  // namespace dbopt::engine
