// snapshot/snapshot_io: round trips of the whole model through JSON, plain files and gzip files;
// deterministic bytes; errors of the file layer (missing file, invalid JSON, broken gzip) named
// with the file path. Validation messages of the loader are in snapshot_validation_test.cpp.
#include <gtest/gtest.h>

#include <cxxabi.h>

#include <cstdlib>
#include <filesystem>
#include <limits>
#include <set>
#include <string>
#include <typeinfo>

#include "common/atomic_file.hpp"
#include "snapshot/snapshot_fields.hpp"
#include "snapshot/snapshot_io.hpp"
#include "snapshot/type_traits.hpp"
#include "snapshot/utf8.hpp"
#include "snapshot_full_sample.hpp"
#include "support/live_db.hpp"

namespace fs = std::filesystem;
using dbopt::engine::kSnapshotFormat;
using dbopt::engine::kSnapshotFormatVersion;
using dbopt::engine::read_file_bytes;
using dbopt::engine::read_snapshot;
using dbopt::engine::serialize_snapshot;
using dbopt::engine::snapshot_from_json;
using dbopt::engine::snapshot_to_json;
using dbopt::engine::SnapshotError;
using dbopt::engine::write_file_atomically;
using dbopt::engine::write_snapshot;
using nlohmann::json;
namespace sdk = dbopt::sdk;
namespace detail = dbopt::engine::snapshot_detail;

