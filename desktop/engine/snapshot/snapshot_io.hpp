// The snapshot file: sdk::Snapshot <-> JSON, optional gzip, strict validation on load.
//
// File shape (format "dbopt-snapshot", version 1): one JSON object
//   {"format":"dbopt-snapshot","format_version":1,"provenance":{…},"server":{…},"hardware":{…},
//    "settings":[…],"database":{…}|null,"tables":[…],"columns":[…],"indexes":[…],
//    "constraints":[…],"statements":[…]|null,"bgwriter":{…}|null,"wal":{…}|null,
//    "activity":{…}|null,"extensions":[…],"plugin_probes":{plugin id:{probe name:{…}}}}
// Keys are the sdk/model.hpp field names (PostgreSQL's own column names); every field of
// every struct is stored. std::optional is JSON null when empty; `char` fields (relkind,
// attalign, contype, …) are one-character strings; Oids are integers 0..4294967295.
// Objects are written with sorted keys, so the same snapshot always gives the same bytes.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "dbopt/sdk/model.hpp"

namespace dbopt::engine {

/// The "format" value of every snapshot file.
inline constexpr std::string_view kSnapshotFormat = "dbopt-snapshot";
/// The snapshot format version this dbopt writes and the newest it reads. Unknown extra fields
/// are ignored within a version (forward compatible); a newer version is refused.
inline constexpr int kSnapshotFormatVersion = 1;

/// A snapshot that cannot be read or written. what() is one line naming the file (when there is
/// one) and the JSON path of the bad value: `client.json: tables[12].relpages: expected an
/// integer, found 1.5`.
class SnapshotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The JSON document of `snapshot` (shape above). Throws SnapshotError naming the JSON path when
/// a value cannot be represented: a NaN/infinite double, or a string that is not valid UTF-8
/// (capture must use client_encoding UTF8).
nlohmann::json snapshot_to_json(const sdk::Snapshot& snapshot);

/// Reads and validates a snapshot document. Throws SnapshotError whose message names the JSON
/// path: `tables[2]: missing field "oid"`, `indexes[3].keys[0].opclass: expected a string or
/// null, found 5`, `not a dbopt snapshot (format is "foo", expected "dbopt-snapshot")`,
/// `snapshot format_version 2 is newer than this dbopt supports (1); upgrade dbopt`.
/// Integers must be JSON integers (1.5 and 3.0 are refused) within the field's range; optional
/// fields may be absent or null; every other field, arrays included, is required;
/// plugin probe rows must have one value per column.
sdk::Snapshot snapshot_from_json(const nlohmann::json& document);

/// The snapshot file text: snapshot_to_json pretty-printed with a 2-space indent and a trailing
/// newline, UTF-8. Deterministic: the same snapshot always gives the same bytes.
/// Throws SnapshotError as snapshot_to_json.
std::string serialize_snapshot(const sdk::Snapshot& snapshot);

/// Writes the snapshot file atomically (common/atomic_file.hpp); a path ending in ".gz" is
/// gzip-compressed (readable by gunzip). Throws SnapshotError (see snapshot_to_json) or
/// IoError naming `path`; on failure nothing is left at `path` (a previous file stays intact).
void write_snapshot(const sdk::Snapshot& snapshot, const std::filesystem::path& path);

/// Reads a snapshot file, plain or gzip (detected by the magic bytes 1f 8b, whatever the
/// suffix). Throws SnapshotError prefixed with `path`: `client.json: tables[12].relpages:
/// expected an integer, found 1.5`, `client.json: invalid JSON at line 3, column 7: …`,
/// `client.json.gz: truncated gzip data: …`, `x.json: cannot open for reading: No such file or
/// directory`.
sdk::Snapshot read_snapshot(const std::filesystem::path& path);

}  // namespace dbopt::engine
