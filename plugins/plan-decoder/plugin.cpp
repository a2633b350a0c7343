// plan-decoder — the module's exports (ABI magic + extern "C" shims, abi.hpp). The plugin
// class and every check live in the plan-decoder-checks library.
#include "PlanDecoderPlugin.hpp"
#include "dbopt/sdk/abi.hpp"

using dbopt::plugins::plan_decoder::PlanDecoderPlugin;

DBOPT_PLUGIN(PlanDecoderPlugin, "plan-decoder", "0.1.0")
