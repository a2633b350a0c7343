// snapshot_from_json: strict validation whose messages name the JSON path of the bad value,
// and robustness: any type swap anywhere or any truncation of a file ends in SnapshotError.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "common/atomic_file.hpp"
#include "snapshot/snapshot_io.hpp"
#include "snapshot_full_sample.hpp"
#include "support/live_db.hpp"

namespace fs = std::filesystem;
using dbopt::engine::read_snapshot;
using dbopt::engine::serialize_snapshot;
using dbopt::engine::snapshot_from_json;
using dbopt::engine::snapshot_to_json;
using dbopt::engine::SnapshotError;
using nlohmann::json;
namespace sdk = dbopt::sdk;

namespace {

json sample_json() { return snapshot_to_json(dbopt::test::full_snapshot_sample()); }

/// The message snapshot_from_json(document) throws, or "(loaded)" when it loads.
std::string load_error(const json& document) {
  try {
    snapshot_from_json(document);
  } catch (const SnapshotError& e) {
    return e.what();
  }
  return "(loaded)";
}

}  // namespace

TEST(SnapshotValidation, IntegerFieldRejectsAFractionAndNamesTheElement) {
  json d = sample_json();
  const json table = d["tables"][0];
  d["tables"] = json::array();
  for (int i = 0; i < 13; ++i) d["tables"].push_back(table);
  d["tables"][12]["relpages"] = 1.5;
  EXPECT_EQ(load_error(d), "tables[12].relpages: expected an integer, found 1.5");
}

TEST(SnapshotValidation, IntegerFieldRejectsAWholeFloatAStringAndOutOfRangeValues) {
  json d = sample_json();
  d["tables"][0]["relpages"] = 3.0;
  EXPECT_EQ(load_error(d), "tables[0].relpages: expected an integer, found 3.0");
  d = sample_json();
  d["tables"][0]["relpages"] = "12";
  EXPECT_EQ(load_error(d), "tables[0].relpages: expected an integer, found \"12\"");
  d = sample_json();
  d["statements"][0]["calls"] = json::parse("9223372036854775808");
  EXPECT_EQ(load_error(d),
            "statements[0].calls: expected an integer, found 9223372036854775808");
  d = sample_json();
  d["columns"][1]["attnum"] = 2147483648LL;
  EXPECT_EQ(load_error(d), "columns[1].attnum: expected an integer from -2147483648 to "
                           "2147483647, found 2147483648");
  d = sample_json();
  d["hardware"]["cpu_cores"] = 2.5;
  EXPECT_EQ(load_error(d), "hardware.cpu_cores: expected an integer from -2147483648 to "
                           "2147483647 or null, found 2.5");
}

