// query-profiler — the module's exports (ABI magic + extern "C" shims, abi.hpp). The plugin
// class and every check live in the query-profiler-checks library.
#include "QueryProfilerPlugin.hpp"
#include "dbopt/sdk/abi.hpp"

using dbopt::plugins::query_profiler::QueryProfilerPlugin;

DBOPT_PLUGIN(QueryProfilerPlugin, "query-profiler", "0.1.0")
