// table-stats/top-tables — the report exhibit "Largest tables": heap, TOAST, indexes, total, rows,
// dead tuples and insert rate of the biggest tables. Seed 000_…, "Table Stats" agent:
// table_sizes {table, rows, size, index_size}. Sizes are facts, not problems: no findings.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::table_stats {

/// Emits one sdk::Exhibit (id "table-stats/top-tables") listing the `top-tables-count` tables
/// (relkind r, m) with the largest pg_total_relation_size, ties by name. Nothing when no table
/// has any size. README.md, section table-stats/top-tables.
class TopTablesExhibit {
 public:
  static constexpr const char* kId = "table-stats/top-tables";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

/// `text` for a monospace cell: control characters become spaces and anything past `max_chars`
/// UTF-8 code points is cut and ends with "…". Returns the text and its width in code points.
std::pair<std::string, std::size_t> plain_cell(std::string_view text, std::size_t max_chars);

}  // namespace dbopt::plugins::table_stats
