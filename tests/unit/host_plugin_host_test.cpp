// PluginHost against the fixture plugins of tests/fixtures (one broken library per way the host
// must refuse or fail, Qt Creator's extensionsystem testspecs style).
#include "host/plugin_host.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "fixtures/plugins/fixture_plugin.hpp"
#include "support/live_db.hpp"

namespace fs = std::filesystem;
using dbopt::engine::PluginCallError;
using dbopt::engine::PluginHost;
using dbopt::engine::PluginRecord;
using dbopt::engine::PluginState;
using testing::HasSubstr;
using testing::Not;
using testing::StartsWith;

namespace {

fs::path fixture_dir(const std::string& name) { return fs::path(DBOPT_TEST_FIXTURE_PLUGIN_DIR) / name; }
fs::path fixture_file(const std::string& dir, const std::string& lib) { return fixture_dir(dir) / ("lib" + lib + ".so"); }
fs::path fixture_file(const std::string& name) { return fixture_file(name, name); }

bool created(const std::string& id) { return std::getenv(dbopt::fixture::created_marker(id).c_str()) != nullptr; }
bool destroyed(const std::string& id) { return std::getenv(dbopt::fixture::destroyed_marker(id).c_str()) != nullptr; }
/// Clears the markers a previous test in the same process may have left.
void reset_markers(const std::string& id) {
  ::unsetenv(dbopt::fixture::created_marker(id).c_str());
  ::unsetenv(dbopt::fixture::destroyed_marker(id).c_str());
}

/// Sets an environment variable for the life of the object, restoring the old value after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) ::setenv(name, value->c_str(), 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

class NullContext final : public dbopt::sdk::Context {
 public:
  const dbopt::sdk::Options& options() const noexcept override { return options_; }
  const std::vector<dbopt::sdk::Finding>& earlier_findings() const noexcept override { return none_; }
  bool cancelled() const noexcept override { return false; }

 private:
  dbopt::sdk::Options options_{{{"min-ratio", "0.1"}, {"max-rows", "1000"}, {"verbose", "false"}, {"work-mem", "1024"}}};
  std::vector<dbopt::sdk::Finding> none_;
};

class VectorSink final : public dbopt::sdk::FindingSink {
 public:
  void add(const dbopt::sdk::Finding& f) noexcept override { findings.push_back(f); }
  void log(std::string_view m) noexcept override { lines.emplace_back(m); }
  void summary(const dbopt::sdk::SummaryFact&) noexcept override {}
  void exhibit(const dbopt::sdk::Exhibit&) noexcept override {}
  std::vector<dbopt::sdk::Finding> findings;
  std::vector<std::string> lines;
};

}  // namespace

TEST(PluginHost, GoodPluginLoadsWithItsInfo) {
  reset_markers("good");
  PluginHost host;
  const PluginRecord& r = host.load_file(fixture_file("good"));
  EXPECT_EQ(r.state, PluginState::Loaded) << r.error;
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.file, fixture_file("good"));
  EXPECT_EQ(r.info.id, "good");
  EXPECT_EQ(r.info.version, "1.2.3");
  EXPECT_EQ(r.info.phase, dbopt::sdk::Phase::Profile);
  ASSERT_EQ(r.info.options.size(), 4u);
  EXPECT_EQ(r.info.options[0].name, "min-ratio");
  EXPECT_EQ(r.info.checks.size(), 2u);
  EXPECT_TRUE(created("good"));
  ASSERT_EQ(host.loaded().size(), 1u);
  EXPECT_EQ(host.loaded()[0], &host.plugins()[0]);
  EXPECT_EQ(host.find("good"), &host.plugins()[0]);
  EXPECT_EQ(host.find("wrong-abi"), nullptr);
}

