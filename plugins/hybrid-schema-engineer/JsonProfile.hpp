// hybrid-schema-engineer — a column's probe result read back from the snapshot
// (Snapshot::plugin_probes["hybrid-schema-engineer"]["json-sample-<oid>-<attnum>"], JsonProbe.hpp).
// Untrusted input: anything missing, failed or malformed gives a reason instead of a profile.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dbopt/sdk/catalog.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

/// One key of the sample (all levels together), kind 'key' rows of the probe.
struct KeyStat {
  std::string key;
  int level = 1;                    ///< shallowest nesting level where it occurs, 1 = top level
  std::int64_t documents = 0;       ///< sampled documents containing it
  std::int64_t occurrences = 0;     ///< occurrences at every level
  std::int64_t n_string = 0;        ///< top-level values by jsonb_typeof: string
  std::int64_t n_number = 0;        ///< number
  std::int64_t n_integer = 0;       ///< number written without fraction or exponent
  std::int64_t n_boolean = 0;       ///< boolean
  std::int64_t n_null = 0;          ///< JSON null
  std::int64_t n_container = 0;     ///< object or array
};

/// The probe's measurements for one column, on its sample (kind 'document' and 'depth' rows).
struct JsonProfile {
  std::int64_t sampled_rows = 0;        ///< rows read (NULLs included)
  std::int64_t documents = 0;           ///< non-null documents
  std::int64_t key_occurrences = 0;     ///< key occurrences at every level
  std::int64_t distinct_keys = 0;
  std::int64_t key_chars = 0;           ///< Σ length(key) × occurrences, characters
  std::int64_t key_bytes = 0;           ///< Σ octet_length(key) × occurrences, bytes
  std::int64_t stored_bytes = 0;        ///< Σ pg_column_size as stored (compressed when TOAST compressed it), bytes
  std::int64_t plain_bytes = 0;         ///< Σ pg_column_size of the uncompressed jsonb, bytes
  std::int64_t abbreviated_bytes = 0;   ///< Σ pg_column_size with keys > 3 characters abbreviated, bytes
  std::int64_t max_keys = 0;            ///< most keys (all levels) in one document
  std::map<int, std::int64_t> depth_documents;  ///< nesting depth → documents
  std::vector<KeyStat> keys;            ///< most frequent first (possibly truncated, see distinct_keys)

  /// Deepest nesting seen (0 when no document).
  int max_depth() const;
  /// Documents whose depth is greater than `depth`.
  std::int64_t documents_deeper_than(int depth) const;
};

/// Either a profile or why there is none.
struct ProfileLookup {
  std::optional<JsonProfile> profile;
  std::string problem;                  ///< "" when profile is set
};

/// Reads and validates the probe result of `column` from the catalog's snapshot. Missing probe
/// (snapshot captured without this plugin), failed probe (status "failed": timeout, cast error)
/// and malformed rows (unknown columns, non-numeric or negative counts, no 'document' row,
/// abbreviated or plain size of 0 with documents) give a problem text and no profile.
ProfileLookup find_profile(const sdk::Catalog& catalog, const sdk::Column& column);

/// Parses a probe result (exposed for tests). Throws std::runtime_error naming what is wrong.
JsonProfile parse_profile(const sdk::ProbeResult& result);

}  // namespace dbopt::plugins::hybrid_schema_engineer
