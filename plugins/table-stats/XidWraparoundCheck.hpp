// table-stats/xid-wraparound — transaction-ID and multixact-ID age against the freeze settings and
// the 2^31 wraparound limit. PostgreSQL 15 docs, routine-vacuuming.html#VACUUM-FOR-WRAPAROUND.
#pragma once

#include <cstdint>
#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::table_stats {

/// XID (and multixact) space usable before wraparound: 2^31 transactions.
inline constexpr double kXidCapacity = 2147483648.0;
/// PostgreSQL 14+ refuses new XIDs this many transactions before the limit (xidStopLimit) …
inline constexpr double kXidStopMargin = 3'000'000;
/// … and starts warning this many before it (xidWarnLimit).
inline constexpr double kXidWarnMargin = 40'000'000;

/// Reports, for the database (ServerInfo.datfrozenxid_age / datminmxid_age, object kind
/// "database") and for each table (Table.relfrozenxid_age / relminmxid_age):
///   Critical when an age exceeds `wraparound-critical-ratio` × 2^31,
///   High when it exceeds autovacuum_freeze_max_age (autovacuum_multixact_freeze_max_age for
///   multixacts; per-table reloptions may lower them) — autovacuum should already be freezing it.
/// At most `wraparound-max-tables` tables (oldest first) are reported. Fix per table:
/// `VACUUM (FREEZE, VERBOSE) schema.table;`; the database finding carries a database-wide
/// `VACUUM (FREEZE, VERBOSE);` only when no captured table explains its age.
/// README.md, section table-stats/xid-wraparound.
class XidWraparoundCheck {
 public:
  static constexpr const char* kId = "table-stats/xid-wraparound";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::table_stats
