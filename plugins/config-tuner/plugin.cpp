// config-tuner — the module's exports (ABI magic + extern "C" shims, abi.hpp). The plugin class
// and every check live in the config-tuner-checks library.
#include "ConfigTunerPlugin.hpp"
#include "dbopt/sdk/abi.hpp"

using dbopt::plugins::config_tuner::ConfigTunerPlugin;

DBOPT_PLUGIN(ConfigTunerPlugin, "config-tuner", "0.1.0")
