// Snapshot "explained" (statements EXPLAINed at capture): round trip, old snapshots without
// the key, and the validation that each entry has its plan or its error, naming the JSON path.
#include <gtest/gtest.h>

#include <string>

#include "snapshot/snapshot_io.hpp"
#include "snapshot_full_sample.hpp"

namespace {

using dbopt::engine::snapshot_from_json;
using dbopt::engine::snapshot_to_json;
using dbopt::engine::SnapshotError;
using nlohmann::json;

std::string load_error(const json& document) {
  try {
    snapshot_from_json(document);
  } catch (const SnapshotError& e) {
    return e.what();
  }
  return "(loaded)";
}

TEST(SnapshotExplained, RoundTripsPlansAndErrors) {
  const auto sample = dbopt::test::full_snapshot_sample();
  const json d = snapshot_to_json(sample);
  ASSERT_TRUE(d.at("explained").is_array());
  EXPECT_EQ(d["explained"][0]["plan_json"], *(*sample.explained)[0].plan_json);
  EXPECT_TRUE(d["explained"][1]["plan_json"].is_null());
  EXPECT_EQ(snapshot_from_json(d), sample);
}

TEST(SnapshotExplained, SnapshotsWithoutTheKeyStillLoad) {
  json d = snapshot_to_json(dbopt::test::full_snapshot_sample());
  d.erase("explained");
  EXPECT_FALSE(snapshot_from_json(d).explained.has_value());
}

TEST(SnapshotExplained, AnEntryNeedsExactlyOneOfPlanAndError) {
  json d = snapshot_to_json(dbopt::test::full_snapshot_sample());
  json both = d;
  both["explained"][0]["error"] = "ERROR: x";
  EXPECT_NE(load_error(both).find("explained[0]"), std::string::npos) << load_error(both);
  EXPECT_NE(load_error(both).find("has both"), std::string::npos) << load_error(both);
  json neither = d;
  neither["explained"][1]["error"] = nullptr;
  EXPECT_NE(load_error(neither).find("explained[1]"), std::string::npos) << load_error(neither);
  EXPECT_NE(load_error(neither).find("has neither"), std::string::npos) << load_error(neither);
  json wrong_type = d;
  wrong_type["explained"][0]["duration_ms"] = "slow";
  EXPECT_NE(load_error(wrong_type).find("explained[0].duration_ms"), std::string::npos) << load_error(wrong_type);
}

}  // namespace
