// table-stats/sequence-exhaustion — a sequence, or the integer column it feeds (serial / identity
// primary keys), close to its maximum. postgres-checkup L003 ("integer out-of-range risks in
// PKs"); issue #3 (critical above 90 %). Data: the "sequences" probe (SequenceProbe.hpp).
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::table_stats {

/// For each sequence in the probe with a last_value, the binding limit is the nearer of the
/// sequence's max_value (min_value when descending) and the bounds of the fed column's type
/// (smallint/integer/bigint). Used fraction = distance travelled from the start bound / the whole
/// range. Critical at `sequence-critical-ratio`, High at `sequence-high-ratio`. Script only where
/// exact: `ALTER SEQUENCE … AS bigint` (rollback `AS <old type>`) when the sequence's own type
/// binds, it ascends, its max_value is its type's maximum and it feeds a bigint column; the column
/// rewrite is only outlined in the detail. A missing/failed/garbage probe is logged and skipped.
/// README.md, section table-stats/sequence-exhaustion.
class SequenceExhaustionCheck {
 public:
  static constexpr const char* kId = "table-stats/sequence-exhaustion";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::table_stats