namespace {

// ---- "the sample sets every field": every member of every struct reachable from Snapshot is
// non-default in at least one instance of the sample.

using FieldKey = std::string;  // "<type>.<member>", e.g. "dbopt::sdk::Index.indisready"

template <class T>
std::string type_name() {
  int status = 0;
  char* demangled = abi::__cxa_demangle(typeid(T).name(), nullptr, nullptr, &status);
  std::string name = status == 0 && demangled ? demangled : typeid(T).name();
  std::free(demangled);
  return name;
}

template <class T>
void register_fields(std::set<FieldKey>& all);

template <class M>
void register_member_type(std::set<FieldKey>& all) {
  if constexpr (detail::is_optional<M> || detail::is_vector<M>)
    register_member_type<typename M::value_type>(all);
  else if constexpr (detail::is_string_map<M>)
    register_member_type<typename M::mapped_type>(all);
  else if constexpr (detail::Described<M>)
    register_fields<M>(all);
}
template <class T>
void register_fields(std::set<FieldKey>& all) {
  std::apply(
      [&](const auto&... field) {
        ((all.insert(type_name<T>() + "." + field.name),
          register_member_type<std::remove_cvref_t<decltype(T{}.*(field.member))>>(all)),
         ...);
      },
      detail::Fields<T>::list);
}

template <class T>
void mark_non_default(const T& value, std::set<FieldKey>& seen);

template <class M>
void descend(const M& value, std::set<FieldKey>& seen) {
  if constexpr (detail::is_optional<M>) {
    if (value) descend(*value, seen);
  } else if constexpr (detail::is_vector<M>) {
    for (const auto& element : value) descend(element, seen);
  } else if constexpr (detail::is_string_map<M>) {
    for (const auto& [key, element] : value) descend(element, seen);
  } else if constexpr (detail::Described<M>) {
    mark_non_default(value, seen);
  }
}

template <class T>
void mark_non_default(const T& value, std::set<FieldKey>& seen) {
  const T defaults{};
  std::apply(
      [&](const auto&... field) {
        ((value.*(field.member) != defaults.*(field.member)
              ? void(seen.insert(type_name<T>() + "." + field.name))
              : void()),
         ...);
        (descend(value.*(field.member), seen), ...);
      },
      detail::Fields<T>::list);
}

/// An empty directory for this test, removed at the end.
struct TempDir {
  fs::path path = dbopt::test::temp_dir("snapshot");
  ~TempDir() { fs::remove_all(path); }
};

std::string load_error(const fs::path& file) {
  try {
    read_snapshot(file);
  } catch (const SnapshotError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(SnapshotSample, SetsEveryFieldOfEveryStructToANonDefaultValue) {
  std::set<FieldKey> all, seen;
  register_fields<sdk::Snapshot>(all);
  mark_non_default(dbopt::test::full_snapshot_sample(), seen);
  for (const auto& key : all) EXPECT_TRUE(seen.count(key)) << "the sample leaves " << key << " at its default";
  EXPECT_GT(all.size(), 200u);  // the model has ~250 members; a broken walk would find few
}

TEST(SnapshotJson, FullSnapshotRoundTrips) {
  const sdk::Snapshot original = dbopt::test::full_snapshot_sample();
  const json document = snapshot_to_json(original);
  EXPECT_EQ(snapshot_from_json(document), original);
  // and through the text form
  EXPECT_EQ(snapshot_from_json(json::parse(serialize_snapshot(original))), original);
}

TEST(SnapshotJson, MinimalSnapshotRoundTrips) {
  const sdk::Snapshot empty;
  const json document = snapshot_to_json(empty);
  EXPECT_TRUE(document.at("database").is_null());
  EXPECT_TRUE(document.at("statements").is_null());
  EXPECT_TRUE(document.at("tables").is_array());
  EXPECT_TRUE(document.at("plugin_probes").is_object());
  EXPECT_EQ(snapshot_from_json(document), empty);
}

TEST(SnapshotJson, UsesTheModelNamesAndDocumentedShapes) {
  const sdk::Snapshot sample = dbopt::test::full_snapshot_sample();
  const json d = snapshot_to_json(sample);
  EXPECT_EQ(d.at("format"), std::string(kSnapshotFormat));
  EXPECT_EQ(d.at("format_version"), kSnapshotFormatVersion);
  const std::set<std::string> top = {
      "format", "format_version", "provenance", "server", "hardware", "settings", "database",
      "tables", "columns", "indexes", "constraints", "statements", "bgwriter", "wal", "activity",
      "extensions", "plugin_probes", "explained"};
  std::set<std::string> keys;
  for (const auto& [key, value] : d.items()) keys.insert(key);
  EXPECT_EQ(keys, top);
  const json& table = d.at("tables").at(0);
  EXPECT_EQ(table.at("relkind"), "p");                      // char → one-character string
  EXPECT_EQ(table.at("relname"), sample.tables[0].relname);
  EXPECT_EQ(table.at("stat").at("n_dead_tup"), 2010);
  EXPECT_TRUE(d.at("tables").at(1).at("reltuples").is_null());  // empty optional → null
  EXPECT_EQ(d.at("tables").at(1).at("oid"), 4294967295u);
  EXPECT_EQ(d.at("indexes").at(0).at("keys").at(0).at("opclass"), "jsonb_path_ops");
  EXPECT_EQ(d.at("indexes").at(0).at("include").at(0).at("definition"), "id");
  EXPECT_EQ(d.at("columns").at(0).at("attcompression"), "l");
  EXPECT_EQ(d.at("statements").at(0).at("queryid"), std::numeric_limits<std::int64_t>::min());
  const json& cells = d.at("plugin_probes").at("gin-index-tuner").at("jsonb-keys").at("rows");
  EXPECT_EQ(cells, json::parse(R"([["a\"b","3"],[null,"7"]])"));
}

TEST(SnapshotJson, SerializationIsDeterministicPrettyJsonWithTrailingNewline) {
  const sdk::Snapshot sample = dbopt::test::full_snapshot_sample();
  const std::string first = serialize_snapshot(sample);
  const std::string second = serialize_snapshot(dbopt::test::full_snapshot_sample());
  EXPECT_EQ(first, second);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first.back(), '\n');
  EXPECT_EQ(first.rfind("{\n  \"activity\": {\n    \"active\": 12,\n", 0), 0u);
  EXPECT_EQ(first, snapshot_to_json(sample).dump(2) + "\n");
  // UTF-8 is written as is, not \u-escaped.
  EXPECT_NE(first.find("\xe2\x9c\x93"), std::string::npos);
}

TEST(SnapshotJson, NaNCannotBeStoredAndTheErrorNamesTheField) {
  sdk::Snapshot s = dbopt::test::full_snapshot_sample();
  s.tables[1].reltuples = std::numeric_limits<double>::quiet_NaN();
  try {
    snapshot_to_json(s);
    FAIL() << "expected SnapshotError";
  } catch (const SnapshotError& e) {
    EXPECT_EQ(std::string(e.what()),
              "tables[1].reltuples: cannot store a NaN or infinite number (JSON has no such value)");
  }
  s = dbopt::test::full_snapshot_sample();
  s.statements->at(1).total_exec_time = std::numeric_limits<double>::infinity();
  EXPECT_THROW(serialize_snapshot(s), SnapshotError);
}

TEST(SnapshotJson, InvalidUtf8CannotBeStoredAndTheErrorNamesTheField) {
  sdk::Snapshot s = dbopt::test::full_snapshot_sample();
  s.columns[1].attname = "caf\xe9";  // Latin-1 é
  try {
    snapshot_to_json(s);
    FAIL() << "expected SnapshotError";
  } catch (const SnapshotError& e) {
    EXPECT_EQ(std::string(e.what()),
              "columns[1].attname: cannot store text that is not valid UTF-8 (byte 0xE9 at offset 3)");
  }
  s = dbopt::test::full_snapshot_sample();
  s.plugin_probes["bad\xc0\xafkey"]["p"] = sdk::ProbeResult{};
  try {
    snapshot_to_json(s);
    FAIL() << "expected SnapshotError";
  } catch (const SnapshotError& e) {
    EXPECT_EQ(std::string(e.what()),
              "plugin_probes[\"bad\xef\xbf\xbd\xef\xbf\xbdkey\"]: cannot store a key that is not "
              "valid UTF-8 (byte 0xC0 at offset 3)");
  }
}

TEST(SnapshotFile, FullSnapshotRoundTripsThroughAPlainFile) {
  const TempDir dir;
  const sdk::Snapshot original = dbopt::test::full_snapshot_sample();
  const fs::path file = dir.path / "client.json";
  write_snapshot(original, file);
  EXPECT_EQ(read_file_bytes(file), serialize_snapshot(original));
  EXPECT_EQ(read_snapshot(file), original);
  write_snapshot(sdk::Snapshot{}, dir.path / "empty.json");
  EXPECT_EQ(read_snapshot(dir.path / "empty.json"), sdk::Snapshot{});
}

TEST(SnapshotFile, GzSuffixWritesGzipThatGunzipReads) {
  const TempDir dir;
  const sdk::Snapshot original = dbopt::test::full_snapshot_sample();
  const fs::path file = dir.path / "client.json.gz";
  write_snapshot(original, file);
  const std::string bytes = read_file_bytes(file);
  ASSERT_GE(bytes.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(bytes[1]), 0x8b);
  EXPECT_LT(bytes.size(), serialize_snapshot(original).size());
  EXPECT_EQ(read_snapshot(file), original);

  const auto gunzip = dbopt::test::run_command({"gunzip", "-c", file.string()});
  EXPECT_EQ(gunzip.exit_code, 0) << gunzip.err;
  EXPECT_EQ(gunzip.out, serialize_snapshot(original));

  // Deterministic too: the gzip header carries no timestamp.
  write_snapshot(original, dir.path / "again.json.gz");
  EXPECT_EQ(read_file_bytes(dir.path / "again.json.gz"), bytes);
}

TEST(SnapshotFile, GzipIsDetectedByMagicBytesNotBySuffix) {
  const TempDir dir;
  const sdk::Snapshot original = dbopt::test::full_snapshot_sample();
  write_snapshot(original, dir.path / "a.json.gz");
  fs::rename(dir.path / "a.json.gz", dir.path / "renamed.json");
  EXPECT_EQ(read_snapshot(dir.path / "renamed.json"), original);
  // plain JSON under a .gz name is read as plain JSON
  write_file_atomically(dir.path / "plain.gz", serialize_snapshot(original));
  EXPECT_EQ(read_snapshot(dir.path / "plain.gz"), original);
}

TEST(SnapshotFile, ConcatenatedGzipMembersAreReadLikeGunzipDoes) {
  const TempDir dir;
  const std::string text = serialize_snapshot(dbopt::test::full_snapshot_sample());
  const fs::path half1 = dir.path / "h1.gz", half2 = dir.path / "h2.gz";
  write_file_atomically(dir.path / "h1", text.substr(0, text.size() / 2));
  write_file_atomically(dir.path / "h2", text.substr(text.size() / 2));
  ASSERT_EQ(dbopt::test::run_command({"gzip", "-n", (dir.path / "h1").string(),
                                      (dir.path / "h2").string()}).exit_code, 0);
  write_file_atomically(dir.path / "both.gz", read_file_bytes(half1) + read_file_bytes(half2));
  EXPECT_EQ(read_snapshot(dir.path / "both.gz"), dbopt::test::full_snapshot_sample());
}

TEST(SnapshotFile, WritingIntoAMissingDirectoryThrowsIoErrorAndLeavesNothing) {
  const TempDir dir;
  EXPECT_THROW(write_snapshot(sdk::Snapshot{}, dir.path / "nope" / "s.json"),
               dbopt::engine::IoError);
  EXPECT_TRUE(fs::is_empty(dir.path));
}

TEST(SnapshotFile, FailedSerializationLeavesThePreviousFileIntact) {
  const TempDir dir;
  const fs::path file = dir.path / "s.json";
  write_snapshot(sdk::Snapshot{}, file);
  const std::string before = read_file_bytes(file);
  sdk::Snapshot bad;
  bad.hardware.storage = "\xff";
  EXPECT_THROW(write_snapshot(bad, file), SnapshotError);
  EXPECT_EQ(read_file_bytes(file), before);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()), 1);
}

