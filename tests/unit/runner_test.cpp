// The runner against the fixture plugins of tests/fixtures: phase order, deterministic finding
// order under parallelism, failures, refused plugins, cancellation, options, progress.
#include "runner/runner.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <thread>

namespace fs = std::filesystem;
using dbopt::engine::ConfigError;
using dbopt::engine::FindingRecord;
using dbopt::engine::PluginHost;
using dbopt::engine::PluginRun;
using dbopt::engine::RunOptions;
using dbopt::engine::RunProgress;
using dbopt::engine::RunResult;
using dbopt::sdk::Phase;
using testing::HasSubstr;
using testing::StartsWith;

namespace {

fs::path fixture_dir(const std::string& name) { return fs::path(DBOPT_TEST_FIXTURE_PLUGIN_DIR) / name; }

/// A host with the plugins of the given fixture cases loaded, in order.
std::unique_ptr<PluginHost> host_with(const std::vector<std::string>& cases) {
  auto host = std::make_unique<PluginHost>();
  for (const auto& c : cases) host->load_directory(fixture_dir(c));
  return host;
}

const PluginRun& run_of(const RunResult& result, const std::string& plugin_id) {
  for (const auto& r : result.runs)
    if (r.plugin_id == plugin_id) return r;
  throw std::runtime_error("no run for " + plugin_id);
}

std::vector<std::string> run_ids(const RunResult& result) {
  std::vector<std::string> ids;
  for (const auto& r : result.runs) ids.push_back(r.plugin_id);
  return ids;
}

/// "plugin-id check_id object.name" per finding, in result order.
std::vector<std::string> finding_keys(const RunResult& result) {
  std::vector<std::string> keys;
  for (const auto& f : result.findings) keys.push_back(f.plugin_id + " " + f.finding.check_id + " " + f.finding.object.name);
  return keys;
}

const dbopt::sdk::Metric& evidence(const dbopt::sdk::Finding& f, const std::string& name) {
  for (const auto& m : f.evidence)
    if (m.name == name) return m;
  throw std::runtime_error("no evidence " + name);
}

/// The ConfigError message of `f`, or "" when it did not throw one.
template <class F>
std::string config_error(F&& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

/// What sdk::parse_option_value says about `value` for `spec`.
std::string parse_error(const dbopt::sdk::OptionSpec& spec, const std::string& value) {
  try {
    dbopt::sdk::parse_option_value(spec, value);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

class RunnerTest : public testing::Test {
 protected:
  const dbopt::sdk::Catalog catalog{dbopt::sdk::Snapshot{}};
};

}  // namespace

TEST_F(RunnerTest, PhasesRunInOrderAndLaterPhasesSeeEarlierFindings) {
  // Loaded in reverse phase order on purpose.
  auto host = host_with({"good-optimize", "good-analyze", "good"});
  const RunResult result = dbopt::engine::run_plugins(*host, catalog, {});

  EXPECT_FALSE(result.cancelled);
  EXPECT_EQ(run_ids(result), (std::vector<std::string>{"good", "good-analyze", "good-optimize"}));
  for (const auto& r : result.runs) EXPECT_EQ(r.status, "ok") << r.plugin_id << ": " << r.error;
  EXPECT_EQ(run_of(result, "good").findings, 2u);
  EXPECT_EQ(run_of(result, "good-analyze").log, (std::vector<std::string>{"good-analyze: saw 2 earlier findings"}));
  EXPECT_EQ(run_of(result, "good-optimize").log, (std::vector<std::string>{"good-optimize: saw 4 earlier findings"}));

  ASSERT_EQ(result.findings.size(), 8u);  // 2 + 2 echoes + 4 echoes
  EXPECT_EQ(result.findings[0].finding.check_id, "good/first");
  EXPECT_EQ(result.findings[1].finding.check_id, "good/second");
  EXPECT_EQ(result.findings[2].finding.title, "echo of good/first");
  EXPECT_EQ(result.findings[3].finding.title, "echo of good/second");
  EXPECT_EQ(result.findings[2].phase, Phase::Analyze);
  EXPECT_EQ(result.findings[2].plugin_id, "good-analyze");
  for (std::size_t i = 4; i < 8; ++i) {
    EXPECT_EQ(result.findings[i].phase, Phase::Optimize);
    EXPECT_EQ(result.findings[i].plugin_id, "good-optimize");
  }
  EXPECT_EQ(result.findings[6].finding.title, "echo of good-analyze/echo");
  const auto& good = run_of(result, "good");
  EXPECT_EQ(good.plugin_name, "Good fixture");
  EXPECT_EQ(good.version, "1.2.3");
  EXPECT_EQ(good.file, (fixture_dir("good") / "libgood.so").string());
  EXPECT_GT(good.duration_ms, 0.0);
}

TEST_F(RunnerTest, ParallelismDoesNotChangeTheFindingOrder) {
  auto host = host_with({"parallel", "good", "good-analyze"});
  RunOptions serial;
  serial.max_parallel = 1;
  const RunResult baseline = dbopt::engine::run_plugins(*host, catalog, serial);
  ASSERT_EQ(baseline.findings.size(), 2u + 4 * 5 + 22u);  // good, 4 emitters × 5, one echo per earlier
  EXPECT_EQ(baseline.findings[2].plugin_id, "parallel-a");
  EXPECT_EQ(baseline.findings[2].finding.object.name, "t0");
  EXPECT_EQ(baseline.findings[21].plugin_id, "parallel-d");
  EXPECT_EQ(baseline.findings[21].finding.object.name, "t4");

  std::mutex mutex;
  int running = 0;
  int max_running = 0;
  RunOptions parallel;
  parallel.max_parallel = 4;
  parallel.on_progress = [&](const RunProgress& p) {
    std::lock_guard lock(mutex);
    running += p.event == "started" ? 1 : -1;
    max_running = std::max(max_running, running);
  };
  for (int i = 0; i < 20; ++i) {
    const RunResult r = dbopt::engine::run_plugins(*host, catalog, parallel);
    ASSERT_EQ(finding_keys(r), finding_keys(baseline)) << "run " << i;
    ASSERT_EQ(r.findings, baseline.findings) << "run " << i;
  }
  EXPECT_GE(max_running, 2) << "plugins of one phase never overlapped: the test proves nothing";
}

TEST_F(RunnerTest, SummaryFactsAndExhibitsAreCopiedIntoTheRunLog) {
  auto host = host_with({"parallel"});
  const RunResult result = dbopt::engine::run_plugins(*host, catalog, {});
  for (const char* id : {"parallel-a", "parallel-d"}) {
    const auto& run = run_of(result, id);
    ASSERT_EQ(run.summary.size(), 1u) << id;
    EXPECT_EQ(run.summary[0].key, std::string(id) + "/count");
    EXPECT_EQ(run.summary[0].value, "5");
    ASSERT_EQ(run.exhibits.size(), 1u) << id;
    EXPECT_EQ(run.exhibits[0].id, std::string(id) + "/list");
    EXPECT_EQ(run.exhibits[0].text, "t0\nt1\nt2\nt3\nt4\n");
  }
}

TEST_F(RunnerTest, FailedPluginIsLoggedItsFindingsDiscardedAndOthersGoOn) {
  auto host = host_with({"good", "throws", "throws-unknown", "good-analyze"});
  const RunResult result = dbopt::engine::run_plugins(*host, catalog, {});

  const auto& throws = run_of(result, "throws");
  EXPECT_EQ(throws.status, "failed");
  EXPECT_THAT(throws.error, StartsWith("boom: "));
  EXPECT_THAT(throws.error, HasSubstr("(1 findings it reported were discarded)"));
  EXPECT_EQ(throws.log, (std::vector<std::string>{"throws: about to fail"}));
  EXPECT_EQ(throws.findings, 0u);

  const auto& unknown = run_of(result, "throws-unknown");
  EXPECT_EQ(unknown.status, "failed");
  EXPECT_THAT(unknown.error, HasSubstr("not derived from std::exception"));

  EXPECT_EQ(run_of(result, "good").status, "ok");
  EXPECT_EQ(run_of(result, "good-analyze").status, "ok");
  EXPECT_EQ(finding_keys(result), (std::vector<std::string>{
                                      "good good/first alpha", "good good/second beta",
                                      "good-analyze good-analyze/echo alpha", "good-analyze good-analyze/echo beta"}));
}

TEST_F(RunnerTest, RefusedPluginsAppearInTheRunLogUnlessOnlyIsGiven) {
  auto host = host_with({"good", "wrong-abi", "not-a-library"});
  const RunResult all = dbopt::engine::run_plugins(*host, catalog, {});
  ASSERT_EQ(all.runs.size(), 3u);
  const auto& wrong = run_of(all, "wrong-abi");
  EXPECT_EQ(wrong.status, "refused");
  EXPECT_EQ(wrong.error, host->plugins()[1].error);
  EXPECT_THAT(wrong.error, HasSubstr("sdk_abi"));
  const auto& junk = run_of(all, "libjunk.so");  // no readable id: named by its file
  EXPECT_EQ(junk.status, "refused");
  EXPECT_THAT(junk.error, StartsWith("failed "));
  EXPECT_EQ(all.findings.size(), 2u);

  RunOptions only;
  only.only = {"good"};
  const RunResult selected = dbopt::engine::run_plugins(*host, catalog, only);
  EXPECT_EQ(run_ids(selected), (std::vector<std::string>{"good"}));
}

TEST_F(RunnerTest, CancelStopsTheRunningPluginAndSkipsTheRest) {
  auto host = host_with({"good", "slow", "good-analyze"});
  std::atomic<bool> cancel{false};
  std::promise<void> slow_started;
  RunOptions options;
  options.max_parallel = 1;  // good, then slow, then (ANALYZE) good-analyze
  options.cancel = &cancel;
  options.on_progress = [&](const RunProgress& p) {
    if (p.plugin_id == "slow" && p.event == "started") slow_started.set_value();
  };
  const auto start = std::chrono::steady_clock::now();
  auto future = std::async(std::launch::async, [&] { return dbopt::engine::run_plugins(*host, catalog, options); });
  ASSERT_EQ(slow_started.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  cancel = true;
  const RunResult result = future.get();
  const double elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  EXPECT_TRUE(result.cancelled);
  EXPECT_EQ(run_of(result, "good").status, "ok");
  const auto& slow = run_of(result, "slow");
  EXPECT_EQ(slow.status, "cancelled");
  EXPECT_EQ(slow.error, "cancelled while running (1 findings it reported were discarded)");
  ASSERT_EQ(slow.log.size(), 1u);
  EXPECT_THAT(slow.log[0], StartsWith("slow: saw cancelled() after"));
  EXPECT_GT(slow.duration_ms, 0.0);
  EXPECT_LE(slow.duration_ms, elapsed_ms);
  EXPECT_LT(slow.duration_ms, 15000.0);  // it stopped on cancel, long before its 20 s limit
  const auto& analyze = run_of(result, "good-analyze");
  EXPECT_EQ(analyze.status, "cancelled");
  EXPECT_EQ(analyze.error, "cancelled before it started");
  EXPECT_EQ(finding_keys(result), (std::vector<std::string>{"good good/first alpha", "good good/second beta"}));
}

TEST_F(RunnerTest, ProgressReportsEveryPluginOnce) {
  auto host = host_with({"good", "throws", "good-analyze"});
  std::mutex mutex;
  std::vector<RunProgress> events;
  RunOptions options;
  options.max_parallel = 2;
  options.on_progress = [&](const RunProgress& p) {
    std::lock_guard lock(mutex);
    events.push_back(p);
  };
  dbopt::engine::run_plugins(*host, catalog, options);

  std::map<std::string, int> count;
  std::set<int> done_values;
  for (const auto& e : events) {
    ++count[e.event];
    EXPECT_EQ(e.total, 3);
    if (e.event != "started") done_values.insert(e.done);
  }
  EXPECT_EQ(count["started"], 3);
  EXPECT_EQ(count["finished"], 2);
  EXPECT_EQ(count["failed"], 1);
  EXPECT_EQ(done_values, (std::set<int>{1, 2, 3}));
  EXPECT_EQ(events.back().plugin_id, "good-analyze");  // the only ANALYZE plugin ends the run
  EXPECT_EQ(events.back().phase, Phase::Analyze);
  EXPECT_EQ(events.back().done, 3);
}

TEST_F(RunnerTest, OptionDefaultsReachThePlugin) {
  auto host = host_with({"good"});
  const auto options = dbopt::engine::resolve_options(host->loaded(), {});
  ASSERT_EQ(options.count("good"), 1u);
  EXPECT_EQ(options.at("good").values(), (std::map<std::string, std::string>{
                                             {"max-rows", "1000"}, {"min-ratio", "0.10"},
                                             {"verbose", "false"}, {"work-mem", std::to_string(64 * 1024 * 1024)}}));

  const RunResult result = dbopt::engine::run_plugins(*host, catalog, {});
  ASSERT_FALSE(result.findings.empty());
  const auto& first = result.findings[0].finding;
  EXPECT_DOUBLE_EQ(*evidence(first, "min-ratio").value, 0.10);
  EXPECT_DOUBLE_EQ(*evidence(first, "work-mem").value, 64.0 * 1024 * 1024);
  EXPECT_EQ(run_of(result, "good").log, (std::vector<std::string>{"good: min-ratio=0.10 max-rows=1000"}));
}

TEST_F(RunnerTest, OptionOverridesReachThePlugin) {
  auto host = host_with({"good"});
  RunOptions options;
  options.settings = {{"good.min-ratio", "0.25"}, {"good.work-mem", "8kB"}, {"good.verbose", "on"},
                      {"good.max-rows", "10"}, {"good.max-rows", "20"}};  // the later setting wins
  const RunResult result = dbopt::engine::run_plugins(*host, catalog, options);
  ASSERT_FALSE(result.findings.empty());
  const auto& first = result.findings[0].finding;
  EXPECT_DOUBLE_EQ(*evidence(first, "min-ratio").value, 0.25);
  EXPECT_DOUBLE_EQ(*evidence(first, "work-mem").value, 8192.0);
  EXPECT_DOUBLE_EQ(*evidence(first, "max-rows").value, 20.0);
  EXPECT_EQ(*evidence(first, "verbose").text, "true");
}

TEST_F(RunnerTest, UnknownPluginInSettingIsAConfigError) {
  auto host = host_with({"good"});
  EXPECT_EQ(config_error([&] { dbopt::engine::resolve_options(host->loaded(), {{"nope.min-ratio", "1"}}); }),
            "--set nope.min-ratio=1: unknown plugin 'nope' (loaded: good)");
}

TEST_F(RunnerTest, UnknownOptionIsAConfigError) {
  auto host = host_with({"good"});
  EXPECT_EQ(config_error([&] { dbopt::engine::resolve_options(host->loaded(), {{"good.nope", "1"}}); }),
            "--set good.nope=1: plugin good has no option 'nope' (options: min-ratio, max-rows, verbose, work-mem)");
}

TEST_F(RunnerTest, InvalidValueIsAConfigErrorWithTheParserMessage) {
  auto host = host_with({"good"});
  const auto& spec = host->loaded()[0]->info.options[0];
  ASSERT_EQ(spec.name, "min-ratio");
  EXPECT_EQ(config_error([&] { dbopt::engine::resolve_options(host->loaded(), {{"good.min-ratio", "abc"}}); }),
            "--set good.min-ratio=abc: " + parse_error(spec, "abc"));
  EXPECT_THAT(config_error([&] { dbopt::engine::resolve_options(host->loaded(), {{"good.min-ratio", "1.5"}}); }),
              StartsWith("--set good.min-ratio=1.5: option min-ratio = '1.5': must be <= 1"));
  EXPECT_THAT(config_error([&] { dbopt::engine::resolve_options(host->loaded(), {{"good", "1"}}); }),
              HasSubstr("expected <plugin-id>.<option>=<value>"));
}

TEST_F(RunnerTest, BadOptionDefaultIsAConfigErrorBeforeAnythingRuns) {
  auto host = host_with({"good", "bad-option-default"});
  int events = 0;
  RunOptions options;
  options.on_progress = [&](const RunProgress&) { ++events; };
  const std::string error = config_error([&] { dbopt::engine::run_plugins(*host, catalog, options); });
  EXPECT_THAT(error, StartsWith("plugin bad-option-default ("));
  EXPECT_THAT(error, HasSubstr("invalid default: option min-ratio = 'ten percent'"));
  EXPECT_EQ(events, 0);

  options.only = {"good"};  // the broken plugin is not selected: the run goes on
  const RunResult result = dbopt::engine::run_plugins(*host, catalog, options);
  EXPECT_EQ(run_ids(result), (std::vector<std::string>{"good"}));
  EXPECT_GT(events, 0);
}

TEST_F(RunnerTest, SettingsAndOnlyAreValidatedBeforeAnythingRuns) {
  auto host = host_with({"good", "good-analyze", "wrong-abi"});
  int events = 0;
  RunOptions options;
  options.on_progress = [&](const RunProgress&) { ++events; };

  options.only = {"good-analyze"};
  options.settings = {{"good.min-ratio", "abc"}};  // for a loaded plugin outside --only: still checked
  EXPECT_THAT(config_error([&] { dbopt::engine::run_plugins(*host, catalog, options); }),
              StartsWith("--set good.min-ratio=abc: "));

  options.settings.clear();
  options.only = {"nope"};
  EXPECT_EQ(config_error([&] { dbopt::engine::run_plugins(*host, catalog, options); }),
            "--only nope: unknown plugin (loaded: good, good-analyze)");

  options.only = {"wrong-abi"};
  EXPECT_EQ(config_error([&] { dbopt::engine::run_plugins(*host, catalog, options); }),
            "--only wrong-abi: plugin not loaded: " + host->plugins()[2].error);

  options.only.clear();
  options.max_parallel = -1;
  EXPECT_THAT(config_error([&] { dbopt::engine::run_plugins(*host, catalog, options); }),
              HasSubstr("max_parallel must be >= 0"));
  EXPECT_EQ(events, 0);
}
