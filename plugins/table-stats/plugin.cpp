// table-stats — the module's exports (ABI magic + extern "C" shims, abi.hpp). The plugin class
// and every check live in the table-stats-checks library.
#include "TableStatsPlugin.hpp"
#include "dbopt/sdk/abi.hpp"

using dbopt::plugins::table_stats::TableStatsPlugin;

DBOPT_PLUGIN(TableStatsPlugin, "table-stats", "0.1.0")
