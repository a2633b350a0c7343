#include "runner/options.hpp"

namespace dbopt::engine {

namespace {

std::string joined_ids(const std::vector<const PluginRecord*>& plugins) {
  std::string out;
  for (const auto* p : plugins) out += (out.empty() ? "" : ", ") + p->info.id;
  return out.empty() ? "none" : out;
}

std::string joined_options(const sdk::PluginInfo& info) {
  std::string out;
  for (const auto& o : info.options) out += (out.empty() ? "" : ", ") + o.name;
  return out.empty() ? "none" : out;
}

const sdk::OptionSpec* find_spec(const sdk::PluginInfo& info, const std::string& name) {
  for (const auto& o : info.options)
    if (o.name == name) return &o;
  return nullptr;
}

}  // namespace

ResolvedSetting resolve_setting(const std::vector<const PluginRecord*>& plugins, const OptionSetting& setting) {
  const auto& [key, value] = setting;
  const std::string where = "--set " + key + "=" + value;
  const auto dot = key.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == key.size())
    throw ConfigError(where + ": expected <plugin-id>.<option>=<value>");
  ResolvedSetting r{key.substr(0, dot), key.substr(dot + 1), ""};
  const PluginRecord* plugin = nullptr;
  for (const auto* p : plugins)
    if (p->info.id == r.plugin_id) plugin = p;
  if (!plugin) throw ConfigError(where + ": unknown plugin '" + r.plugin_id + "' (loaded: " + joined_ids(plugins) + ")");
  const sdk::OptionSpec* spec = find_spec(plugin->info, r.option);
  if (!spec)
    throw ConfigError(where + ": plugin " + r.plugin_id + " has no option '" + r.option +
                      "' (options: " + joined_options(plugin->info) + ")");
  try {
    r.value = sdk::parse_option_value(*spec, value);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(where + ": " + e.what());
  }
  return r;
}

std::map<std::string, sdk::Options> resolve_options(const std::vector<const PluginRecord*>& plugins,
                                                    const std::vector<OptionSetting>& settings) {
  std::map<std::string, std::map<std::string, std::string>> values;
  for (const auto* p : plugins) {
    auto& v = values[p->info.id];
    for (const auto& spec : p->info.options) {
      if (v.count(spec.name))
        throw ConfigError("plugin " + p->info.id + " declares option " + spec.name + " twice");
      try {
        v[spec.name] = sdk::parse_option_value(spec, spec.default_value);
      } catch (const std::invalid_argument& e) {
        throw ConfigError("plugin " + p->info.id + " (" + p->file.string() + ") has an invalid default: " + e.what());
      }
    }
  }

  for (const auto& setting : settings) {
    ResolvedSetting r = resolve_setting(plugins, setting);
    values[r.plugin_id][r.option] = std::move(r.value);
  }

  std::map<std::string, sdk::Options> out;
  for (auto& [id, v] : values) out.emplace(id, sdk::Options(std::move(v)));
  return out;
}

}  // namespace dbopt::engine
