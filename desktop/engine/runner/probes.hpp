// Plugin probes for a capture: every loaded plugin's probes() called with its resolved options
// (the same Options its analyze() gets), in one place for the CLI (`dbopt capture`,
// `dbopt analyze --conn`) and the Studio's capture.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/plugin.hpp"
#include "host/plugin_host.hpp"

namespace dbopt::engine {

/// Probes per plugin: plugin id → the probes it asked for (the shape of capture's ProbeProvider).
using PluginProbes = std::vector<std::pair<std::string, std::vector<sdk::Probe>>>;

/// One plugin whose probes are left out: its id and one line naming it and the reason, e.g.
/// "hybrid-schema-engineer: undeclared option: sample-rows".
using ProbeWarning = std::function<void(const std::string& plugin_id, const std::string& message)>;

/// Calls PluginHost::probes for every Loaded plugin of `host`, in loaded() order (phase, then
/// id), on `catalog` (built from the snapshot captured so far) with the plugin's entry of
/// `options` (plugin id → Options, as resolve_options(host.loaded(), settings) returns them).
/// Plugins that ask for no probe are left out of the result. A plugin whose probes() fails
/// (PluginCallError, any std::exception) or that has no entry in `options` is left out too and
/// reported to `on_warning` (may be empty): the capture goes on, and that plugin's analysis
/// reports the missing data. Never throws for a plugin's failure.
PluginProbes collect_probes(const PluginHost& host, const sdk::Catalog& catalog,
                            const std::map<std::string, sdk::Options>& options, const ProbeWarning& on_warning = {});

}  // namespace dbopt::engine
