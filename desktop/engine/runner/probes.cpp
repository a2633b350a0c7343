#include "runner/probes.hpp"

#include <exception>

namespace dbopt::engine {

PluginProbes collect_probes(const PluginHost& host, const sdk::Catalog& catalog,
                            const std::map<std::string, sdk::Options>& options, const ProbeWarning& on_warning) {
  PluginProbes all;
  auto warn = [&](const std::string& id, const std::string& message) {
    if (on_warning) on_warning(id, message);
  };
  for (const PluginRecord* p : host.loaded()) {
    const auto it = options.find(p->info.id);
    if (it == options.end()) {
      warn(p->info.id, p->info.id + ": no resolved options for this plugin; its probes are left out");
      continue;
    }
    try {
      std::vector<sdk::Probe> probes = host.probes(*p, catalog, it->second);
      if (!probes.empty()) all.emplace_back(p->info.id, std::move(probes));
    } catch (const PluginCallError& e) {
      warn(p->info.id, e.what());
    } catch (const std::exception& e) {
      warn(p->info.id, p->info.id + ": " + e.what());
    }
  }
  return all;
}

}  // namespace dbopt::engine