TEST(PluginHost, ProbesAndAnalyzeGoThroughTheShims) {
  PluginHost host;
  const PluginRecord& r = host.load_file(fixture_file("good"));
  ASSERT_EQ(r.state, PluginState::Loaded) << r.error;
  const dbopt::sdk::Catalog catalog(dbopt::sdk::Snapshot{});

  const auto options = dbopt::sdk::make_options("good", r.info.options, {});
  const auto probes = host.probes(r, catalog, options);
  ASSERT_EQ(probes.size(), 1u);
  EXPECT_EQ(probes[0].name, "relation-count");

  NullContext context;
  VectorSink sink;
  host.analyze(r, catalog, context, sink);
  ASSERT_EQ(sink.findings.size(), 2u);
  EXPECT_EQ(sink.findings[0].check_id, "good/first");
  EXPECT_EQ(sink.findings[1].check_id, "good/second");
  ASSERT_EQ(sink.lines.size(), 1u);
  EXPECT_THAT(sink.lines[0], HasSubstr("min-ratio=0.1"));
}

TEST(PluginHost, PluginExceptionBecomesPluginCallError) {
  PluginHost host;
  const PluginRecord& r = host.load_file(fixture_file("throws"));
  ASSERT_EQ(r.state, PluginState::Loaded) << r.error;
  const dbopt::sdk::Catalog catalog(dbopt::sdk::Snapshot{});
  NullContext context;
  VectorSink sink;
  try {
    host.analyze(r, catalog, context, sink);
    FAIL() << "analyze did not throw";
  } catch (const PluginCallError& e) {
    EXPECT_EQ(e.plugin_id(), "throws");
    EXPECT_THAT(e.message(), StartsWith("boom: "));
    EXPECT_EQ(std::string(e.what()), "throws: " + e.message());
  }
}

TEST(PluginHost, NonStandardExceptionBecomesPluginCallError) {
  PluginHost host;
  const PluginRecord& r = host.load_file(fixture_file("throws-unknown"));
  ASSERT_EQ(r.state, PluginState::Loaded) << r.error;
  const dbopt::sdk::Catalog catalog(dbopt::sdk::Snapshot{});
  NullContext context;
  VectorSink sink;
  try {
    host.analyze(r, catalog, context, sink);
    FAIL() << "analyze did not throw";
  } catch (const PluginCallError& e) {
    EXPECT_EQ(e.plugin_id(), "throws-unknown");
    EXPECT_THAT(e.message(), HasSubstr("not derived from std::exception"));
  }
}

TEST(PluginHost, WrongAbiIsRefusedNamingTheFieldBeforeCreate) {
  PluginHost host;
  const fs::path file = fixture_file("wrong-abi");
  const PluginRecord& r = host.load_file(file);
  EXPECT_EQ(r.state, PluginState::Refused);
  EXPECT_EQ(r.error, "refused " + file.string() + ": host has sdk_abi=" + std::to_string(DBOPT_SDK_ABI) +
                         ", plugin has " + std::to_string(DBOPT_SDK_ABI + 1));
  EXPECT_EQ(r.info.id, "wrong-abi");  // the magic was readable
  EXPECT_EQ(r.info.version, "1.0.0");
  EXPECT_FALSE(created("wrong-abi"));
  EXPECT_TRUE(host.loaded().empty());
}

TEST(PluginHost, WrongMagicSizeIsRefusedBeforeCreate) {
  PluginHost host;
  const fs::path file = fixture_file("wrong-size");
  const PluginRecord& r = host.load_file(file);
  EXPECT_EQ(r.state, PluginState::Refused);
  EXPECT_EQ(r.error, "refused " + file.string() + ": host has magic size=" +
                         std::to_string(sizeof(dbopt_plugin_magic_t)) + ", plugin has " +
                         std::to_string(sizeof(dbopt_plugin_magic_t) + 16));
  EXPECT_FALSE(created("wrong-size"));
}

TEST(PluginHost, WrongStdlibIsRefusedBeforeCreate) {
  PluginHost host;
  const fs::path file = fixture_file("wrong-stdlib");
  const PluginRecord& r = host.load_file(file);
  EXPECT_EQ(r.state, PluginState::Refused);
  EXPECT_EQ(r.error, "refused " + file.string() + ": host has stdlib=\"" DBOPT_STDLIB_ID
                     "\", plugin has \"altered " DBOPT_STDLIB_ID "\"");
  EXPECT_FALSE(created("wrong-stdlib"));
}

