// engine::collect_probes against the fixture plugins of tests/fixtures: every loaded plugin's
// probes with its resolved options (defaults + --set), plugins without probes left out, a plugin
// whose probes() fails or that has no resolved options reported and skipped.
#include "runner/probes.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "runner/options.hpp"

namespace fs = std::filesystem;
using dbopt::engine::collect_probes;
using dbopt::engine::ConfigError;
using dbopt::engine::PluginHost;
using dbopt::engine::PluginProbes;
using dbopt::engine::resolve_options;
using testing::HasSubstr;
using testing::Not;

namespace {

fs::path fixture_dir(const std::string& name) { return fs::path(DBOPT_TEST_FIXTURE_PLUGIN_DIR) / name; }

/// A host with the plugins of the given fixture cases loaded, in order.
std::unique_ptr<PluginHost> host_with(const std::vector<std::string>& cases) {
  auto host = std::make_unique<PluginHost>();
  for (const auto& c : cases) host->load_directory(fixture_dir(c));
  return host;
}

/// (plugin id, message) of every warning.
using Warnings = std::vector<std::pair<std::string, std::string>>;

dbopt::engine::ProbeWarning collect_into(Warnings& out) {
  return [&out](const std::string& id, const std::string& message) { out.emplace_back(id, message); };
}

TEST(CollectProbes, DefaultsAndOverridesReachTheProbes) {
  auto host = host_with({"good", "good-analyze"});
  ASSERT_EQ(host->loaded().size(), 2u);
  const dbopt::sdk::Catalog catalog(dbopt::sdk::Snapshot{});
  Warnings warnings;

  const PluginProbes defaults = collect_probes(*host, catalog, resolve_options(host->loaded(), {}), collect_into(warnings));
  // good-analyze declares no probe: left out.
  ASSERT_EQ(defaults.size(), 1u);
  EXPECT_EQ(defaults[0].first, "good");
  ASSERT_EQ(defaults[0].second.size(), 1u);
  EXPECT_THAT(defaults[0].second[0].sql, HasSubstr("LIMIT 1000)"));
  EXPECT_TRUE(warnings.empty());

  const auto options = resolve_options(host->loaded(), {{"good.max-rows", "25"}, {"good.min-ratio", "0.25"}});
  const PluginProbes set = collect_probes(*host, catalog, options, collect_into(warnings));
  ASSERT_EQ(set.size(), 1u);
  ASSERT_EQ(set[0].second.size(), 1u);
  EXPECT_THAT(set[0].second[0].sql, HasSubstr("LIMIT 25)"));
  EXPECT_THAT(set[0].second[0].sql, Not(HasSubstr("LIMIT 1000")));
  ASSERT_TRUE(set[0].second[0].statement_timeout_ms.has_value());
  EXPECT_DOUBLE_EQ(*set[0].second[0].statement_timeout_ms, 250.0);
  EXPECT_TRUE(warnings.empty());
}

TEST(CollectProbes, BadSettingsAreRefusedByResolveOptions) {
  auto host = host_with({"good"});
  EXPECT_THROW(resolve_options(host->loaded(), {{"good.max-rows", "0"}}), ConfigError);  // min 1
  EXPECT_THROW(resolve_options(host->loaded(), {{"nope.x", "1"}}), ConfigError);
}

TEST(CollectProbes, APluginWithoutOptionsOrWhoseProbesFailIsSkippedWithAWarning) {
  auto host = host_with({"good", "good-analyze"});
  const dbopt::sdk::Catalog catalog(dbopt::sdk::Snapshot{});

  Warnings missing;
  auto options = resolve_options(host->loaded(), {});
  options.erase("good");
  EXPECT_TRUE(collect_probes(*host, catalog, options, collect_into(missing)).empty());
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].first, "good");
  EXPECT_THAT(missing[0].second, HasSubstr("no resolved options"));

  // Options without max-rows: the plugin's probes() throws inside the shim → PluginCallError.
  Warnings failed;
  options["good"] = dbopt::sdk::Options(std::map<std::string, std::string>{{"min-ratio", "0.1"}});
  EXPECT_TRUE(collect_probes(*host, catalog, options, collect_into(failed)).empty());
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].first, "good");
  EXPECT_THAT(failed[0].second, HasSubstr("good: undeclared option: max-rows"));

  // No callback: the failure is still skipped, not thrown.
  EXPECT_NO_THROW(collect_probes(*host, catalog, options));
}

}  // namespace
