// table-stats — the "sequences" probe: pg_sequences (PostgreSQL 10+) joined through pg_depend to the
// column each sequence feeds, and the parser of its stored result (Snapshot::plugin_probes
// ["table-stats"]["sequences"]). Sequences are not part of the snapshot model, hence the probe.
// Sources: PostgreSQL 15 docs, view-pg-sequences.html, catalog-pg-depend.html (deptype 'a' =
// OWNED BY / serial, 'i' = identity column; 'n' from a column default calling nextval()).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::table_stats {

inline constexpr const char* kSequenceProbeName = "sequences";

/// The probe the capture runs for table-stats (read-only, 10 s statement_timeout). One row per
/// (sequence, fed column) pair, or one row with null table columns for a sequence feeding none.
/// Columns: schemaname, sequencename, data_type, last_value, min_value, max_value, increment_by,
/// cycle, table_schema, table_name, column_name, column_type, dependency.
sdk::Probe sequence_probe();

/// One parsed probe row.
struct SequenceUse {
  std::string schemaname;                   ///< pg_sequences.schemaname
  std::string sequencename;                 ///< pg_sequences.sequencename
  std::string data_type;                    ///< pg_sequences.data_type: smallint, integer, bigint
  std::optional<std::int64_t> last_value;   ///< pg_sequences.last_value; null = never used or not readable
  std::int64_t min_value = 0;               ///< pg_sequences.min_value
  std::int64_t max_value = 0;               ///< pg_sequences.max_value
  std::int64_t increment_by = 1;            ///< pg_sequences.increment_by
  bool cycle = false;                       ///< pg_sequences.cycle
  std::optional<std::string> table_schema;  ///< schema of the table whose column it feeds
  std::optional<std::string> table_name;    ///< that table
  std::optional<std::string> column_name;   ///< that column (pg_attribute.attname)
  std::optional<std::string> column_type;   ///< format_type(atttypid, atttypmod) of the column
  char dependency = 0;                      ///< 'a' owned by, 'i' identity, 'n' column default; 0 = none
};

/// The parsed probe: rows, plus why rows (or the whole result) were rejected.
struct SequenceProbeData {
  bool available = false;             ///< a usable result was stored
  std::vector<SequenceUse> uses;      ///< deduplicated per (sequence, column), identity/owned first
  std::vector<std::string> problems;  ///< one plain-text line per rejected row or result
};

/// Reads and validates the stored probe result of `catalog`. Never throws: a missing or failed
/// probe, missing columns or non-numeric values become `problems` (untrusted text, STYLE.md).
SequenceProbeData read_sequence_probe(const sdk::Catalog& catalog);

/// Bounds of an integer SQL type named as format_type() prints it ("smallint", "integer",
/// "bigint"); nullopt for any other type.
struct IntegerBounds {
  std::int64_t min;
  std::int64_t max;
};
std::optional<IntegerBounds> integer_bounds(const std::string& type_name);

}  // namespace dbopt::plugins::table_stats