TEST(SnapshotFile, MissingFileSaysSo) {
  const TempDir dir;
  const fs::path file = dir.path / "client.json";
  EXPECT_EQ(load_error(file), file.string() + ": cannot open for reading: No such file or directory");
}

TEST(SnapshotFile, InvalidJsonNamesTheFileLineAndColumn) {
  const fs::path file = dbopt::test::source_path("tests/fixtures/snapshots/invalid_syntax.json");
  const std::string message = load_error(file);
  // line 3 is `  "format_version": 1,,` — the second comma is column 23.
  EXPECT_EQ(message.rfind(file.string() + ": invalid JSON at line 3, column 23: ", 0), 0u) << message;
  EXPECT_NE(message.find("syntax error"), std::string::npos) << message;
}

TEST(SnapshotFile, EmptyFileIsInvalidJson) {
  const TempDir dir;
  write_file_atomically(dir.path / "empty.json", "");
  const std::string message = load_error(dir.path / "empty.json");
  EXPECT_EQ(message.rfind((dir.path / "empty.json").string() + ": invalid JSON at line 1, column 1: ", 0), 0u)
      << message;
}

TEST(SnapshotFile, InvalidJsonMessagesQuoteBadBytesAsValidUtf8) {
  const TempDir dir;
  const fs::path file = dir.path / "latin1.json";
  write_file_atomically(file, "{\"format\": \"caf\xe9\"}");
  const std::string message = load_error(file);
  // 0xE9 (byte 16) opens a 3-byte sequence; the '"' after it (column 17) is where it breaks.
  EXPECT_EQ(message.rfind(file.string() + ": invalid JSON at line 1, column 17: ", 0), 0u) << message;
  EXPECT_NE(message.find("ill-formed UTF-8 byte"), std::string::npos) << message;
  EXPECT_NE(message.find("caf\xef\xbf\xbd"), std::string::npos) << message;  // U+FFFD
  EXPECT_EQ(detail::invalid_utf8_offset(message), std::string::npos) << message;
}

