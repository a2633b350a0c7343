// toast-whisperer — the capture probes (sdk::Probe) and the reading of their stored rows.
//
// `columns-<table oid>`: one bounded sample per table that may hold TOASTed values
// (TABLESAMPLE SYSTEM (p) REPEATABLE (0) with p from relpages/reltuples, then LIMIT sample_rows),
// one result row per sampled variable-length column. `server-compression`: the values
// default_toast_compression accepts (pg_settings.enumvals: lz4 only when the server was built
// --with-lz4). README.md, "Capture probes", documents every column and the limits of each method.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::toast_whisperer {

inline constexpr const char* kServerCompressionProbe = "server-compression";

/// Bounds of the capture probes, from the plugin options sample-rows, probe-budget,
/// probe-timeout and max-tables (probe_settings); defaults are dbopt choices (README.md,
/// "Capture probes") and equal those options' defaults.
struct ProbeSettings {
  std::int64_t sample_rows = 5000;        ///< LIMIT of each table's sample, rows (sample-rows)
  double total_budget_ms = 60'000;        ///< split evenly over the column probes, ms (probe-budget)
  double max_probe_timeout_ms = 10'000;   ///< statement_timeout cap of one probe, ms (probe-timeout)
  /// statement_timeout floor of one probe, ms (not an option; lowered to max_probe_timeout_ms when
  /// that is smaller).
  double min_probe_timeout_ms = 1'000;
  std::size_t max_tables = 100;           ///< tables sampled at most, largest heap + TOAST first (max-tables)
};

/// The plugin options that bound the probes: sample-rows (rows), probe-budget (ms),
/// probe-timeout (ms), max-tables (tables), with ProbeSettings' defaults. Source: dbopt choices
/// (README.md, "Capture probes").
std::vector<sdk::OptionSpec> probe_options();

/// ProbeSettings from the resolved plugin options (probe_options). Throws std::out_of_range
/// naming an option `options` lacks.
ProbeSettings probe_settings(const sdk::Options& options);

/// Name of the column probe of a table: "columns-<pg_class.oid>".
std::string column_probe_name(sdk::Oid table_oid);

/// True for a column whose values can be TOASTed: variable length (pg_type.typlen = -1) and
/// attstorage not PLAIN.
bool is_toastable(const sdk::Column& column);

/// The probes for `catalog`: `server-compression` (PG14+) and one `columns-<oid>` per table
/// (relkind r or m) with a TOAST relation, pages, and a toastable column that is out of line
/// (TOAST larger than its empty size) or wide (pg_stats.avg_width >= 256 bytes, or no stats); at
/// most settings.max_tables of them, each with statement_timeout_ms = total_budget_ms / tables
/// clamped to [min(min_probe_timeout_ms, max_probe_timeout_ms), max_probe_timeout_ms].
/// Identifiers are quoted with sdk::sql::quote_ident; the only literals are numbers.
std::vector<sdk::Probe> column_sample_probes(const sdk::Catalog& catalog, const ProbeSettings& settings = {});

/// The SQL of one table's column probe (exposed for tests). Throws std::invalid_argument when the
/// table has no toastable column.
std::string column_probe_sql(const sdk::Catalog& catalog, const sdk::Table& table, const ProbeSettings& settings);

/// One sampled column (a row of a `columns-<oid>` probe). Sizes in bytes; counts in values.
struct ColumnSample {
  int attnum = 0;
  std::int64_t sampled_rows = 0;          ///< rows in the sample (all columns of a table share it)
  std::int64_t non_null = 0;              ///< non-null values sampled
  std::int64_t stored_bytes = 0;          ///< sum of pg_column_size(value): as stored (compressed / out of line)
  std::int64_t max_stored_bytes = 0;      ///< max pg_column_size(value)
  std::int64_t raw_bytes = 0;             ///< sum of the uncompressed sizes (see raw_method)
  std::string raw_method;                 ///< "octet_length" (exact), "array" (±3 bytes) or "stored" (lower bound)
  std::int64_t out_of_line = 0;           ///< values stored in the TOAST relation (see out_of_line_method)
  std::int64_t out_of_line_stored_bytes = 0;  ///< their pg_column_size sum
  std::string out_of_line_method;         ///< "toast_chunk_id" (PG17+, exact) or "size" (PG<17, lower bound)
  std::optional<std::int64_t> pglz;       ///< values compressed with pglz (pg_column_compression, PG14+)
  std::optional<std::int64_t> lz4;        ///< values compressed with lz4 (PG14+)
  std::int64_t large_values = 0;          ///< values larger than TOAST_TUPLE_THRESHOLD uncompressed
  std::optional<std::int64_t> large_pglz;          ///< of those, compressed with pglz (PG14+)
  std::optional<std::int64_t> large_uncompressed;  ///< of those, stored uncompressed (PG14+)
  std::int64_t large_stored_bytes = 0;    ///< pg_column_size sum of the large values
  std::int64_t large_raw_bytes = 0;       ///< uncompressed size sum of the large values
};

/// The stored sample of one table.
struct TableSample {
  sdk::Oid table_oid = 0;
  std::vector<ColumnSample> columns;      ///< in probe row order
  /// The column sample of `attnum`, or nullptr.
  const ColumnSample* column(int attnum) const;
};

/// Reads the `columns-<oid>` probe of `table` from the snapshot. Returns nullopt, with a line in
/// the run log, when the probe was not captured, failed, or returned rows that do not parse
/// (missing columns, non-numbers, negative counts, unknown attnum): such a table is skipped.
std::optional<TableSample> read_table_sample(const sdk::Catalog& catalog, const sdk::Table& table, sdk::FindingSink& sink);

/// Whether the server accepts lz4 for default_toast_compression (pg_settings.enumvals, read by the
/// `server-compression` probe); nullopt when the probe is missing or failed.
std::optional<bool> lz4_available(const sdk::Catalog& catalog);

}  // namespace dbopt::plugins::toast_whisperer
