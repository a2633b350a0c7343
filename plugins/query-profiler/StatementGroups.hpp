// query-profiler — pg_stat_statements rows merged per queryid ("statement groups").
// pg_stat_statements keeps one row per (userid, dbid, queryid, toplevel); the same normalized
// statement run by two roles is two rows. Every check of this plugin reasons about the statement,
// so rows with the same queryid are merged first (counters summed, mean and stddev pooled).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/finding.hpp"

namespace dbopt::plugins::query_profiler {

/// The pg_stat_statements rows of one queryid, merged. Times in ms, blocks in pages
/// (Catalog::block_size() bytes each). Source: pg_stat_statements (pgstatstatements.html).
struct StatementGroup {
  std::int64_t queryid = 0;             ///< pg_stat_statements.queryid
  std::string query;                    ///< pg_stat_statements.query of the first row (normalized text)
  int entries = 0;                      ///< pg_stat_statements rows merged (userid / toplevel variants)
  std::int64_t calls = 0;               ///< Σ calls
  double total_exec_time = 0;           ///< Σ total_exec_time, ms
  double mean_exec_time = 0;            ///< total_exec_time / calls, ms (0 when calls = 0)
  double stddev_exec_time = 0;          ///< pooled population stddev of the rows' stddev_exec_time, ms
  double min_exec_time = 0;             ///< min of min_exec_time, ms
  double max_exec_time = 0;             ///< max of max_exec_time, ms
  std::int64_t rows = 0;                ///< Σ rows
  std::int64_t shared_blks_hit = 0;     ///< Σ shared_blks_hit, pages
  std::int64_t shared_blks_read = 0;    ///< Σ shared_blks_read, pages
  std::int64_t temp_blks_read = 0;      ///< Σ temp_blks_read, pages
  std::int64_t temp_blks_written = 0;   ///< Σ temp_blks_written, pages
  std::optional<std::int64_t> wal_bytes;  ///< Σ wal_bytes, bytes (null when no row has it: PG12)
  const sdk::StatementFacts* facts = nullptr;  ///< parsed facts of the queryid, or nullptr
};

/// Merges catalog.statements() by queryid. Sorted by total_exec_time descending, then queryid
/// ascending (deterministic). Empty when pg_stat_statements was not captured.
/// Pooled stddev: sqrt(Σ calls_i × (stddev_i² + (mean_i − mean)²) / Σ calls_i).
std::vector<StatementGroup> group_statements(const sdk::Catalog& catalog);

/// The group's share of `total_exec_time_ms` (0..1); 0 when the total is not positive.
double time_share(const StatementGroup& group, double total_exec_time_ms);

/// The normalized query text on one line: runs of whitespace and control characters become one
/// space, trimmed; cut to at most `max_bytes` bytes on a UTF-8 character boundary with "…"
/// appended when cut. Plain text: callers escape it for Markdown (sdk::md) where needed.
std::string statement_label(std::string_view query, std::size_t max_bytes = 200);

/// Bytes of statement text in a statement finding's title (statement_label); the full text is in
/// the detail, and the queryid in the finding's object.
inline constexpr std::size_t kTitleQueryBytes = 60;

/// The ObjectRef of a statement finding: kind "statement", queryid, name = statement_label(query).
sdk::ObjectRef statement_object(const StatementGroup& group);

/// True when the statement only reads: its facts say SELECT (a parsed statement). Unparsed
/// statements and utility commands are neither reads nor writes.
bool is_read(const StatementGroup& group);
/// True when its facts say INSERT, UPDATE, DELETE or MERGE.
bool is_write(const StatementGroup& group);

}  // namespace dbopt::plugins::query_profiler
