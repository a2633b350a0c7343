// toast-whisperer — the module's exports (ABI magic + extern "C" shims, abi.hpp). The plugin
// class, its probes and every check live in the toast-whisperer-checks library.
#include "ToastWhispererPlugin.hpp"
#include "dbopt/sdk/abi.hpp"

using dbopt::plugins::toast_whisperer::ToastWhispererPlugin;

DBOPT_PLUGIN(ToastWhispererPlugin, "toast-whisperer", "0.1.0")
