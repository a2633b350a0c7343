// toast-whisperer/storage-strategy — a frequently read column whose values live out of line.
// Seed 003_…, physical view "TOAST Strategy": "frequently accessed columns use STORAGE MAIN"; story
// DB-OPT-03: "STORAGE MAIN strategy applied to hot columns"; technical reference 6.1 (the secondary
// TID lookup of a TOASTed value).
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::toast_whisperer {

/// Reports EXTENDED columns of a table (relkind r) when all of these hold: statements reference the
/// column (WHERE/JOIN/ORDER BY/GROUP BY, statement facts) with at least `storage-min-calls` calls
/// and `storage-min-call-share` of the calls of all statements on the table; the capture sample
/// finds at least `storage-min-out-of-line-share` of its values out of line with an average stored
/// size of at most `storage-main-max-bytes` (so they fit in the heap page once inline); and the
/// table's TOAST is being read (pg_statio_user_tables.toast_blks_hit + toast_blks_read > 0).
/// Fix: SET STORAGE MAIN; rollback: SET STORAGE EXTENDED. Rarely read large columns are left as
/// they are. README.md, section toast-whisperer/storage-strategy.
class StorageStrategyCheck {
 public:
  static constexpr const char* kId = "toast-whisperer/storage-strategy";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::toast_whisperer
