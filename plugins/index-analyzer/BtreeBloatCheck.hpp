// index-analyzer/btree-bloat — a btree index much larger than a fresh build would be.
// Seed 000_…, "Index Analyzer Agent": index_bloat {table, index, bloat_ratio, recommendation:
// REINDEX INDEX …}. Estimate: ioguix's pgsql-bloat-estimation btree query (BtreeSizeModel.hpp).
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::index_analyzer {

/// Reports a valid btree index whose pg_class.relpages exceed the pages a fresh build would
/// take (btree_expected_pages from the index's reltuples, pg_stats widths and fillfactor) by at
/// least `bloat-min-ratio` of relpages and `bloat-min-bytes`. Indexes with expression keys,
/// columns without statistics or of type name are skipped (logged). Fix: REINDEX INDEX
/// CONCURRENTLY (PostgreSQL 12+). README.md, section index-analyzer/btree-bloat.
class BtreeBloatCheck {
 public:
  static constexpr const char* kId = "index-analyzer/btree-bloat";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::index_analyzer