TEST(PluginHost, LibraryWithoutMagicIsRefusedAsNotAPlugin) {
  PluginHost host;
  const fs::path file = fixture_file("no-magic");
  const PluginRecord& r = host.load_file(file);
  EXPECT_EQ(r.state, PluginState::Refused);
  EXPECT_EQ(r.error, "refused " + file.string() + ": no dbopt_plugin_magic symbol (not a dbopt plugin)");
  EXPECT_EQ(r.info.id, "");
}

TEST(PluginHost, MissingShimIsRefusedNamingTheSymbolBeforeCreate) {
  PluginHost host;
  const fs::path file = fixture_file("missing-shim");
  const PluginRecord& r = host.load_file(file);
  EXPECT_EQ(r.state, PluginState::Refused);
  EXPECT_THAT(r.error, StartsWith("refused " + file.string() + ": missing symbol dbopt_plugin_analyze"));
  EXPECT_FALSE(created("missing-shim"));
}

TEST(PluginHost, IdMismatchBetweenMagicAndInfoIsRefusedAndInstanceDestroyed) {
  reset_markers("id-mismatch-other");
  PluginHost host;
  const fs::path file = fixture_file("id-mismatch");
  const PluginRecord& r = host.load_file(file);
  EXPECT_EQ(r.state, PluginState::Refused);
  EXPECT_THAT(r.error, StartsWith("refused " + file.string() + ": "));
  EXPECT_THAT(r.error, HasSubstr("plugin_id='id-mismatch'"));
  EXPECT_THAT(r.error, HasSubstr("id='id-mismatch-other'"));
  EXPECT_EQ(r.info.id, "id-mismatch");
  EXPECT_TRUE(host.loaded().empty());
  EXPECT_TRUE(destroyed("id-mismatch-other"));  // the refused instance does not live on
}

TEST(PluginHost, IdThatIsNotKebabCaseIsRefusedBeforeCreate) {
  PluginHost host;
  const fs::path file = fixture_file("bad-id");
  const PluginRecord& r = host.load_file(file);
  EXPECT_EQ(r.state, PluginState::Refused);
  EXPECT_EQ(r.error, "refused " + file.string() + ": magic plugin_id='Bad.Id' is not kebab-case (a-z, 0-9, '-')");
  EXPECT_FALSE(created("Bad.Id"));
}

TEST(PluginHost, CreateFailureIsFailedWithThePluginMessage) {
  PluginHost host;
  const fs::path file = fixture_file("create-throws");
  const PluginRecord& r = host.load_file(file);
  EXPECT_EQ(r.state, PluginState::Failed);
  EXPECT_EQ(r.error,
            "failed " + file.string() + ": dbopt_plugin_create: create-throws: constructor failed on purpose");
}

TEST(PluginHost, NotALibraryIsFailedWithTheDlopenError) {
  PluginHost host;
  host.load_directory(fixture_dir("not-a-library"));
  // README.txt and libjunk.so.1 are not lib*.so: only libjunk.so is tried.
  ASSERT_EQ(host.plugins().size(), 1u);
  const PluginRecord& r = host.plugins()[0];
  const fs::path file = fixture_dir("not-a-library") / "libjunk.so";
  EXPECT_EQ(r.file, file);
  EXPECT_EQ(r.state, PluginState::Failed);
  // dlerror() text without its repeated file name: "invalid ELF header" or "file too short".
  const std::string prefix = "failed " + file.string() + ": ";
  ASSERT_THAT(r.error, StartsWith(prefix));
  EXPECT_THAT(r.error.substr(prefix.size()), testing::MatchesRegex("invalid ELF header|file too short"));
}

TEST(PluginHost, MissingFileIsFailedWithTheDlopenError) {
  PluginHost host;
  const fs::path file = fixture_dir("good") / "libdoes-not-exist.so";
  const PluginRecord& r = host.load_file(file);
  EXPECT_EQ(r.state, PluginState::Failed);
  EXPECT_THAT(r.error, StartsWith("failed " + file.string() + ": "));
  EXPECT_THAT(r.error, HasSubstr("No such file"));
}

