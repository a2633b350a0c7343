// index-analyzer/redundant-index — a btree index whose keys are a left prefix of another
// btree index on the same table: the longer index serves its queries.
// Source: PostgreSQL docs, "Multicolumn Indexes" (indexes-multicolumn.html): a btree on
// (a, b) is efficient for conditions on its leading column a.
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::index_analyzer {

/// Reports a valid, non-unique btree index A when another valid btree B on the same table has
/// more keys, starts with A's keys (same column/expression, opclass, collation, ordering), has
/// the same predicate, and holds every INCLUDE column of A (as a key or INCLUDE column).
/// A unique index, a primary key or an index a constraint needs is never reported, nor A when B
/// has never been scanned while A has (unused-index then proposes dropping B). Fix: drop A.
/// README.md, section index-analyzer/redundant-index.
class RedundantIndexCheck {
 public:
  static constexpr const char* kId = "index-analyzer/redundant-index";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::index_analyzer
