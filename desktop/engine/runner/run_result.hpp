// What a plugin run produces: findings tagged with their plugin, and the run log.
// Shared by the runner (which fills it) and the report builder (which reads it).
#pragma once

#include <string>
#include <vector>

#include "dbopt/sdk/finding.hpp"
#include "dbopt/sdk/plugin.hpp"

namespace dbopt::engine {

/// A finding as collected by the host: a copy owned by the host, tagged with its plugin.
struct FindingRecord {
  std::string plugin_id;
  sdk::Phase phase = sdk::Phase::Profile;
  sdk::Finding finding;
  friend bool operator==(const FindingRecord&, const FindingRecord&) = default;
};

/// Outcome of one plugin in one run (a run-log row).
struct PluginRun {
  std::string plugin_id;
  std::string plugin_name;
  std::string version;
  std::string file;                     ///< the shared library it was loaded from
  sdk::Phase phase = sdk::Phase::Profile;
  std::string status;                   ///< "ok" | "failed" | "cancelled" | "skipped" | "refused"
  std::string error;                    ///< message when failed/refused/skipped
  double duration_ms = 0;               ///< wall time of analyze(), ms
  std::size_t findings = 0;             ///< findings it reported
  std::vector<std::string> log;         ///< lines it wrote with FindingSink::log
  std::vector<sdk::SummaryFact> summary;  ///< executive-summary facts it reported (FindingSink::summary)
  std::vector<sdk::Exhibit> exhibits;   ///< report sections it reported (FindingSink::exhibit)
  friend bool operator==(const PluginRun&, const PluginRun&) = default;
};

/// Result of Runner::run. `findings` are in a deterministic order (phase, plugin id, emission
/// order) whatever the thread timing, so the same snapshot gives the same report.
struct RunResult {
  std::vector<FindingRecord> findings;
  std::vector<PluginRun> runs;          ///< one per plugin considered, ordered by phase then id
  bool cancelled = false;
};

}  // namespace dbopt::engine