TEST(PluginHost, DuplicateIdIsRefusedNamingTheFirstFile) {
  PluginHost host;
  host.load_directory(fixture_dir("duplicate"));
  ASSERT_EQ(host.plugins().size(), 2u);
  const fs::path first = fixture_file("duplicate", "duplicate-first");
  const fs::path second = fixture_file("duplicate", "duplicate-second");
  EXPECT_EQ(host.plugins()[0].file, first);  // sorted by name
  EXPECT_EQ(host.plugins()[0].state, PluginState::Loaded);
  EXPECT_EQ(host.plugins()[1].state, PluginState::Refused);
  EXPECT_EQ(host.plugins()[1].error, "refused " + second.string() +
                                         ": duplicate plugin id 'duplicate' (already loaded from " + first.string() + ")");
  EXPECT_EQ(host.loaded().size(), 1u);
}

TEST(PluginHost, MissingDirectoryIsANoOp) {
  PluginHost host;
  host.load_directory(fixture_dir("no-such-case"));
  EXPECT_TRUE(host.plugins().empty());
}

TEST(PluginHost, LoadedIsSortedByPhaseThenId) {
  PluginHost host;
  host.load_directory(fixture_dir("good-optimize"));
  host.load_directory(fixture_dir("slow"));
  host.load_directory(fixture_dir("good-analyze"));
  host.load_directory(fixture_dir("good"));
  host.load_directory(fixture_dir("wrong-abi"));
  std::vector<std::string> ids;
  for (const auto* p : host.loaded()) ids.push_back(p->info.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"good", "slow", "good-analyze", "good-optimize"}));
  EXPECT_EQ(host.plugins().size(), 5u);
}

TEST(PluginHost, CallingARefusedPluginIsALogicError) {
  PluginHost host;
  const PluginRecord& r = host.load_file(fixture_file("wrong-abi"));
  const dbopt::sdk::Catalog catalog(dbopt::sdk::Snapshot{});
  EXPECT_THROW(host.probes(r, catalog, dbopt::sdk::Options{}), std::logic_error);
}

TEST(PluginHost, ProbesSeeTheOptionsPassed) {
  PluginHost host;
  const PluginRecord& r = host.load_file(fixture_file("good"));
  ASSERT_EQ(r.state, PluginState::Loaded) << r.error;
  const dbopt::sdk::Catalog catalog(dbopt::sdk::Snapshot{});

  // Defaults: max-rows 1000 (the probe's LIMIT), min-ratio 0.10 (× 1000 ms = the probe's timeout).
  const auto defaults = host.probes(r, catalog, dbopt::sdk::make_options("good", r.info.options, {}));
  ASSERT_EQ(defaults.size(), 1u);
  EXPECT_THAT(defaults[0].sql, HasSubstr("LIMIT 1000)"));
  ASSERT_TRUE(defaults[0].statement_timeout_ms.has_value());
  EXPECT_DOUBLE_EQ(*defaults[0].statement_timeout_ms, 100.0);

  const auto overridden = host.probes(
      r, catalog, dbopt::sdk::make_options("good", r.info.options, {{"max-rows", "7"}, {"min-ratio", "0.5"}}));
  ASSERT_EQ(overridden.size(), 1u);
  EXPECT_THAT(overridden[0].sql, HasSubstr("LIMIT 7)"));
  EXPECT_THAT(overridden[0].sql, Not(HasSubstr("LIMIT 1000")));
  ASSERT_TRUE(overridden[0].statement_timeout_ms.has_value());
  EXPECT_DOUBLE_EQ(*overridden[0].statement_timeout_ms, 500.0);
}

TEST(PluginHost, ProbesThatReadAMissingOptionFailThroughTheShim) {
  PluginHost host;
  const PluginRecord& r = host.load_file(fixture_file("good"));
  ASSERT_EQ(r.state, PluginState::Loaded) << r.error;
  const dbopt::sdk::Catalog catalog(dbopt::sdk::Snapshot{});
  try {
    host.probes(r, catalog, dbopt::sdk::Options{});  // the plugin's Options::text throws out_of_range
    FAIL() << "expected PluginCallError";
  } catch (const dbopt::engine::PluginCallError& e) {
    EXPECT_EQ(e.plugin_id(), "good");
    EXPECT_THAT(e.message(), HasSubstr("undeclared option: max-rows"));
  }
}

