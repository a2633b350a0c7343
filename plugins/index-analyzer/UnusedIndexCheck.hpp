// index-analyzer/unused-index — an index never scanned since statistics were reset.
// Seed 000_…, "Index Analyzer Agent": unused_indexes {table, index_name, size, scans: 0};
// seed 001_…, "Index Advisor": unused_indexes_to_drop with a rollback.
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::index_analyzer {

/// Reports valid, non-unique indexes with pg_stat_user_indexes.idx_scan = 0 that back no
/// constraint and whose drop leaves every foreign key a serving index (foreign_key_keeping over
/// all the indexes this check proposes to drop), once the database statistics
/// are older than `min-stats-age` days and the index is at least `unused-min-size` bytes.
/// Fix: DROP INDEX CONCURRENTLY; rollback: the captured definition rebuilt CONCURRENTLY.
/// README.md, section index-analyzer/unused-index.
class UnusedIndexCheck {
 public:
  static constexpr const char* kId = "index-analyzer/unused-index";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::index_analyzer
