#include "WorkersCheck.hpp"

#include "Evidence.hpp"
#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/markdown.hpp"

namespace dbopt::plugins::plan_decoder {

sdk::CheckInfo WorkersCheck::info() { return {kId, "Fewer parallel workers launched than planned", ""}; }

std::vector<sdk::OptionSpec> WorkersCheck::options() { return {}; }

void WorkersCheck::run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options&, PlanFindings& out) const {
  for (const NodeView& v : view.nodes) {
    const sdk::PlanNode& n = *v.node;
    if (!n.workers_planned || !n.workers_launched || *n.workers_launched >= *n.workers_planned) continue;
    sdk::Finding f = out.start(kId, "", &v, catalog);
    f.severity = *n.workers_launched == 0 ? sdk::Severity::Medium : sdk::Severity::Low;
    f.title = node_ref(v) + " launched " + std::to_string(*n.workers_launched) + " of " +
              std::to_string(*n.workers_planned) + " planned parallel workers";
    f.evidence.push_back(metric("workers_planned", static_cast<double>(*n.workers_planned), "count"));
    f.evidence.push_back(metric("workers_launched", static_cast<double>(*n.workers_launched), "count"));
    std::string d = "The plan was costed for " + std::to_string(*n.workers_planned) + " workers but only " +
                    std::to_string(*n.workers_launched) + " could start: the rest of the work ran in fewer processes. "
                    "Workers come from max\\_parallel\\_workers (and max\\_worker\\_processes); when other queries hold "
                    "them, new queries get fewer.";
    for (const char* name : {"max_parallel_workers", "max_worker_processes", "max_parallel_workers_per_gather"})
      if (const sdk::Setting* s = catalog.setting(name))
        d += " " + sdk::md::escape(std::string(name)) + " = " + sdk::md::escape(s->setting) + ".";
    f.detail = std::move(d);
    f.risk = {sdk::RiskLevel::Low, "diagnosis only"};
    out.add(f, &v, "parallel-workers");
  }
}

}  // namespace dbopt::plugins::plan_decoder
