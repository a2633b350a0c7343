// query-profiler/pg-stat-statements-unavailable — the capture has no pg_stat_statements rows, so
// every statement-level analysis is missing. Issue 3 ("when pg_stat_statements is missing or
// unreadable … one clear finding that says what is lost and how to enable it, with the restart it
// needs"); PostgreSQL docs, pgstatstatements.html (shared_preload_libraries, CREATE EXTENSION).
#pragma once

#include <string_view>
#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::query_profiler {

/// Reports once, object {kind "extension", name "pg_stat_statements"}, when
/// Snapshot::statements is null. The detail names the missing step from the captured
/// pg_settings.shared_preload_libraries and pg_extension: not preloaded (ALTER SYSTEM + restart +
/// CREATE EXTENSION), preloaded but not created (CREATE EXTENSION), or installed but unreadable
/// (the capture step's error; privileges). Severity medium. No script (a restart and an extension
/// are the DBA's decision; the steps are in the detail). README.md, section
/// query-profiler/pg-stat-statements-unavailable.
class PgStatStatementsUnavailableCheck {
 public:
  static constexpr const char* kId = "query-profiler/pg-stat-statements-unavailable";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

/// True when a shared_preload_libraries value (comma-separated, entries possibly double-quoted,
/// with a "$libdir/" prefix or a ".so" suffix) lists pg_stat_statements.
bool preloads_pg_stat_statements(std::string_view shared_preload_libraries);

}  // namespace dbopt::plugins::query_profiler
