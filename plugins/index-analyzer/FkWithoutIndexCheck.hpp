// index-analyzer/fk-without-index — a foreign key whose referencing columns lead no index.
// Source: PostgreSQL docs, "Foreign Keys" (ddl-constraints.html#DDL-CONSTRAINTS-FK): "a DELETE
// of a row from the referenced table or an UPDATE of a referenced column will require a scan of
// the referencing table for rows matching the old value, it is often a good idea to index the
// referencing columns too".
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::index_analyzer {

/// Reports a foreign key (pg_constraint.contype = 'f') on a table of at least `fk-min-rows` rows
/// (pg_class.reltuples) when no valid, non-partial btree on that table has the key's columns
/// (conkey) as its first N keys, in any order. Severity medium when the referenced table had
/// deletes or updates since statistics were reset (each one checks the referencing table), low
/// otherwise. Fix: CREATE INDEX CONCURRENTLY on the columns; rollback: DROP INDEX CONCURRENTLY.
/// README.md, section index-analyzer/fk-without-index.
class FkWithoutIndexCheck {
 public:
  static constexpr const char* kId = "index-analyzer/fk-without-index";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::index_analyzer
