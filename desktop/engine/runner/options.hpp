// Plugin options: each plugin's OptionSpec defaults overridden by the user's `--set id.name=value`
// settings, every value validated with sdk::parse_option_value (plugin.hpp).
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "dbopt/sdk/plugin.hpp"
#include "host/plugin_host.hpp"

namespace dbopt::engine {

/// A configuration the user can fix: a bad `--set` (unknown plugin, unknown option, invalid
/// value), a bad `--only`, or a plugin whose own option default is invalid. One line, e.g.
/// "--set toast-whisperer.toast-ratio=abc: option toast-ratio = 'abc': expected a number".
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One user setting: "plugin-id.option-name" → value text (as typed after `--set`).
using OptionSetting = std::pair<std::string, std::string>;

/// A validated setting: which plugin and option it sets, and the value in canonical form.
struct ResolvedSetting {
  std::string plugin_id;
  std::string option;
  std::string value;  ///< parse_option_value's canonical text (bytes as a plain integer)
};

/// Validates one setting against `plugins` (Loaded records): the key must be
/// "<plugin-id>.<option>" naming a plugin in `plugins` and an option it declares, and the value
/// must pass parse_option_value. Throws ConfigError starting with "--set <key>=<value>: ".
ResolvedSetting resolve_setting(const std::vector<const PluginRecord*>& plugins, const OptionSetting& setting);

/// Resolves `settings` against the OptionSpecs of `plugins` (Loaded records).
/// Returns plugin id → Options holding every declared option: its default, or the user's value
/// when set (later settings of the same option win), each in parse_option_value's canonical form
/// (bytes as a plain integer). Throws ConfigError when a default fails validation, an option name
/// is declared twice, or a setting has no '.', names a plugin not in `plugins`, names an
/// undeclared option, or has an invalid value.
std::map<std::string, sdk::Options> resolve_options(const std::vector<const PluginRecord*>& plugins,
                                                    const std::vector<OptionSetting>& settings);

}  // namespace dbopt::engine
