#include "MaintenanceWorkMemCheck.hpp"

#include <algorithm>

#include "Evidence.hpp"
#include "GucValue.hpp"
#include "SettingChange.hpp"
#include "TunerFacts.hpp"
#include "dbopt/sdk/markdown.hpp"

namespace dbopt::plugins::config_tuner {

namespace {
constexpr std::int64_t kPgtuneCap = 2LL * 1024 * 1024 * 1024;  // PGTune: RAM / 16, at most 2GB
}

std::vector<sdk::OptionSpec> MaintenanceWorkMemCheck::options() {
  return {{"maintenance-work-mem-min-fraction", sdk::OptionType::Double, "0.5",
           "maintenance_work_mem below this fraction of PGTune's value (RAM / 16, at most 2GB) fires "
           "maintenance-work-mem (dbopt choice)",
           0.0, 1.0}};
}

void MaintenanceWorkMemCheck::run(const TunerInput& in, sdk::FindingSink& sink) const {
  if (covered_by_earlier(in, "maintenance_work_mem")) return;
  const auto current = setting_bytes(in.catalog, "maintenance_work_mem");
  if (!current) return;
  const std::int64_t ram = ram_bytes(in.catalog);
  const std::int64_t target = floor_mb(std::min(ram / 16, kPgtuneCap));
  const double fraction = in.options.number("maintenance-work-mem-min-fraction");
  if (static_cast<double>(*current) >= fraction * static_cast<double>(target)) return;
  const auto bound = memory_bound(in.catalog, std::nullopt, std::nullopt, target);
  if (bound && bound->total() > ram) {
    sink.log("maintenance-work-mem: raising to " + format_size(target) + " would make the worst-case memory bound " +
             bound->formula() + " exceed RAM; not recommended");
    return;
  }

  SettingChange c;
  c.check_id = kId;
  c.name = "maintenance_work_mem";
  c.recommended = format_size(target);
  c.title = "maintenance_work_mem " + format_size(*current) + " is small for " + format_size(ram) +
            " RAM; recommended " + c.recommended;
  std::string r = "maintenance\\_work\\_mem (" + sdk::md::escape(format_size(*current)) +
                  ") is the memory of VACUUM, CREATE INDEX and ALTER TABLE ADD FOREIGN KEY: too small, index builds "
                  "sort on disk and VACUUM scans every index once more per batch of dead rows it cannot hold. "
                  "PGTune (pgtune.leopard.in.ua) sets RAM / 16, at most 2GB = " +
                  sdk::md::escape(c.recommended) + "; the current value is below " +
                  sdk::md::escape(format_percent(fraction)) + " of that.";
  if (bound && bound->autovacuum_uses_maintenance)
    r += " autovacuum\\_work\\_mem is -1, so each of the " + std::to_string(bound->autovacuum_max_workers) +
         " autovacuum workers may use it too: the worst-case memory bound becomes " +
         sdk::md::escape(bound->formula()) + ", within RAM (autovacuum uses at most 1GB of it for dead rows before "
         "PostgreSQL 17).";
  c.reason = r;
  c.evidence = {metric("maintenance_work_mem_bytes", static_cast<double>(*current), "bytes"),
                metric("ram_bytes", static_cast<double>(ram), "bytes"),
                metric("recommended_bytes", static_cast<double>(target), "bytes")};
  if (bound) c.evidence.push_back(metric("memory_bound_bytes", static_cast<double>(bound->total()), "bytes"));
  c.severity = sdk::Severity::Low;
  c.impact_summary = "faster VACUUM and index builds; no speedup is measured for a setting";
  sink.add(make_setting_finding(in.catalog, c));
}

}  // namespace dbopt::plugins::config_tuner
