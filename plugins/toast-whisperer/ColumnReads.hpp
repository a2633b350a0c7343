// toast-whisperer — which statements reference which columns of a table, weighted by calls
// (pg_stat_statements.calls), from the statement facts (libpg_query).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dbopt/sdk/catalog.hpp"

namespace dbopt::plugins::toast_whisperer {

/// Calls of the statements that reference one table, and of those that reference each column.
struct ColumnReads {
  std::int64_t table_calls = 0;                      ///< sum of calls of statements referencing the table
  std::map<std::string, std::int64_t> column_calls;  ///< attname → sum of calls of statements using it
  std::map<std::string, std::vector<std::int64_t>> column_queryids;  ///< attname → those statements' queryids
};

/// Column references of `table_oid`: predicate columns (incl. JSON access), ORDER BY and GROUP BY
/// columns of every TableReference resolved to the table. SELECT-list columns are not part of the
/// statement facts, so a column only read in the select list is not counted (README.md).
ColumnReads column_reads(const sdk::Catalog& catalog, sdk::Oid table_oid);

}  // namespace dbopt::plugins::toast_whisperer
