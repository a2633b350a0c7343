// query-profiler/track-io-timing-off — track_io_timing is off, so blk_read_time / blk_write_time
// (pg_stat_statements, pg_stat_database) are zero and reads cannot be told from waits. Issue 3
// ("when track_io_timing is off, one clear finding that says what is lost and how to enable it");
// PostgreSQL docs, runtime-config-statistics.html (track_io_timing) and pgtesttiming.html.
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::query_profiler {

/// Reports once, object {kind "setting", name "track_io_timing"}, when the captured setting is
/// "off". Script (category config): `ALTER SYSTEM SET track_io_timing = on; SELECT
/// pg_reload_conf();`, rollback `ALTER SYSTEM RESET track_io_timing;` when pg_settings.source was
/// "default", else `ALTER SYSTEM SET track_io_timing = '<captured value>';`, each followed by
/// `SELECT pg_reload_conf();`. No script when the value comes from a source that overrides
/// postgresql.auto.conf (ALTER DATABASE / ROLE, command line, …): the detail names it instead.
/// Severity low. Skipped (logged) when the setting was not captured.
/// README.md, section query-profiler/track-io-timing-off.
class TrackIoTimingOffCheck {
 public:
  static constexpr const char* kId = "query-profiler/track-io-timing-off";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::query_profiler
