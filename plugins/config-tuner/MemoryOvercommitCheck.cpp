#include "MemoryOvercommitCheck.hpp"

#include <cstdio>
#include <vector>

#include "Evidence.hpp"
#include "GucValue.hpp"
#include "SettingChange.hpp"
#include "TunerFacts.hpp"
#include "dbopt/sdk/markdown.hpp"

namespace dbopt::plugins::config_tuner {

namespace {
constexpr double kHighRatio = 2.0;            // dbopt choice: twice RAM or more → High
constexpr std::int64_t kMinWorkMem = 1 << 20;  // below 1MB the fix is not work_mem
}

std::vector<sdk::OptionSpec> MemoryOvercommitCheck::options() { return {}; }

void MemoryOvercommitCheck::run(const TunerInput& in, sdk::FindingSink& sink) const {
  if (covered_by_earlier(in, "work_mem")) return;
  const auto bound = memory_bound(in.catalog);
  if (!bound) return;
  const std::int64_t ram = ram_bytes(in.catalog);
  const std::int64_t total = bound->total();
  if (total <= ram) return;
  const double ratio = static_cast<double>(total) / static_cast<double>(ram);

  // The work_mem that brings the bound back to RAM.
  const double room = static_cast<double>(ram - bound->shared_buffers - bound->autovacuum_max_workers * bound->autovacuum_mem);
  const double per = room / (static_cast<double>(bound->max_connections) * bound->hash_mem_multiplier);
  const bool fixable = per >= kMinWorkMem && static_cast<std::int64_t>(per) < bound->work_mem;
  const std::int64_t fit = fixable ? floor_mb(static_cast<std::int64_t>(per)) : bound->work_mem;

  SettingChange c;
  c.check_id = kId;
  c.name = "work_mem";
  c.recommended = format_size(fit);
  c.title = "Worst-case memory use " + format_size(ceil_mb(total)) + " exceeds RAM " + format_size(ram) +
            (fixable ? "; lower work_mem to " + c.recommended : "");
  std::string r = "If every allowed connection ran one hash or sort at its limit while autovacuum ran all its "
                  "workers, PostgreSQL would need shared\\_buffers + max\\_connections × work\\_mem × "
                  "hash\\_mem\\_multiplier + autovacuum\\_max\\_workers × " +
                  std::string(bound->autovacuum_uses_maintenance ? "maintenance\\_work\\_mem (autovacuum\\_work\\_mem = -1)"
                                                                 : "autovacuum\\_work\\_mem") +
                  " = " + sdk::md::escape(bound->formula()) + ", " + sdk::md::escape(format_percent(ratio)) +
                  " of the " + sdk::md::escape(format_size(ram)) +
                  " RAM. It is a bound, not a measurement (a complex query may also use several work\\_mem), but "
                  "when it is exceeded the operating system can kill a backend, and PostgreSQL then restarts every "
                  "session.";
  if (fixable)
    r += " work\\_mem = " + sdk::md::escape(c.recommended) +
         " brings it back within RAM; raise it per role or per query (SET work\\_mem) where a statement needs more.";
  else
    r += " Lowering work\\_mem alone cannot fix it: reduce shared\\_buffers (see config-tuner/shared-buffers), "
         "max\\_connections (use a connection pooler) or the autovacuum memory.";
  c.reason = r;
  c.evidence = {metric("memory_bound_bytes", static_cast<double>(total), "bytes"),
                metric("ram_bytes", static_cast<double>(ram), "bytes"), metric("ratio_of_ram", ratio, "ratio"),
                metric("shared_buffers_bytes", static_cast<double>(bound->shared_buffers), "bytes"),
                metric("max_connections", static_cast<double>(bound->max_connections), "count"),
                metric("work_mem_bytes", static_cast<double>(bound->work_mem), "bytes"),
                text_metric("hash_mem_multiplier", format_number(bound->hash_mem_multiplier)),
                metric("autovacuum_max_workers", static_cast<double>(bound->autovacuum_max_workers), "count"),
                metric("autovacuum_mem_bytes", static_cast<double>(bound->autovacuum_mem), "bytes")};
  c.severity = ratio >= kHighRatio ? sdk::Severity::High : sdk::Severity::Medium;
  c.impact_summary = "removes the out-of-memory risk of the worst case; no speedup";
  sdk::Finding f = make_setting_finding(in.catalog, c);
  if (!fixable) {
    f.script.reset();
    f.detail = c.reason + "\n\nNo script: no work\\_mem of 1MB or more fits; one of the changes above is needed.";
    std::erase_if(f.evidence, [](const sdk::Metric& m) { return m.name == "recommended_value"; });
  }
  sink.add(f);
}

}  // namespace dbopt::plugins::config_tuner
