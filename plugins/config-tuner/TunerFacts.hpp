// config-tuner — figures several checks share: hardware from the snapshot, numeric settings,
// PGTune's formulas and the worst-case memory bound.
// Sources: PGTune (pgtune.leopard.in.ua), its formulas; PostgreSQL docs, "Resource Consumption"
// (runtime-config-resource.html) for work_mem × hash_mem_multiplier and autovacuum_work_mem.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "dbopt/sdk/catalog.hpp"

namespace dbopt::plugins::config_tuner {

/// pg_settings value of `name` as a number; nullopt when not captured or not numeric.
std::optional<double> setting_number(const sdk::Catalog& catalog, const std::string& name);

/// pg_settings value of `name` in bytes (memory settings); nullopt when not captured, not a
/// size or negative.
std::optional<std::int64_t> setting_bytes(const sdk::Catalog& catalog, const std::string& name);

/// Snapshot::hardware.ram_bytes; throws std::logic_error when absent (checks that need it are
/// only run when it is there).
std::int64_t ram_bytes(const sdk::Catalog& catalog);
/// Snapshot::hardware.cpu_cores; throws std::logic_error when absent.
int cpu_cores(const sdk::Catalog& catalog);
/// Snapshot::hardware.storage ("ssd", "hdd", "network"); throws std::logic_error when absent.
std::string storage(const sdk::Catalog& catalog);

/// The worst-case memory bound of issue 3 (seed 001_…, config tuner, memory):
/// shared_buffers + max_connections × work_mem × hash_mem_multiplier
///   + autovacuum_max_workers × (autovacuum_work_mem, or maintenance_work_mem when it is -1).
/// All sizes in bytes.
struct MemoryBound {
  std::int64_t shared_buffers = 0;
  std::int64_t max_connections = 0;
  std::int64_t work_mem = 0;
  double hash_mem_multiplier = 1;  ///< 1 before PostgreSQL 13 (no such setting)
  std::int64_t autovacuum_max_workers = 0;
  std::int64_t autovacuum_mem = 0;  ///< per worker: autovacuum_work_mem or maintenance_work_mem
  bool autovacuum_uses_maintenance = true;  ///< autovacuum_work_mem = -1
  std::int64_t total() const;
  /// "128MB + 50 × 4MB × 2 + 3 × 64MB = 720MB" (PostgreSQL size units).
  std::string formula() const;
};

/// The bound from the captured settings, with optional replacements (bytes) for what a check
/// is about to recommend. nullopt when one of the settings is missing.
std::optional<MemoryBound> memory_bound(const sdk::Catalog& catalog,
                                        std::optional<std::int64_t> shared_buffers = std::nullopt,
                                        std::optional<std::int64_t> work_mem = std::nullopt,
                                        std::optional<std::int64_t> maintenance_work_mem = std::nullopt);

/// PGTune's shared_buffers: RAM / 4, whole MB.
std::int64_t pgtune_shared_buffers(std::int64_t ram);

/// PGTune's work_mem: (RAM − shared_buffers) / (max_connections × 3) / max_parallel_workers_per_gather
/// (at least 1), rounded down to whole MB (to whole kB, at least 64kB, when below 1MB). Uses the larger of
/// the captured shared_buffers and RAM / 4.
std::optional<std::int64_t> pgtune_work_mem(const sdk::Catalog& catalog);

/// "12.5 %" for a ratio 0.125 (one decimal; two below 1 %).
std::string format_percent(double ratio);

}  // namespace dbopt::plugins::config_tuner