TEST(SnapshotFile, NumberOverflowIsInvalidJson) {
  const TempDir dir;
  const fs::path file = dir.path / "big.json";
  write_file_atomically(file, "{\"format\": 1e400}");
  EXPECT_EQ(load_error(file), file.string() + ": invalid JSON: number overflow parsing '1e400'");
}

TEST(SnapshotFile, ValidationErrorsArePrefixedWithTheFilePath) {
  const fs::path file = dbopt::test::source_path("tests/fixtures/snapshots/wrong_type_relpages.json");
  EXPECT_EQ(load_error(file), file.string() + ": tables[1].relpages: expected an integer, found 1.5");
}

TEST(SnapshotFile, NotASnapshotAndNewerVersionFixtures) {
  const fs::path foreign = dbopt::test::source_path("tests/fixtures/snapshots/not_a_snapshot.json");
  EXPECT_EQ(load_error(foreign), foreign.string() +
            ": not a dbopt snapshot (format is \"pg-dump-stats\", expected \"dbopt-snapshot\")");
  const fs::path newer = dbopt::test::source_path("tests/fixtures/snapshots/newer_version.json");
  EXPECT_EQ(load_error(newer), newer.string() +
            ": snapshot format_version 2 is newer than this dbopt supports (1); upgrade dbopt");
}