TEST(SnapshotValidation, Int64ExtremesAreAccepted) {
  json d = sample_json();
  d["statements"][1]["calls"] = std::numeric_limits<std::int64_t>::max();
  d["statements"][1]["rows"] = std::numeric_limits<std::int64_t>::min();
  const sdk::Snapshot s = snapshot_from_json(d);
  EXPECT_EQ(s.statements->at(1).calls, std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(s.statements->at(1).rows, std::numeric_limits<std::int64_t>::min());
}

TEST(SnapshotValidation, OidsAreNonNegativeAndFitIn32Bits) {
  json d = sample_json();
  d["tables"][0]["oid"] = -1;
  EXPECT_EQ(load_error(d),
            "tables[0].oid: expected an oid (an integer from 0 to 4294967295), found -1");
  d["tables"][0]["oid"] = 4294967296LL;
  EXPECT_EQ(load_error(d), "tables[0].oid: expected an oid (an integer from 0 to 4294967295), "
                           "found 4294967296");
  d["tables"][0]["parent_oid"] = -5;
  d["tables"][0]["oid"] = 4294967295LL;
  EXPECT_EQ(load_error(d), "tables[0].parent_oid: expected an oid (an integer from 0 to "
                           "4294967295) or null, found -5");
  d["tables"][0]["parent_oid"] = 0;
  EXPECT_EQ(snapshot_from_json(d).tables[0].oid, 4294967295u);
  EXPECT_EQ(snapshot_from_json(d).tables[0].parent_oid, sdk::Oid{0});
}

TEST(SnapshotValidation, OptionalStringInANestedArrayNamesTheWholePath) {
  json d = sample_json();
  const json index = d["indexes"][0];
  d["indexes"] = json::array({index, index, index, index});
  d["indexes"][3]["keys"][0]["opclass"] = 5;
  EXPECT_EQ(load_error(d), "indexes[3].keys[0].opclass: expected a string or null, found 5");
  d = sample_json();
  d["indexes"][0]["include"][0]["definition"] = nullptr;
  EXPECT_EQ(load_error(d), "indexes[0].include[0].definition: expected a string, found null");
}

TEST(SnapshotValidation, CharFieldsAreOneCharacterStrings) {
  json d = sample_json();
  d["tables"][0]["relkind"] = "rr";
  EXPECT_EQ(load_error(d), "tables[0].relkind: expected a one-character string, found \"rr\"");
  d["tables"][0]["relkind"] = "";
  EXPECT_EQ(load_error(d), "tables[0].relkind: expected a one-character string, found \"\"");
  d["tables"][0]["relkind"] = 114;
  EXPECT_EQ(load_error(d), "tables[0].relkind: expected a one-character string, found 114");
  d = sample_json();
  d["constraints"][0]["contype"] = nullptr;
  EXPECT_EQ(load_error(d), "constraints[0].contype: expected a one-character string, found null");
  d = sample_json();
  d["columns"][0]["attcompression"] = "lz4";
  EXPECT_EQ(load_error(d),
            "columns[0].attcompression: expected a one-character string or null, found \"lz4\"");
}

TEST(SnapshotValidation, MissingRequiredFieldsAreNamed) {
  json d = sample_json();
  const json table = d["tables"][0];
  d["tables"] = json::array({table, table, table});
  d["tables"][2].erase("oid");
  EXPECT_EQ(load_error(d), "tables[2]: missing field \"oid\"");
  d = sample_json();
  d.erase("tables");
  EXPECT_EQ(load_error(d), "missing field \"tables\"");
  d = sample_json();
  d["server"].erase("server_version_num");
  EXPECT_EQ(load_error(d), "server: missing field \"server_version_num\"");
  d = sample_json();
  d["tables"][0]["stat"].erase("n_dead_tup");
  EXPECT_EQ(load_error(d), "tables[0].stat: missing field \"n_dead_tup\"");
  d = sample_json();
  d["tables"][0].erase("reloptions");  // arrays are required too
  EXPECT_EQ(load_error(d), "tables[0]: missing field \"reloptions\"");
}

TEST(SnapshotValidation, OptionalFieldsMayBeAbsentOrNull) {
  json d = sample_json();
  d["tables"][0].erase("reltuples");
  d["tables"][0]["stat"] = nullptr;
  d.erase("statements");
  d["database"] = nullptr;
  const sdk::Snapshot s = snapshot_from_json(d);
  EXPECT_EQ(s.tables[0].reltuples, std::nullopt);
  EXPECT_EQ(s.tables[0].stat, std::nullopt);
  EXPECT_EQ(s.statements, std::nullopt);
  EXPECT_EQ(s.database, std::nullopt);
  EXPECT_EQ(s.tables[0].relpages, 45678);  // the rest is read
}

TEST(SnapshotValidation, WrongShapesNameTheExpectedShape) {
  json d = sample_json();
  d["tables"][0]["stat"] = 5;
  EXPECT_EQ(load_error(d), "tables[0].stat: expected an object or null, found 5");
  d = sample_json();
  d["tables"][0]["reloptions"] = nullptr;
  EXPECT_EQ(load_error(d), "tables[0].reloptions: expected an array, found null");
  d = sample_json();
  d["tables"] = json::object();
  EXPECT_EQ(load_error(d), "tables: expected an array, found an object");
  d = sample_json();
  d["tables"][0]["relispartition"] = 1;
  EXPECT_EQ(load_error(d), "tables[0].relispartition: expected a boolean, found 1");
  d = sample_json();
  d["server"]["in_recovery"] = "yes";
  EXPECT_EQ(load_error(d), "server.in_recovery: expected a boolean or null, found \"yes\"");
  d = sample_json();
  d["statements"] = "none";
  EXPECT_EQ(load_error(d), "statements: expected an array or null, found \"none\"");
  d = sample_json();
  d["activity"]["longest_query_seconds"] = "1s";
  EXPECT_EQ(load_error(d), "activity.longest_query_seconds: expected a number or null, found \"1s\"");
  d = sample_json();
  d["provenance"]["host"] = std::string(100, 'h');
  d["provenance"]["port"] = std::string(100, 'p');
  EXPECT_EQ(load_error(d), "(loaded)");  // long strings are fine where strings belong
  d["provenance"]["capture_duration_ms"] = std::string(100, 'x');
  EXPECT_EQ(load_error(d), "provenance.capture_duration_ms: expected a number, found a string");
}

TEST(SnapshotValidation, PluginProbePathsQuoteKeysAndRowsMatchColumns) {
  json d = sample_json();
  d["plugin_probes"]["gin-index-tuner"]["jsonb-keys"]["rows"][1][0] = 7;
  EXPECT_EQ(load_error(d), "plugin_probes[\"gin-index-tuner\"][\"jsonb-keys\"].rows[1][0]: "
                           "expected a string or null, found 7");
  d = sample_json();
  d["plugin_probes"]["toast_whisperer"]["sizes"]["rows"][0] = json::array({"a", "b"});
  EXPECT_EQ(load_error(d), "plugin_probes.toast_whisperer.sizes.rows[0]: has 2 values, expected 1 "
                           "(one per column)");
  d = sample_json();
  d["plugin_probes"]["gin-index-tuner"] = json::array();
  EXPECT_EQ(load_error(d), "plugin_probes[\"gin-index-tuner\"]: expected an object, found an array");
}

TEST(SnapshotValidation, FormatAndVersionAreCheckedFirst) {
  json d = sample_json();
  d["format"] = "foo";
  EXPECT_EQ(load_error(d), "not a dbopt snapshot (format is \"foo\", expected \"dbopt-snapshot\")");
  d["format"] = 1;
  EXPECT_EQ(load_error(d), "not a dbopt snapshot (format is 1, expected \"dbopt-snapshot\")");
  d.erase("format");
  EXPECT_EQ(load_error(d), "not a dbopt snapshot (no \"format\" field, expected \"dbopt-snapshot\")");
  EXPECT_EQ(load_error(json::array()),
            "not a dbopt snapshot (the document is an array, expected an object)");
  EXPECT_EQ(load_error(json(nullptr)),
            "not a dbopt snapshot (the document is null, expected an object)");

  d = sample_json();
  d["format_version"] = 2;
  d["tables"] = "whatever a version 2 holds";
  EXPECT_EQ(load_error(d),
            "snapshot format_version 2 is newer than this dbopt supports (1); upgrade dbopt");
  d["format_version"] = 0;
  EXPECT_EQ(load_error(d), "snapshot format_version 0 is not a valid version (this dbopt reads 1 to 1)");
  d["format_version"] = "1";
  EXPECT_EQ(load_error(d), "format_version: expected an integer, found \"1\"");
  d.erase("format_version");
  EXPECT_EQ(load_error(d), "missing field \"format_version\"");
}

TEST(SnapshotValidation, UnknownFieldsAreIgnored) {
  json d = sample_json();
  d["added_in_a_later_release"] = {{"x", 1}};
  d["tables"][0]["future_metric"] = 3.5;
  d["indexes"][0]["keys"][0]["future"] = nullptr;
  EXPECT_EQ(snapshot_from_json(d), dbopt::test::full_snapshot_sample());
}

// ---- robustness

namespace {

/// Every value in the sample document with its JSON pointer and the path loader messages use.
void collect(const json& value, const std::string& pointer, const std::string& path,
             std::vector<std::pair<std::string, std::string>>& out) {
  if (value.is_object()) {
    for (const auto& [key, element] : value.items()) {
      const bool identifier = !key.empty() && key.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == std::string::npos;
      const std::string child =
          identifier ? (path.empty() ? key : path + "." + key) : path + "[" + json(key).dump() + "]";
      std::string escaped;
      for (char c : key) escaped += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
      out.emplace_back(pointer + "/" + escaped, child);
      collect(element, pointer + "/" + escaped, child, out);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      const std::string child = path + "[" + std::to_string(i) + "]";
      out.emplace_back(pointer + "/" + std::to_string(i), child);
      collect(value[i], pointer + "/" + std::to_string(i), child, out);
    }
  }
}

}  // namespace

TEST(SnapshotRobustness, AnyTypeSwapAnywhereEndsInSnapshotErrorNamingThatPath) {
  const json original = sample_json();
  std::vector<std::pair<std::string, std::string>> nodes;
  collect(original, "", "", nodes);
  ASSERT_GT(nodes.size(), 300u);
  const std::vector<json> replacements = {
      nullptr, true, 1.5, -1, json::parse("18446744073709551615"), "", "x",
      json::array(), json::object(), json::array({nullptr})};
  std::size_t errors = 0;
  json d = original;
  for (const auto& [pointer, path] : nodes) {
    const json::json_pointer at(pointer);
    const json saved = d[at];
    for (const json& replacement : replacements) {
      d[at] = replacement;
      try {
        snapshot_from_json(d);
      } catch (const SnapshotError& e) {
        ++errors;
        const std::string what = e.what();
        if (pointer == "/format") {
          EXPECT_EQ(what.rfind("not a dbopt snapshot", 0), 0u) << what;
        } else if (pointer == "/format_version") {
          EXPECT_NE(what.find("format_version"), std::string::npos) << what;
        } else if (pointer.rfind("/plugin_probes/", 0) == 0 &&
                   (path.find(".columns") != std::string::npos ||
                    path.find(".rows") != std::string::npos)) {
          // a changed column list or row may be reported as a row/column count mismatch
          const std::string probe = path.substr(0, path.find(path.find(".columns") != std::string::npos
                                                                 ? ".columns" : ".rows"));
          EXPECT_EQ(what.rfind(probe + ".", 0), 0u) << pointer << " := " << replacement << ": " << what;
        } else if (pointer.rfind("/explained/", 0) == 0 &&
                   (path.ends_with(".plan_json") || path.ends_with(".error"))) {
          // plan_json and error exclude each other: reported on the explained statement itself
          const std::string statement = path.substr(0, path.rfind('.'));
          EXPECT_TRUE(what.rfind(statement + ": ", 0) == 0 || what.rfind(path + ": ", 0) == 0)
              << pointer << " := " << replacement << ": " << what;
        } else {
          EXPECT_TRUE(what.rfind(path + ": ", 0) == 0 || what.rfind(path + ".", 0) == 0 ||
                      what.rfind(path + "[", 0) == 0)
              << pointer << " := " << replacement << ": " << what;
        }
      } catch (const std::exception& e) {
        ADD_FAILURE() << pointer << " := " << replacement << " threw a non-SnapshotError: " << e.what();
      }
    }
    d[at] = saved;
  }
  EXPECT_EQ(d, original);
  EXPECT_GT(errors, nodes.size() * 5);  // most swaps are errors
}

TEST(SnapshotRobustness, TruncatedAndCorruptedFilesOnlyThrowSnapshotError) {
  const fs::path dir = dbopt::test::temp_dir("snapshot-fuzz");
  const sdk::Snapshot sample = dbopt::test::full_snapshot_sample();
  const std::string text = serialize_snapshot(sample);
  dbopt::engine::write_snapshot(sample, dir / "s.json.gz");
  const std::string gz = dbopt::engine::read_file_bytes(dir / "s.json.gz");
  std::mt19937 rng(20261121);  // fixed seed: the same cases every run
  const fs::path file = dir / "case.json";
  int cases = 0;
  auto expect_only_snapshot_error = [&](const std::string& bytes, const std::string& what_case) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;  // no fsync: 450 cases
    ++cases;
    try {
      read_snapshot(file);
    } catch (const SnapshotError& e) {
      EXPECT_EQ(std::string(e.what()).rfind(file.string() + ": ", 0), 0u) << what_case << ": " << e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << what_case << " threw a non-SnapshotError: " << e.what();
    }
  };
  for (int i = 0; i < 150; ++i) {
    const std::size_t cut = std::uniform_int_distribution<std::size_t>(0, text.size() - 1)(rng);
    expect_only_snapshot_error(text.substr(0, cut), "text cut at " + std::to_string(cut));
  }
  for (int i = 0; i < 150; ++i) {
    const std::size_t cut = std::uniform_int_distribution<std::size_t>(0, gz.size() - 1)(rng);
    expect_only_snapshot_error(gz.substr(0, cut), "gzip cut at " + std::to_string(cut));
  }
  for (int i = 0; i < 150; ++i) {
    std::string bytes = i % 2 ? gz : text;
    const std::size_t at = std::uniform_int_distribution<std::size_t>(0, bytes.size() - 1)(rng);
    bytes[at] = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
    expect_only_snapshot_error(bytes, (i % 2 ? "gzip" : "text") + std::string(" byte ") +
                                          std::to_string(at) + " changed");
  }
  EXPECT_EQ(cases, 450);
  fs::remove_all(dir);
}
