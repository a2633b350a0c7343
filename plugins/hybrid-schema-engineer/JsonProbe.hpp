// hybrid-schema-engineer — the capture probe: one read-only query per json/jsonb column on a
// bounded sample (TABLESAMPLE SYSTEM + LIMIT), measuring key frequency and length, keys per
// document, nesting depth, document size (pg_column_size) and the size the same documents would
// have with abbreviated keys. Seed 003_…, DB-OPT-01 ("compression ratio improves > 20 %"),
// SPK-DB-OPT-01 (recursive walk for the depth), technical reference 6.1.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "JsonColumns.hpp"
#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

/// How much each probe may read and for how long (options sample-rows, probe-timeout,
/// probe-budget; README.md "Probes").
struct ProbeSettings {
  std::int64_t sample_rows = 1000;    ///< LIMIT of the sample, rows
  double column_timeout_ms = 5000;    ///< statement_timeout of one column's probe, ms
  double total_budget_ms = 60000;     ///< all columns together, ms (split evenly)
  int max_key_rows = 200;             ///< key rows returned per column, most frequent first
};

/// Reads the probe options (sample-rows, probe-timeout, probe-budget) from `options`.
ProbeSettings probe_settings(const sdk::Options& options);

/// The probe's name for a column: "json-sample-<pg_class.oid>-<attnum>" (kebab-case, unique).
std::string probe_name(const sdk::Column& column);

/// TABLESAMPLE SYSTEM percentage reading about 1.5 × `rows` rows: 100 × 1.5 × rows / reltuples
/// (= the pages holding that many rows at reltuples / relpages rows per page), at least one page
/// (100 / relpages), at most 100; 100 when reltuples or relpages is unknown (the LIMIT still
/// bounds the rows read).
double sample_percent(const sdk::Table& table, std::int64_t rows);

/// The probe statement for one column (identifiers quoted with sdk::sql; read-only). Result
/// columns, one row per kind:
///   kind 'document': sampled_rows, documents (non-null), occurrences (key occurrences at every
///     level), distinct_keys, key_chars (Σ length(key) × occurrences), key_bytes (Σ octet_length),
///     stored_bytes (Σ pg_column_size as stored), plain_bytes (Σ pg_column_size of the
///     uncompressed jsonb), abbreviated_bytes (same with every key longer than 3 characters
///     renamed to a code of 1–3 hex digits), max_keys (most keys in one document);
///   kind 'depth': level = nesting depth (containers on the deepest path), documents;
///   kind 'key': key, level (shallowest, 1 = top level), documents, occurrences, and for
///     top-level occurrences n_string, n_number, n_integer, n_boolean, n_null, n_container
///     (jsonb_typeof of the value) — at most settings.max_key_rows rows, most frequent first.
std::string probe_sql(const sdk::Table& table, const sdk::Column& column, const ProbeSettings& settings);

/// One probe per column of json_columns(), each with statement_timeout_ms =
/// min(column_timeout_ms, total_budget_ms / number of columns), at least 1 ms.
std::vector<sdk::Probe> json_probes(const sdk::Catalog& catalog, const ProbeSettings& settings);

}  // namespace dbopt::plugins::hybrid_schema_engineer
