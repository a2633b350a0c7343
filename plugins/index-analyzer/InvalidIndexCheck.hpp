// index-analyzer/invalid-index — an index left INVALID by a failed CREATE INDEX CONCURRENTLY or
// REINDEX CONCURRENTLY. Source: PostgreSQL docs, CREATE INDEX, "Building Indexes Concurrently"
// (sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY): "the index will be ignored for querying
// purposes because it might be incomplete; however it will still consume update overhead".
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::index_analyzer {

/// Reports every index with pg_index.indisvalid = false. Fix: DROP INDEX CONCURRENTLY;
/// rollback: the captured definition rebuilt CONCURRENTLY (which also gives a valid index).
/// README.md, section index-analyzer/invalid-index.
class InvalidIndexCheck {
 public:
  static constexpr const char* kId = "index-analyzer/invalid-index";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::index_analyzer
