#include "WorkMemSpillCheck.hpp"

#include <cmath>

#include "Evidence.hpp"
#include "PlanSettings.hpp"
#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::plan_decoder {

namespace {
constexpr double kDefaultHashMemMultiplier = 2.0;  // PostgreSQL 15+ default (docs, hash_mem_multiplier)
constexpr double kKbPerMb = 1024.0;
}  // namespace

sdk::CheckInfo WorkMemSpillCheck::info() { return {kId, "Sort or hash spilled to disk (work_mem)", ""}; }

std::vector<sdk::OptionSpec> WorkMemSpillCheck::options() {
  return {
      {"sort-memory-factor", sdk::OptionType::Double, "2",
       "work-mem-spill: memory an external sort would need in memory, × its Disk figure; dbopt choice: an in-memory "
       "sort keeps a SortTuple and palloc overhead per row that the on-disk tape format does not",
       1.0, std::nullopt},
      {"spill-time-share", sdk::OptionType::Double, "0.1",
       "work-mem-spill: exclusive time share of the statement from which a spill is medium, else low, 0..1; dbopt "
       "choice",
       0.0, 1.0},
  };
}

void WorkMemSpillCheck::run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options,
                            PlanFindings& out) const {
  const double sort_factor = options.number("sort-memory-factor");
  const double time_share = options.number("spill-time-share");
  const double multiplier =
      setting_number(*view.plan, catalog, "hash_mem_multiplier").value_or(kDefaultHashMemMultiplier);
  const auto work_mem_kb = setting_kb(*view.plan, catalog, "work_mem");
  for (const NodeView& v : view.nodes) {
    const sdk::PlanNode& n = *v.node;
    double needed_kb = 0;  // work_mem that would keep the node in memory
    std::string what, figures;
    if ((n.node_type == "Sort" || n.node_type == "Incremental Sort") && n.sort_space_type == "Disk" && n.sort_space_used) {
      needed_kb = static_cast<double>(*n.sort_space_used) * sort_factor;
      what = "sort spilled to disk (" + n.sort_method.value_or("external") + ")";
      figures = "Sort Space Used " + format_kb(static_cast<double>(*n.sort_space_used)) + " on disk × sort-memory-factor " +
                sdk::sql::format_speedup(sort_factor);
    } else if (n.node_type == "Hash" && n.hash_batches && *n.hash_batches > 1 && n.peak_memory_usage) {
      const double total = static_cast<double>(*n.peak_memory_usage) * static_cast<double>(*n.hash_batches);
      needed_kb = total / multiplier;
      what = "hash split into " + std::to_string(*n.hash_batches) + " batches";
      if (n.original_hash_batches && *n.original_hash_batches != *n.hash_batches)
        what += " (planned " + std::to_string(*n.original_hash_batches) + ")";
      figures = "Peak Memory Usage " + format_kb(static_cast<double>(*n.peak_memory_usage)) + " × " +
                std::to_string(*n.hash_batches) + " batches ÷ hash_mem_multiplier " + sdk::sql::format_speedup(multiplier);
    } else if (n.node_type == "Aggregate" && n.disk_usage && *n.disk_usage > 0) {
      const double total = static_cast<double>(n.peak_memory_usage.value_or(0) + *n.disk_usage);
      needed_kb = total / multiplier;
      what = "hash aggregate spilled " + format_kb(static_cast<double>(*n.disk_usage)) + " to disk";
      figures = "Peak Memory Usage + Disk Usage ÷ hash_mem_multiplier " + sdk::sql::format_speedup(multiplier);
    } else {
      continue;
    }
    const double suggested_kb = std::ceil(needed_kb / kKbPerMb) * kKbPerMb;
    const std::string suggested = std::to_string(static_cast<std::int64_t>(suggested_kb / kKbPerMb)) + "MB";
    sdk::Finding f = out.start(kId, "", &v, catalog);
    const bool heavy = v.exclusive_ms && view.runtime_ms && *view.runtime_ms > 0 && *v.exclusive_ms / *view.runtime_ms >= time_share;
    f.severity = heavy ? sdk::Severity::Medium : sdk::Severity::Low;
    f.title = node_ref(v) + ": " + what + "; work_mem " + suggested + " would keep it in memory";
    f.evidence.push_back(metric("needed_work_mem", suggested_kb * 1024, "bytes"));
    if (work_mem_kb) f.evidence.push_back(metric("work_mem", static_cast<double>(*work_mem_kb) * 1024, "bytes"));
    if (n.buffers.temp_written_blocks)
      f.evidence.push_back(metric("temp_written_blocks", static_cast<double>(*n.buffers.temp_written_blocks), "pages"));
    std::string d = sdk::md::escape(node_ref(v)) + ": " + sdk::md::escape(what) + ". It would have fit in memory with "
                    "work_mem ≈ " + sdk::md::escape(format_kb(needed_kb)) + " (" + sdk::md::escape(figures) + ")";
    if (work_mem_kb) d += "; work_mem is " + sdk::md::escape(format_kb(static_cast<double>(*work_mem_kb)));
    d += ".\n\nwork_mem is per sort or hash per connection, so raise it for this query rather than server-wide:\n\n" +
         sdk::md::code_block("SET LOCAL work_mem = '" + suggested + "';  -- in the transaction that runs the query") +
         "\n\nThen EXPLAIN (ANALYZE, BUFFERS) again: the node should report " +
         (n.node_type == "Hash" ? std::string("Batches: 1") : std::string("Memory instead of Disk")) + ".";
    f.detail = std::move(d);
    f.risk = {sdk::RiskLevel::Low, "a per-transaction setting; raising work_mem server-wide risks running out of memory"};
    f.impact.summary = "no temporary files for this node";
    out.add(f, &v, "work-mem-spill");
  }
}

}  // namespace dbopt::plugins::plan_decoder