TEST(PluginHost, DestructorDestroysPluginInstances) {
  reset_markers("good-analyze");
  {
    PluginHost host;
    ASSERT_EQ(host.load_file(fixture_file("good-analyze")).state, PluginState::Loaded);
    EXPECT_TRUE(created("good-analyze"));
    EXPECT_FALSE(destroyed("good-analyze"));
  }
  EXPECT_TRUE(destroyed("good-analyze"));
}

TEST(PluginHost, DefaultSearchPathsHonourPluginPathThenExecutableThenXdg) {
  ScopedEnv plugin_path("DBOPT_PLUGIN_PATH", "/opt/first:/opt/second::/opt/first");
  ScopedEnv xdg("XDG_DATA_HOME", "/xdg-data");
  const auto paths = PluginHost::default_search_paths();
  ASSERT_GE(paths.size(), 4u);
  EXPECT_EQ(paths[0], fs::path("/opt/first"));
  EXPECT_EQ(paths[1], fs::path("/opt/second"));  // the empty entry and the repeat are skipped
  const fs::path exe_relative = (fs::read_symlink("/proc/self/exe").parent_path() / ".." / "lib" / "dbopt" / "plugins")
                                    .lexically_normal();
  EXPECT_EQ(paths[2], exe_relative);
  EXPECT_EQ(paths.back(), fs::path("/xdg-data/dbopt/plugins"));
}

TEST(PluginHost, DefaultSearchPathsFallBackToHomeWhenXdgIsRelative) {
  ScopedEnv plugin_path("DBOPT_PLUGIN_PATH", std::nullopt);
  ScopedEnv xdg("XDG_DATA_HOME", "relative/data");
  ScopedEnv home("HOME", "/home/someone");
  const auto paths = PluginHost::default_search_paths();
  ASSERT_FALSE(paths.empty());
  EXPECT_EQ(paths.back(), fs::path("/home/someone/.local/share/dbopt/plugins"));
  for (const auto& p : paths) EXPECT_THAT(p.string(), testing::Not(HasSubstr("relative/data")));
}

TEST(PluginHost, LoadDefaultReadsPluginPathDirectoriesFirstAndOnce) {
  const fs::path good = fixture_dir("good");
  const fs::path analyze = fixture_dir("good-analyze");
  ScopedEnv plugin_path("DBOPT_PLUGIN_PATH", good.string() + ":" + analyze.string() + ":" + good.string() + "/.");
  ScopedEnv xdg("XDG_DATA_HOME", dbopt::test::temp_dir("h4-xdg").string());
  PluginHost host;
  host.load_default();
  ASSERT_GE(host.plugins().size(), 2u);
  EXPECT_EQ(host.plugins()[0].file, good / "libgood.so");
  EXPECT_EQ(host.plugins()[1].file, analyze / "libgood-analyze.so");
  int good_records = 0;
  for (const auto& r : host.plugins()) {
    if (r.file.filename() == "libgood.so") ++good_records;
  }
  EXPECT_EQ(good_records, 1);  // "good/." is the same directory: not read twice
  EXPECT_NE(host.find("good"), nullptr);
  EXPECT_NE(host.find("good-analyze"), nullptr);
}

TEST(PluginHost, TheSameFileOrDirectoryIsLoadedOnce) {
  // e.g. `dbopt --plugin-path build/lib/dbopt/plugins` also finds that directory by default.
  PluginHost host;
  const PluginRecord& first = host.load_file(fixture_file("good"));
  ASSERT_EQ(first.state, PluginState::Loaded) << first.error;
  const PluginRecord& again = host.load_file(fixture_dir("good") / ".." / "good" / "libgood.so");
  EXPECT_EQ(&again, &host.plugins()[0]);
  host.load_directory(fixture_dir("good"));
  host.load_directory(fixture_dir("duplicate"));
  host.load_directory(fixture_dir("duplicate") / ".");
  ASSERT_EQ(host.plugins().size(), 3u);  // libgood.so, libduplicate-first.so, libduplicate-second.so
  EXPECT_EQ(host.plugins()[0].state, PluginState::Loaded);
  EXPECT_EQ(host.loaded().size(), 2u);
}
