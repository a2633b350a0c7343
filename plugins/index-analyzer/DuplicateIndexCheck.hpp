// index-analyzer/duplicate-index — two or more indexes with the same definition on one table.
// Seed 000_…, "Index Analyzer Agent": duplicate_indexes {table, indexes, recommendation: DROP INDEX …}.
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::index_analyzer {

/// Groups valid indexes of a table whose definitions are identical apart from name and
/// uniqueness (same_definition: access method, keys with opclass/collation/ordering, INCLUDE
/// list, predicate), keeps one (needed by a constraint > primary > unique > unique and
/// non-deferrable > NULLS NOT DISTINCT > most idx_scan > first by name) and reports every other
/// one that can be dropped without weakening uniqueness. README.md, section
/// index-analyzer/duplicate-index.
class DuplicateIndexCheck {
 public:
  static constexpr const char* kId = "index-analyzer/duplicate-index";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::index_analyzer
