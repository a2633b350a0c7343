#include "IndexLookupModel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dbopt::plugins::index_analyzer {

std::optional<double> distinct_values(const sdk::Column& column, double reltuples) {
  if (!column.stats) return std::nullopt;
  const double nd = column.stats->n_distinct;
  if (nd > 0) return nd;
  if (nd < 0) return std::max(1.0, -nd * reltuples);
  return std::nullopt;
}

std::optional<double> equality_selectivity(const sdk::Column& column, double reltuples) {
  auto nd = distinct_values(column, reltuples);
  if (!nd) return std::nullopt;
  return std::clamp((1.0 - column.stats->null_frac) / *nd, 0.0, 1.0);
}

PageCosts page_costs(const sdk::Catalog& catalog) {
  PageCosts c;
  auto read = [&](const char* name, double& out) {
    if (const sdk::Setting* s = catalog.setting(name)) {
      try {
        const double v = std::stod(s->setting);
        if (v > 0 && std::isfinite(v)) out = v;
      } catch (...) {
      }
    }
  };
  read("seq_page_cost", c.seq_page_cost);
  read("random_page_cost", c.random_page_cost);
  read("cpu_tuple_cost", c.cpu_tuple_cost);
  read("cpu_index_tuple_cost", c.cpu_index_tuple_cost);
  read("cpu_operator_cost", c.cpu_operator_cost);
  return c;
}

double modeled_speedup(const LookupInput& in, const PageCosts& costs) {
  const double relpages = std::max(1.0, in.relpages);
  const double rows = std::max(1.0, in.selectivity * std::max(0.0, in.reltuples));
  // cost_seqscan: every page read sequentially, every tuple checked against one qual.
  const double tuples = std::max(0.0, in.reltuples);
  const double seq = relpages * costs.seq_page_cost + tuples * (costs.cpu_tuple_cost + costs.cpu_operator_cost);
  const double index = (kBtreeDescentPages + rows / std::max(1.0, in.index_tuples_per_page)) * costs.random_page_cost +
                       rows * (costs.cpu_index_tuple_cost + costs.cpu_operator_cost);
  const double max_io = std::min(rows, relpages) * costs.random_page_cost;
  const double min_io =
      costs.random_page_cost + std::max(0.0, std::ceil(in.selectivity * relpages) - 1) * costs.seq_page_cost;
  const double c2 = in.correlation * in.correlation;
  const double heap = max_io + c2 * (min_io - max_io) + rows * costs.cpu_tuple_cost;
  return std::min(kMaxModeledSpeedup, seq / (index + heap));
}


}  // namespace dbopt::plugins::index_analyzer
