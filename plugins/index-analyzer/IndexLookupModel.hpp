// index-analyzer — how much faster an index lookup is than a full sequential scan, modeled
// with PostgreSQL's own cost model (src/backend/optimizer/path/costsize.c cost_seqscan and
// cost_index, src/backend/utils/adt/selfuncs.c genericcostestimate) and the planner's selectivity rules
// (src/backend/utils/adt/selfuncs.c: var_eq_const uses 1/n_distinct; DEFAULT_EQ_SEL = 0.005,
// DEFAULT_INEQ_SEL = 1/3, DEFAULT_RANGE_INEQ_SEL = 0.005 when nothing better is known).
// It is a model: it says which order of magnitude to expect, not a measurement.
#pragma once

#include <optional>
#include <string>

#include "dbopt/sdk/catalog.hpp"

namespace dbopt::plugins::index_analyzer {

/// Pages read to descend a btree to its first leaf: root + one internal level + leaf. Three
/// levels hold ~100 million narrow tuples at 8 kB pages; upper levels are usually cached, so
/// this errs towards a smaller speedup.
inline constexpr double kBtreeDescentPages = 3;
/// Upper bound of a modeled speedup, ×: beyond it the model's error dominates the number.
inline constexpr double kMaxModeledSpeedup = 1000;
/// selfuncs.h DEFAULT_EQ_SEL: equality selectivity the planner assumes without statistics.
inline constexpr double kDefaultEqSel = 0.005;
/// selfuncs.h DEFAULT_INEQ_SEL: one-sided range (<, <=, >, >=) without a histogram.
inline constexpr double kDefaultIneqSel = 1.0 / 3.0;
/// selfuncs.h DEFAULT_RANGE_INEQ_SEL: a two-sided range (BETWEEN) without a histogram.
inline constexpr double kDefaultRangeIneqSel = 0.005;

/// Number of distinct non-null values of a column from pg_stats.n_distinct: n_distinct when
/// > 0, else -n_distinct × reltuples (a fraction of the rows); nullopt when n_distinct = 0
/// (unknown) or the column has no statistics.
std::optional<double> distinct_values(const sdk::Column& column, double reltuples);

/// Selectivity of `column = constant` (var_eq_const without MCV lists):
/// (1 - null_frac) / distinct_values; nullopt without statistics.
std::optional<double> equality_selectivity(const sdk::Column& column, double reltuples);

/// The planner cost settings the model reads from pg_settings (PostgreSQL defaults when not
/// captured). Units: the planner's arbitrary cost units (one sequential page fetch = 1.0).
struct PageCosts {
  double seq_page_cost = 1.0;
  double random_page_cost = 4.0;
  double cpu_tuple_cost = 0.01;
  double cpu_index_tuple_cost = 0.005;
  double cpu_operator_cost = 0.0025;
};
PageCosts page_costs(const sdk::Catalog& catalog);

/// Inputs of one modeled lookup.
struct LookupInput {
  double relpages = 0;             ///< heap pages of the table (pg_class.relpages)
  double reltuples = 0;            ///< rows of the table (pg_class.reltuples)
  double selectivity = 0;          ///< fraction of rows a lookup returns, 0..1
  double correlation = 0;          ///< pg_stats.correlation of the leading key, -1..1 (0 when unknown)
  double index_tuples_per_page = 100;  ///< leaf tuples per index page
};

/// Modeled speedup of an index lookup over a full sequential scan, ×, capped at
/// kMaxModeledSpeedup (rows = max(1, selectivity × reltuples)):
///   seq   = relpages × seq_page_cost + reltuples × (cpu_tuple_cost + cpu_operator_cost)
///   index = (kBtreeDescentPages + rows / index_tuples_per_page) × random_page_cost
///           + rows × (cpu_index_tuple_cost + cpu_operator_cost)
///   heap  = max_IO + correlation² × (min_IO − max_IO) + rows × cpu_tuple_cost, where
///           max_IO = min(rows, relpages) × random_page_cost (one random page per row) and
///           min_IO = random_page_cost + (ceil(selectivity × relpages) − 1) × seq_page_cost
///   speedup = seq / (index + heap)
double modeled_speedup(const LookupInput& in, const PageCosts& costs);


}  // namespace dbopt::plugins::index_analyzer
