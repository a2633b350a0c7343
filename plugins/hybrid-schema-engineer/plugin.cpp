// hybrid-schema-engineer — the module's exports (ABI magic + extern "C" shims, abi.hpp). The
// plugin class and every check live in the hybrid-schema-engineer-checks library.
#include "HybridSchemaPlugin.hpp"
#include "dbopt/sdk/abi.hpp"

using dbopt::plugins::hybrid_schema_engineer::HybridSchemaPlugin;

DBOPT_PLUGIN(HybridSchemaPlugin, "hybrid-schema-engineer", "0.1.0")
