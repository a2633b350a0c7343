// Checks shared by live tests that read a JSON report (`dbopt analyze -o report.json`, the shape of
// desktop/engine/export/json_export.cpp) and run its scripts on a real PostgreSQL server.
// Header-only on purpose: dbopt_test_support gains no link dependency (live tests link GoogleTest,
// nlohmann_json and, through the engine, facts/sql_script.hpp's parser).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "facts/sql_script.hpp"
#include "support/live_db.hpp"

namespace dbopt::test {

/// The findings ("findings"[]) of `report` whose "check_id" is `check_id`, in report order.
/// Throws nlohmann::json::out_of_range when the report has no "findings" or a finding has no "check_id".
inline std::vector<nlohmann::json> findings_of(const nlohmann::json& report, const std::string& check_id) {
  std::vector<nlohmann::json> out;
  for (const auto& f : report.at("findings"))
    if (f.at("check_id") == check_id) out.push_back(f);
  return out;
}

/// The "text" of the evidence metric named `name` of `finding` ("evidence"[], each with "name" and
/// "text", null when the metric has no text); "" when there is no such metric or its text is null.
/// Throws nlohmann::json::out_of_range when the finding has no "evidence" or a metric lacks "name"/"text".
inline std::string evidence_text(const nlohmann::json& finding, const std::string& name) {
  for (const auto& m : finding.at("evidence"))
    if (m.at("name") == name && m.at("text").is_string()) return m.at("text").get<std::string>();
  return "";
}

/// Runs `script` on `conninfo` statement by statement (ALTER SYSTEM cannot run inside the implicit
/// transaction of a multi-statement string), after checking it parses (PostgreSQL 15 parser,
/// facts/sql_script.hpp). `what` names the script in failure messages. A parse error or a failing
/// statement is a fatal GoogleTest failure (the remaining statements are not run).
inline void run_script(const std::string& conninfo, const std::string& script, const std::string& what) {
  const auto error = dbopt::engine::sql_parse_error(script);
  ASSERT_FALSE(error.has_value()) << what << " does not parse: " << *error << "\n" << script;
  for (const std::string& statement : dbopt::engine::split_sql_statements(script)) {
    SCOPED_TRACE(what + ": " + statement);
    ASSERT_NO_THROW(run_sql(conninfo, statement));
  }
}

/// Polls `pred` every 100 ms until it holds, for at most 10 s (pg_reload_conf() only signals the
/// postmaster; backends read the configuration later). Returns the last result of `pred`.
template <class Pred>
bool eventually(Pred pred) {
  for (int i = 0; i < 100; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return pred();
}

}  // namespace dbopt::test
