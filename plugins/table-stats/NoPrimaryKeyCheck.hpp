// table-stats/no-primary-key — a table with rows and no primary key.
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::table_stats {

/// Reports an ordinary table (relkind r, not a partition) or a partitioned table (relkind p,
/// rows summed over its partitions) with at least `no-pk-min-rows` rows and neither a
/// pg_constraint contype 'p' nor an index with indisprimary. Medium; Low when a valid,
/// non-partial unique index on NOT NULL plain columns could become the key (named in the detail).
/// No script: the key is a design decision; the detail outlines it. README.md, section
/// table-stats/no-primary-key.
class NoPrimaryKeyCheck {
 public:
  static constexpr const char* kId = "table-stats/no-primary-key";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::table_stats
