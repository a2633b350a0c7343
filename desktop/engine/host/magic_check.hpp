// Comparing a plugin's ABI magic block with the host's (PostgreSQL's dfmgr.c incompatible_module_error:
// name the first field that differs, with both values).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "dbopt/sdk/abi.hpp"

namespace dbopt::engine::detail {

/// The magic block of the host as compiled now (sdk::make_magic with empty id/version).
const dbopt_plugin_magic_t& host_magic();

/// A fixed-size char field of an untrusted magic block as printable text: stops at the first
/// NUL or at `n` bytes, replaces bytes outside printable ASCII with '?'.
std::string magic_text(const char* field, std::size_t n);

/// The first mismatching field, checked in order size → sdk_abi → cxx_standard → compiler →
/// stdlib, as "host has sdk_abi=1, plugin has 2" (text fields quoted: compiler="gcc 12");
/// nullopt when all match. `plugin` must hold at least `plugin.size` readable bytes; only the
/// size is read when it differs from the host's.
std::optional<std::string> magic_mismatch(const dbopt_plugin_magic_t& plugin);

}  // namespace dbopt::engine::detail