TEST(SnapshotFile, MinimalVersion1FixtureLoads) {
  // A hand-written version-1 file: optional members absent, unknown members present.
  const fs::path file = dbopt::test::source_path("tests/fixtures/snapshots/minimal_v1.json");
  sdk::Snapshot expected;
  expected.provenance = sdk::Provenance{"2026-11-21T00:45:34Z", "0.1.0", "localhost", "5432",
                                        "postgres", "dbopt", 12.5,
                                        {sdk::ProbeOutcome{"tables", "ok", std::nullopt, 1.25, 1}}};
  expected.server.server_version_num = 150004;
  expected.server.server_version = "15.4";
  expected.server.version = "PostgreSQL 15.4";
  expected.server.database = "shop";
  expected.server.current_user = "postgres";
  sdk::Table orders;
  orders.oid = 16384;
  orders.schemaname = "public";
  orders.relname = "orders";
  orders.relkind = 'r';
  orders.relpersistence = 'p';
  orders.relpages = 10;
  orders.heap_bytes = 81920;
  orders.indexes_bytes = 16384;
  orders.total_bytes = 98304;
  expected.tables = {orders};
  EXPECT_EQ(read_snapshot(file), expected);
}

TEST(SnapshotFile, TruncatedGzipSaysSo) {
  const TempDir dir;
  write_snapshot(dbopt::test::full_snapshot_sample(), dir.path / "s.json.gz");
  const std::string gz = read_file_bytes(dir.path / "s.json.gz");
  const fs::path cut = dir.path / "cut.json.gz";
  write_file_atomically(cut, gz.substr(0, gz.size() / 2));
  const std::string message = load_error(cut);
  EXPECT_EQ(message.rfind(cut.string() + ": truncated gzip data: the compressed stream ends early", 0), 0u)
      << message;
  // only the 8-byte trailer (CRC32 + size) missing is truncation too
  write_file_atomically(cut, gz.substr(0, gz.size() - 4));
  EXPECT_EQ(load_error(cut).rfind(cut.string() + ": truncated gzip data", 0), 0u) << load_error(cut);
}

TEST(SnapshotFile, CorruptGzipSaysSo) {
  const TempDir dir;
  write_snapshot(dbopt::test::full_snapshot_sample(), dir.path / "s.json.gz");
  std::string gz = read_file_bytes(dir.path / "s.json.gz");
  const fs::path bad = dir.path / "bad.json.gz";

  std::string crc = gz;
  crc[crc.size() - 8] = static_cast<char>(crc[crc.size() - 8] ^ 0x55);  // CRC32 of the trailer
  write_file_atomically(bad, crc);
  EXPECT_EQ(load_error(bad), bad.string() + ": corrupt gzip data: incorrect data check");

  std::string garbage = gz + "GARBAGE";
  write_file_atomically(bad, garbage);
  EXPECT_EQ(load_error(bad), bad.string() +
            ": corrupt gzip data: 7 unexpected bytes after the end of the compressed stream");

  std::string header = gz;
  header[2] = 7;  // compression method 7 does not exist (RFC 1952 only defines 8, deflate)
  write_file_atomically(bad, header);
  EXPECT_EQ(load_error(bad), bad.string() + ": corrupt gzip data: unknown compression method");
}
