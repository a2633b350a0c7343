#include "TunerFacts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "GucValue.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::config_tuner {

std::optional<double> setting_number(const sdk::Catalog& catalog, const std::string& name) {
  const sdk::Setting* s = catalog.setting(name);
  return s ? numeric_value(*s) : std::nullopt;
}

std::optional<std::int64_t> setting_bytes(const sdk::Catalog& catalog, const std::string& name) {
  const sdk::Setting* s = catalog.setting(name);
  return s ? memory_bytes(*s) : std::nullopt;
}

std::int64_t ram_bytes(const sdk::Catalog& catalog) {
  const auto& hw = catalog.snapshot().hardware;
  if (!hw.ram_bytes) throw std::logic_error("config-tuner: server RAM unknown (--server-ram)");
  return *hw.ram_bytes;
}

int cpu_cores(const sdk::Catalog& catalog) {
  const auto& hw = catalog.snapshot().hardware;
  if (!hw.cpu_cores) throw std::logic_error("config-tuner: server cores unknown (--server-cores)");
  return *hw.cpu_cores;
}

std::string storage(const sdk::Catalog& catalog) {
  const auto& hw = catalog.snapshot().hardware;
  if (!hw.storage) throw std::logic_error("config-tuner: server storage unknown (--storage)");
  return *hw.storage;
}

std::int64_t MemoryBound::total() const {
  return shared_buffers +
         static_cast<std::int64_t>(std::llround(static_cast<double>(max_connections * work_mem) * hash_mem_multiplier)) +
         autovacuum_max_workers * autovacuum_mem;
}

std::string MemoryBound::formula() const {
  return format_size(shared_buffers) + " + " + std::to_string(max_connections) + " × " + format_size(work_mem) +
         " × " + format_number(hash_mem_multiplier) + " + " + std::to_string(autovacuum_max_workers) + " × " + format_size(autovacuum_mem) + " = " +
         format_size(ceil_mb(total()));
}

std::optional<MemoryBound> memory_bound(const sdk::Catalog& catalog, std::optional<std::int64_t> shared_buffers,
                                        std::optional<std::int64_t> work_mem,
                                        std::optional<std::int64_t> maintenance_work_mem) {
  MemoryBound b;
  const auto sb = shared_buffers ? shared_buffers : setting_bytes(catalog, "shared_buffers");
  const auto conns = setting_number(catalog, "max_connections");
  const auto wm = work_mem ? work_mem : setting_bytes(catalog, "work_mem");
  const auto workers = setting_number(catalog, "autovacuum_max_workers");
  const auto mwm = maintenance_work_mem ? maintenance_work_mem : setting_bytes(catalog, "maintenance_work_mem");
  if (!sb || !conns || !wm || !workers || !mwm) return std::nullopt;
  b.shared_buffers = *sb;
  b.max_connections = static_cast<std::int64_t>(*conns);
  b.work_mem = *wm;
  b.hash_mem_multiplier = setting_number(catalog, "hash_mem_multiplier").value_or(1.0);
  b.autovacuum_max_workers = static_cast<std::int64_t>(*workers);
  const auto avwm = setting_bytes(catalog, "autovacuum_work_mem");  // nullopt for -1
  b.autovacuum_uses_maintenance = !avwm;
  b.autovacuum_mem = avwm ? *avwm : *mwm;
  return b;
}

std::int64_t pgtune_shared_buffers(std::int64_t ram) { return floor_mb(ram / 4); }

std::optional<std::int64_t> pgtune_work_mem(const sdk::Catalog& catalog) {
  const auto ram = catalog.snapshot().hardware.ram_bytes;
  const auto sb = setting_bytes(catalog, "shared_buffers");
  const auto conns = setting_number(catalog, "max_connections");
  if (!ram || !sb || !conns || *conns <= 0) return std::nullopt;
  const double gather = std::max(1.0, setting_number(catalog, "max_parallel_workers_per_gather").value_or(1.0));
  const std::int64_t effective_sb = std::max(*sb, pgtune_shared_buffers(*ram));
  const double per = static_cast<double>(*ram - effective_sb) / (*conns * 3) / gather;
  if (per < 1024.0 * 1024) return std::max<std::int64_t>(64 * 1024, static_cast<std::int64_t>(per) / 1024 * 1024);
  return floor_mb(static_cast<std::int64_t>(per));
}

std::string format_percent(double ratio) { return sdk::sql::format_percent(ratio, ratio < 0.01 ? 2 : 1); }

}  // namespace dbopt::plugins::config_tuner
