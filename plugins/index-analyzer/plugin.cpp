// index-analyzer — the module's exports (ABI magic + extern "C" shims, abi.hpp). The plugin
// class and every check live in the index-analyzer-checks library.
#include "IndexAnalyzerPlugin.hpp"
#include "dbopt/sdk/abi.hpp"

using dbopt::plugins::index_analyzer::IndexAnalyzerPlugin;

DBOPT_PLUGIN(IndexAnalyzerPlugin, "index-analyzer", "0.1.0")
