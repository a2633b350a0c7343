// config-tuner: for each check, the smallest catalog that fires it and the closest ones that must
// not (STYLE.md rule 6); runs without hardware; the rollback rule for each pg_settings source.
// Expected values are recomputed here from the formulas in plugins/config-tuner/README.md
// (PGTune's formulas, the memory bound), independently of the plugin's code.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "ConfigTunerPlugin.hpp"
#include "GucValue.hpp"
#include "SettingChange.hpp"

using namespace dbopt::sdk;
namespace ct = dbopt::plugins::config_tuner;

namespace {

constexpr std::int64_t kMB = 1024 * 1024;
constexpr std::int64_t kGB = 1024 * kMB;

struct CollectingSink : FindingSink {
  std::vector<Finding> findings;
  std::vector<std::string> logs;
  void add(const Finding& f) noexcept override { findings.push_back(f); }
  void log(std::string_view m) noexcept override { logs.emplace_back(m); }
  void summary(const SummaryFact&) noexcept override {}
  void exhibit(const Exhibit&) noexcept override {}
  /// Copies (the sink is often a temporary), used like pointers.
  struct Owned {
    Finding f;
    const Finding* operator->() const { return &f; }
    const Finding& operator*() const { return f; }
  };
  std::vector<Owned> of(const std::string& check_id) const {
    std::vector<Owned> out;
    for (const auto& f : findings)
      if (f.check_id == check_id) out.push_back({f});
    return out;
  }
  const Finding* find(const std::string& check_id, const std::string& setting) const {
    for (const auto& f : findings)
      if (f.check_id == check_id && f.object.name == setting) return &f;
    return nullptr;
  }
};

Setting make_setting(const std::string& name, const std::string& value, std::optional<std::string> unit,
                     const std::string& vartype, const std::string& context) {
  Setting s;
  s.name = name;
  s.setting = value;
  s.unit = std::move(unit);
  s.vartype = vartype;
  s.context = context;
  s.source = "default";
  s.boot_val = value;
  s.reset_val = value;
  return s;
}

/// PostgreSQL 15 defaults of every setting the plugin reads (postgres --describe-config).
Snapshot base_snapshot() {
  Snapshot s;
  s.server.server_version_num = 150004;
  s.server.version = "PostgreSQL 15.4 (Debian 15.4-1) on x86_64-pc-linux-gnu";
  s.server.database = "app";
  s.server.database_size_bytes = 10 * kGB;
  s.database = DatabaseStats{};
  const std::optional<std::string> none;
  s.settings = {
      make_setting("block_size", "8192", none, "integer", "internal"),
      make_setting("shared_buffers", "16384", "8kB", "integer", "postmaster"),
      make_setting("effective_cache_size", "524288", "8kB", "integer", "user"),
      make_setting("work_mem", "4096", "kB", "integer", "user"),
      make_setting("maintenance_work_mem", "65536", "kB", "integer", "user"),
      make_setting("autovacuum_work_mem", "-1", "kB", "integer", "sighup"),
      make_setting("hash_mem_multiplier", "2", none, "real", "user"),
      make_setting("max_connections", "100", none, "integer", "postmaster"),
      make_setting("autovacuum_max_workers", "3", none, "integer", "postmaster"),
      make_setting("random_page_cost", "4", none, "real", "user"),
      make_setting("seq_page_cost", "1", none, "real", "user"),
      make_setting("effective_io_concurrency", "1", none, "integer", "user"),
      make_setting("max_worker_processes", "8", none, "integer", "postmaster"),
      make_setting("max_parallel_workers", "8", none, "integer", "user"),
      make_setting("max_parallel_workers_per_gather", "2", none, "integer", "user"),
      make_setting("max_parallel_maintenance_workers", "2", none, "integer", "user"),
      make_setting("autovacuum", "on", none, "bool", "sighup"),
      make_setting("track_counts", "on", none, "bool", "superuser"),
      make_setting("autovacuum_vacuum_cost_limit", "-1", none, "integer", "sighup"),
      make_setting("autovacuum_vacuum_cost_delay", "2", "ms", "real", "sighup"),
      make_setting("vacuum_cost_limit", "200", none, "integer", "user"),
      make_setting("vacuum_cost_delay", "0", "ms", "real", "user"),
      make_setting("vacuum_cost_page_miss", "2", none, "integer", "user"),
      make_setting("vacuum_cost_page_dirty", "20", none, "integer", "user"),
      make_setting("autovacuum_vacuum_scale_factor", "0.2", none, "real", "sighup"),
      make_setting("autovacuum_analyze_scale_factor", "0.1", none, "real", "sighup"),
      make_setting("autovacuum_vacuum_threshold", "50", none, "integer", "sighup"),
      make_setting("autovacuum_analyze_threshold", "50", none, "integer", "sighup"),
      make_setting("log_min_duration_statement", "-1", "ms", "integer", "superuser"),
      make_setting("log_autovacuum_min_duration", "600000", "ms", "integer", "sighup"),
      make_setting("shared_preload_libraries", "pg_stat_statements", none, "string", "postmaster"),
      make_setting("track_io_timing", "on", none, "bool", "superuser"),
  };
  for (auto& st : s.settings)
    if (st.name == "shared_preload_libraries") st.source = "configuration file";
  return s;
}

Snapshot with_hardware(Snapshot s, std::int64_t ram, int cores, const std::string& storage) {
  s.hardware.ram_bytes = ram;
  s.hardware.cpu_cores = cores;
  s.hardware.storage = storage;
  return s;
}

Setting& setting(Snapshot& s, const std::string& name) {
  for (auto& st : s.settings)
    if (st.name == name) return st;
  throw std::runtime_error("no setting " + name);
}

void set(Snapshot& s, const std::string& name, const std::string& value, const std::string& source = "configuration file") {
  Setting& st = setting(s, name);
  st.setting = value;
  st.reset_val = value;
  st.source = source;
}

Table& add_table(Snapshot& s, Oid oid, const std::string& name, double reltuples, std::int64_t relpages) {
  Table t;
  t.oid = oid;
  t.schemaname = "public";
  t.relname = name;
  t.reltuples = reltuples;
  t.relpages = relpages;
  t.heap_bytes = relpages * 8192;
  s.tables.push_back(t);
  return s.tables.back();
}

/// query-profiler's temp-spill evidence (the contract in the issue).
Finding temp_spill(std::int64_t queryid, double bytes_per_call, double calls = 100) {
  Finding f;
  f.check_id = "query-profiler/temp-spill";
  f.object.kind = "statement";
  f.object.queryid = queryid;
  auto m = [](const std::string& n, double v, const std::string& u) {
    Metric x;
    x.name = n;
    x.value = v;
    x.unit = u;
    return x;
  };
  f.evidence = {m("temp_blks_written", bytes_per_call * calls / 8192, "pages"), m("temp_blks_read", 0, "pages"),
                m("calls", calls, "count"), m("temp_bytes_per_call", bytes_per_call, "bytes"),
                m("mean_exec_time", 50, "ms")};
  return f;
}

CollectingSink run(const Snapshot& s, const std::vector<Finding>& earlier = {},
                   const std::map<std::string, std::string>& overrides = {}) {
  Catalog catalog(s);
  CollectingSink sink;
  ct::ConfigTunerPlugin::run_all(catalog, ct::ConfigTunerPlugin::make_options(overrides), earlier, sink);
  return sink;
}

std::string evidence_text(const Finding& f, const std::string& name) {
  for (const auto& m : f.evidence)
    if (m.name == name && m.text) return *m.text;
  return "<none>";
}

const Snapshot kDefaults16 = with_hardware(base_snapshot(), 16 * kGB, 8, "ssd");

}  // namespace

// ---- values and units ---------------------------------------------------------------------

TEST(ConfigTunerGucValue, SizesAndDurationsRoundTripInTheLargestExactUnit) {
  EXPECT_EQ(ct::format_size(4 * kGB), "4GB");
  EXPECT_EQ(ct::format_size(1536 * kMB), "1536MB");
  EXPECT_EQ(ct::format_size(64 * 1024), "64kB");
  EXPECT_EQ(ct::format_size(100), "100B");
  EXPECT_EQ(ct::format_duration(600000), "10min");
  EXPECT_EQ(ct::format_duration(1000), "1s");
  EXPECT_EQ(ct::format_duration(2), "2ms");
  EXPECT_EQ(ct::format_duration(2.5), "2.5ms");
  Snapshot s = base_snapshot();
  EXPECT_EQ(ct::value_with_unit(setting(s, "shared_buffers")), "128MB");  // 16384 × 8kB
  EXPECT_EQ(ct::value_with_unit(setting(s, "autovacuum_work_mem")), "-1");
  EXPECT_EQ(ct::value_with_unit(setting(s, "log_autovacuum_min_duration")), "10min");
  EXPECT_EQ(ct::value_with_unit(setting(s, "random_page_cost")), "4");
}

TEST(ConfigTunerGucValue, Identifiers) {  // list elements: sdk_test (ListSetting)
  EXPECT_TRUE(ct::is_guc_identifier("work_mem"));
  EXPECT_TRUE(ct::is_guc_identifier("pg_stat_statements.track"));
  EXPECT_FALSE(ct::is_guc_identifier("work_mem'; DROP TABLE x; --"));
  EXPECT_FALSE(ct::is_guc_identifier("Work_Mem"));
  EXPECT_FALSE(ct::is_guc_identifier("a..b"));
}

// ---- scripts and the rollback rule -------------------------------------------------------

namespace {
Finding change_finding(const Snapshot& s, const std::string& name, const std::string& value) {
  Catalog catalog(s);
  ct::SettingChange c;
  c.check_id = "config-tuner/test";
  c.name = name;
  c.recommended = value;
  c.title = "t";
  c.reason = "r";
  return ct::make_setting_finding(catalog, c);
}
}  // namespace

TEST(ConfigTunerScripts, DefaultSourceRollsBackWithReset) {
  const Finding f = change_finding(base_snapshot(), "random_page_cost", "1.1");
  ASSERT_TRUE(f.script);
  EXPECT_EQ(f.script->category, ScriptCategory::Config);
  EXPECT_EQ(f.script->apply, "ALTER SYSTEM SET random_page_cost = '1.1';\nSELECT pg_reload_conf();");
  EXPECT_EQ(f.script->rollback, "ALTER SYSTEM RESET random_page_cost;\nSELECT pg_reload_conf();");
  EXPECT_FALSE(f.script->requires_restart);
  EXPECT_NE(f.detail.find("reload"), std::string::npos);
}

TEST(ConfigTunerScripts, ConfigFileSourceWritesTheCapturedValueBackWithItsUnit) {
  Snapshot s = base_snapshot();
  set(s, "shared_buffers", "32768");  // 256MB from postgresql.conf (or postgresql.auto.conf)
  const Finding f = change_finding(s, "shared_buffers", "4GB");
  ASSERT_TRUE(f.script);
  EXPECT_EQ(f.script->apply, "ALTER SYSTEM SET shared_buffers = '4GB';\nSELECT pg_reload_conf();");
  EXPECT_NE(f.script->rollback.find("ALTER SYSTEM SET shared_buffers = '256MB';\nSELECT pg_reload_conf();"),
            std::string::npos);
  EXPECT_EQ(f.script->rollback.find("RESET"), std::string::npos);
  EXPECT_TRUE(f.script->requires_restart);
  EXPECT_EQ(f.risk.level, RiskLevel::Medium);
  EXPECT_NE(f.detail.find("restart"), std::string::npos);
  EXPECT_EQ(evidence_text(f, "current_value"), "256MB");
  EXPECT_EQ(evidence_text(f, "source"), "configuration file");
}

TEST(ConfigTunerScripts, DatabaseOrRoleSourceGetsNoAlterSystemScript) {
  for (const char* source : {"database", "user", "database user", "command line", "session"}) {
    Snapshot s = base_snapshot();
    set(s, "work_mem", "8192", source);
    const Finding f = change_finding(s, "work_mem", "16MB");
    EXPECT_FALSE(f.script) << source;
    EXPECT_NE(f.detail.find("No ALTER SYSTEM script"), std::string::npos) << source;
  }
  Snapshot s = base_snapshot();
  set(s, "work_mem", "8192", "database");
  EXPECT_NE(change_finding(s, "work_mem", "16MB").detail.find("ALTER DATABASE"), std::string::npos);
}

TEST(ConfigTunerScripts, PendingRestartGetsNoScript) {
  Snapshot s = base_snapshot();
  setting(s, "shared_buffers").pending_restart = true;
  EXPECT_FALSE(change_finding(s, "shared_buffers", "4GB").script);
}

TEST(ConfigTunerScripts, UnknownOrHostileNamesAreRefused) {
  Snapshot s = base_snapshot();
  EXPECT_THROW(change_finding(s, "no_such_setting", "1"), std::invalid_argument);
  s.settings.push_back(make_setting("x'; DROP TABLE t; --", "1", std::nullopt, "integer", "user"));
  EXPECT_THROW(change_finding(s, "x'; DROP TABLE t; --", "1"), std::invalid_argument);
}

TEST(ConfigTunerScripts, ValuesAreQuotedLiterals) {
  Snapshot s = base_snapshot();
  const Finding f = change_finding(s, "random_page_cost", "1'1");
  EXPECT_EQ(f.script->apply, "ALTER SYSTEM SET random_page_cost = '1''1';\nSELECT pg_reload_conf();");
}

// ---- hardware ------------------------------------------------------------------------------

TEST(ConfigTunerHardware, WithoutHardwareOnlyHardwareFreeChecksRunAndOneInfoFindingListsTheRest) {
  Snapshot s = base_snapshot();
  const CollectingSink sink = run(s);
  const auto unknown = sink.of("config-tuner/hardware-unknown");
  ASSERT_EQ(unknown.size(), 1u);
  const Finding& f = *unknown[0];
  EXPECT_EQ(f.severity, Severity::Info);
  EXPECT_EQ(f.object.kind, "database");
  EXPECT_EQ(f.object.name, "app");
  EXPECT_FALSE(f.script);
  for (const char* id : {"config-tuner/shared-buffers", "config-tuner/effective-cache-size", "config-tuner/work-mem",
                         "config-tuner/maintenance-work-mem", "config-tuner/memory-overcommit",
                         "config-tuner/random-page-cost", "config-tuner/effective-io-concurrency",
                         "config-tuner/parallel-workers"})
    EXPECT_NE(f.detail.find(id), std::string::npos) << id;
  for (const char* id : {"config-tuner/slow-query-log", "config-tuner/autovacuum-disabled"})
    EXPECT_EQ(f.detail.find(id), std::string::npos) << id;
  EXPECT_NE(f.detail.find("--server-ram 64GB --server-cores 16 --storage ssd"), std::string::npos);
  EXPECT_TRUE(sink.of("config-tuner/shared-buffers").empty());
  EXPECT_TRUE(sink.of("config-tuner/random-page-cost").empty());
  EXPECT_EQ(sink.of("config-tuner/slow-query-log").size(), 1u);  // needs no hardware: still runs
}

TEST(ConfigTunerHardware, PartialHardwareSkipsOnlyWhatIsMissing) {
  Snapshot s = base_snapshot();
  s.hardware.ram_bytes = 16 * kGB;
  const CollectingSink sink = run(s);
  const auto unknown = sink.of("config-tuner/hardware-unknown");
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0]->detail.find("config-tuner/shared-buffers"), std::string::npos);
  EXPECT_NE(unknown[0]->detail.find("config-tuner/parallel-workers (needs --server-cores)"), std::string::npos);
  EXPECT_NE(unknown[0]->detail.find("config-tuner/random-page-cost (needs --storage)"), std::string::npos);
  EXPECT_EQ(sink.of("config-tuner/shared-buffers").size(), 1u);
}

TEST(ConfigTunerHardware, FullHardwareGivesNoHardwareFinding) {
  EXPECT_TRUE(run(kDefaults16).of("config-tuner/hardware-unknown").empty());
}

// ---- memory --------------------------------------------------------------------------------

TEST(ConfigTunerSharedBuffers, FiresBelowTwentyPercentWithRamOverFour) {
  const CollectingSink sink = run(kDefaults16);
  const Finding* f = sink.find("config-tuner/shared-buffers", "shared_buffers");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::Medium);
  EXPECT_EQ(f->script->apply, "ALTER SYSTEM SET shared_buffers = '4GB';\nSELECT pg_reload_conf();");  // 16GB / 4
  EXPECT_EQ(f->script->rollback, "ALTER SYSTEM RESET shared_buffers;\nSELECT pg_reload_conf();");
  EXPECT_TRUE(f->script->requires_restart);
  EXPECT_FALSE(f->impact.speedup);
  EXPECT_NE(f->detail.find("PGTune"), std::string::npos);
}

TEST(ConfigTunerSharedBuffers, ExactlyTwentyPercentDoesNotFire) {
  Snapshot s = with_hardware(base_snapshot(), 640 * kMB, 8, "ssd");  // 128MB = 20 % of 640MB
  EXPECT_TRUE(run(s).of("config-tuner/shared-buffers").empty());
}

TEST(ConfigTunerSharedBuffers, AboveEightyPercentIsHigh) {
  Snapshot s = with_hardware(base_snapshot(), 150 * kMB, 8, "ssd");  // 128MB = 85 %
  const auto found = run(s).of("config-tuner/shared-buffers");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, Severity::High);
  EXPECT_NE(found[0]->script->apply.find("'37MB'"), std::string::npos);  // floor(150MB / 4) = 37.5MB → 37MB
}

TEST(ConfigTunerEffectiveCacheSize, FiresAtQuarterOfRamNotAtHalf) {
  const auto found = run(kDefaults16).of("config-tuner/effective-cache-size");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->script->apply.find("'12GB'"), std::string::npos);  // 3/4 of 16GB
  EXPECT_EQ(found[0]->severity, Severity::Low);
  EXPECT_TRUE(run(with_hardware(base_snapshot(), 8 * kGB, 8, "ssd")).of("config-tuner/effective-cache-size").empty());
  EXPECT_EQ(run(with_hardware(base_snapshot(), 3 * kGB, 8, "ssd")).of("config-tuner/effective-cache-size").size(), 1u);
}

TEST(ConfigTunerMemoryOvercommit, FiresWhenTheBoundExceedsRamAndFitsWorkMem) {
  // 128MB + 100 × 4MB × 2 + 3 × 64MB = 1120MB > 1GB → work_mem = (1024 − 128 − 192) / 200 = 3.52 → 3MB
  const auto found = run(with_hardware(base_snapshot(), 1 * kGB, 8, "ssd")).of("config-tuner/memory-overcommit");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->object.name, "work_mem");
  EXPECT_EQ(found[0]->severity, Severity::Medium);
  EXPECT_EQ(found[0]->script->apply, "ALTER SYSTEM SET work_mem = '3MB';\nSELECT pg_reload_conf();");
  EXPECT_NE(found[0]->detail.find("128MB + 100 × 4MB × 2 + 3 × 64MB = 1120MB"), std::string::npos);
}

TEST(ConfigTunerMemoryOvercommit, WithinRamDoesNotFireAndUnfixableHasNoScript) {
  EXPECT_TRUE(run(with_hardware(base_snapshot(), 1200 * kMB, 8, "ssd")).of("config-tuner/memory-overcommit").empty());
  Snapshot s = with_hardware(base_snapshot(), 256 * kMB, 8, "ssd");
  set(s, "shared_buffers", "32768");  // 256MB: nothing left for work_mem
  const auto found = run(s).of("config-tuner/memory-overcommit");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_FALSE(found[0]->script);
  EXPECT_EQ(found[0]->severity, Severity::High);  // 256 + 800 + 192 = 1248MB, > 2 × RAM
}

TEST(ConfigTunerWorkMem, FewSpillingStatementsGetPerQueryAdviceWithoutScript) {
  const auto found = run(kDefaults16, {temp_spill(42, 10.0 * kMB)}).of("config-tuner/work-mem");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_FALSE(found[0]->script);
  EXPECT_NE(found[0]->detail.find("SET LOCAL work_mem = '20MB'"), std::string::npos);  // 2 × 10MB
  EXPECT_EQ(found[0]->impact.affected_queryids, (std::vector<std::int64_t>{42}));
  EXPECT_EQ(found[0]->severity, Severity::Medium);  // the spill finding's (Finding's default) severity
  EXPECT_FALSE(found[0]->impact.speedup);
}

TEST(ConfigTunerWorkMem, ManySpillingStatementsWithinPgtuneGetAlterSystem) {
  // PGTune cap: (16GB − max(128MB, 4GB)) / (100 × 3) / 2 = 20.48MB → 20MB; needed 2 × 8MB = 16MB.
  std::vector<Finding> spills;
  for (int i = 1; i <= 4; ++i) spills.push_back(temp_spill(i, 8.0 * kMB));
  const auto found = run(kDefaults16, spills).of("config-tuner/work-mem");
  ASSERT_EQ(found.size(), 1u);
  ASSERT_TRUE(found[0]->script);
  EXPECT_EQ(found[0]->script->apply, "ALTER SYSTEM SET work_mem = '16MB';\nSELECT pg_reload_conf();");
  EXPECT_EQ(found[0]->script->rollback, "ALTER SYSTEM RESET work_mem;\nSELECT pg_reload_conf();");
}

TEST(ConfigTunerWorkMem, AboveThePgtuneCapStaysPerQuery) {
  std::vector<Finding> spills;
  for (int i = 1; i <= 4; ++i) spills.push_back(temp_spill(i, 11.0 * kMB));  // needs 22MB > 20MB
  const auto found = run(kDefaults16, spills).of("config-tuner/work-mem");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_FALSE(found[0]->script);
}

TEST(ConfigTunerWorkMem, NoEvidenceDoesNotFire) {
  EXPECT_TRUE(run(kDefaults16).of("config-tuner/work-mem").empty());
  Finding other = temp_spill(1, 10.0 * kMB);
  other.check_id = "query-profiler/slow-statement";
  EXPECT_TRUE(run(kDefaults16, {other}).of("config-tuner/work-mem").empty());
}

TEST(ConfigTunerWorkMem, ASmallSpillStillNeedsTwiceTheWorkMemItSpilledAtAndKeepsItsSeverity) {
  Finding small = temp_spill(7, 1.3 * kMB);  // 2 × 1.3MB = 2.6MB < 4MB: it spilled at 4MB, so 2 × 4MB
  small.severity = Severity::Low;
  const auto found = run(kDefaults16, {small}).of("config-tuner/work-mem");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->detail.find("SET LOCAL work_mem = '8MB'"), std::string::npos);
  EXPECT_EQ(found[0]->severity, Severity::Low);
}

TEST(ConfigTunerMaintenanceWorkMem, FiresBelowHalfOfRamOverSixteen) {
  const auto found = run(kDefaults16).of("config-tuner/maintenance-work-mem");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->script->apply.find("'1GB'"), std::string::npos);  // 16GB / 16
  // 64GB → capped at 2GB
  EXPECT_NE(run(with_hardware(base_snapshot(), 64 * kGB, 8, "ssd")).of("config-tuner/maintenance-work-mem")[0]
                ->script->apply.find("'2GB'"),
            std::string::npos);
  // 1GB RAM → 64MB recommended: 64MB is not below half of it
  EXPECT_TRUE(run(with_hardware(base_snapshot(), 1 * kGB, 8, "ssd")).of("config-tuner/maintenance-work-mem").empty());
}

// ---- planner and I/O -----------------------------------------------------------------------

TEST(ConfigTunerRandomPageCost, SsdAndHdd) {
  const auto ssd = run(kDefaults16).of("config-tuner/random-page-cost");
  ASSERT_EQ(ssd.size(), 1u);
  EXPECT_EQ(ssd[0]->severity, Severity::Medium);
  EXPECT_EQ(ssd[0]->script->apply, "ALTER SYSTEM SET random_page_cost = '1.1';\nSELECT pg_reload_conf();");
  Snapshot tuned = kDefaults16;
  set(tuned, "random_page_cost", "1.1");
  EXPECT_TRUE(run(tuned).of("config-tuner/random-page-cost").empty());
  set(tuned, "random_page_cost", "2");  // the boundary: not fired
  EXPECT_TRUE(run(tuned).of("config-tuner/random-page-cost").empty());
  Snapshot hdd = with_hardware(base_snapshot(), 16 * kGB, 8, "hdd");
  EXPECT_TRUE(run(hdd).of("config-tuner/random-page-cost").empty());
  set(hdd, "random_page_cost", "1.1");
  const auto back = run(hdd).of("config-tuner/random-page-cost");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_NE(back[0]->script->apply.find("'4'"), std::string::npos);
  EXPECT_NE(back[0]->script->rollback.find("'1.1'"), std::string::npos);  // config file: captured value back
  Snapshot rescaled = kDefaults16;
  set(rescaled, "seq_page_cost", "2");
  EXPECT_TRUE(run(rescaled).of("config-tuner/random-page-cost").empty());
}

TEST(ConfigTunerEffectiveIoConcurrency, SsdOnlyAndNotWithoutPosixFadvise) {
  const auto found = run(kDefaults16).of("config-tuner/effective-io-concurrency");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->script->apply.find("'200'"), std::string::npos);
  EXPECT_NE(run(with_hardware(base_snapshot(), 16 * kGB, 8, "network")).of("config-tuner/effective-io-concurrency")[0]
                ->script->apply.find("'300'"),
            std::string::npos);
  Snapshot tuned = kDefaults16;
  set(tuned, "effective_io_concurrency", "200");
  EXPECT_TRUE(run(tuned).of("config-tuner/effective-io-concurrency").empty());
  EXPECT_TRUE(run(with_hardware(base_snapshot(), 16 * kGB, 8, "hdd")).of("config-tuner/effective-io-concurrency").empty());
  Snapshot windows = kDefaults16;
  windows.server.version = "PostgreSQL 15.4, compiled by Visual C++ build 1914, 64-bit";
  EXPECT_TRUE(run(windows).of("config-tuner/effective-io-concurrency").empty());
}

TEST(ConfigTunerParallelWorkers, EightCoresRaisesPerGatherAndMaintenanceOnly) {
  const CollectingSink sink = run(kDefaults16);
  EXPECT_EQ(sink.find("config-tuner/parallel-workers", "max_worker_processes"), nullptr);
  EXPECT_EQ(sink.find("config-tuner/parallel-workers", "max_parallel_workers"), nullptr);
  const Finding* g = sink.find("config-tuner/parallel-workers", "max_parallel_workers_per_gather");
  ASSERT_NE(g, nullptr);
  EXPECT_NE(g->script->apply.find("'4'"), std::string::npos);  // ceil(8 / 2) = 4
  ASSERT_NE(sink.find("config-tuner/parallel-workers", "max_parallel_maintenance_workers"), nullptr);
}

TEST(ConfigTunerParallelWorkers, SixteenCoresAndTheWorkerPoolDependency) {
  const CollectingSink sixteen = run(with_hardware(base_snapshot(), 16 * kGB, 16, "ssd"));
  const Finding* mwp = sixteen.find("config-tuner/parallel-workers", "max_worker_processes");
  ASSERT_NE(mwp, nullptr);
  EXPECT_TRUE(mwp->script->requires_restart);
  EXPECT_NE(mwp->script->apply.find("'16'"), std::string::npos);
  ASSERT_NE(sixteen.find("config-tuner/parallel-workers", "max_parallel_workers"), nullptr);
  // per gather: ceil(16 / 2) capped at 4
  EXPECT_NE(sixteen.find("config-tuner/parallel-workers", "max_parallel_workers_per_gather")->script->apply.find("'4'"),
            std::string::npos);

  Snapshot s = with_hardware(base_snapshot(), 16 * kGB, 4, "ssd");
  set(s, "max_parallel_workers", "12");
  const Finding* dep = run(s).find("config-tuner/parallel-workers", "max_parallel_workers");
  ASSERT_NE(dep, nullptr);
  EXPECT_NE(dep->script->apply.find("'8'"), std::string::npos);

  EXPECT_TRUE(run(with_hardware(base_snapshot(), 16 * kGB, 2, "ssd")).of("config-tuner/parallel-workers").empty());
}

// ---- autovacuum ----------------------------------------------------------------------------

TEST(ConfigTunerAutovacuum, DisabledIsHigh) {
  Snapshot s = kDefaults16;
  EXPECT_TRUE(run(s).of("config-tuner/autovacuum-disabled").empty());
  set(s, "autovacuum", "off");
  set(s, "track_counts", "off");
  const auto found = run(s).of("config-tuner/autovacuum-disabled");
  ASSERT_EQ(found.size(), 2u);
  for (const auto& f : found) {
    EXPECT_EQ(f->severity, Severity::High);
    EXPECT_NE(f->script->apply.find("'on'"), std::string::npos);
    EXPECT_NE(f->script->rollback.find("'off'"), std::string::npos);
  }
}

TEST(ConfigTunerAutovacuum, FewerWorkersThanTheDefault) {
  Snapshot s = kDefaults16;
  EXPECT_TRUE(run(s).of("config-tuner/autovacuum-workers").empty());
  set(s, "autovacuum_max_workers", "2");
  const auto found = run(s).of("config-tuner/autovacuum-workers");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0]->script->requires_restart);
}

TEST(ConfigTunerAutovacuum, ThrottleFiresOnlyForAPassLongerThanAnHour) {
  // budget 200 / 2ms = 100,000 units/s; a page costs 2 + 20: 20M pages → 4400 s; 10M pages → 2200 s
  Snapshot s = kDefaults16;
  add_table(s, 1, "huge", 1e9, 10'000'000);
  EXPECT_TRUE(run(s).of("config-tuner/autovacuum-throttle").empty());
  s.tables[0].relpages = 20'000'000;
  const auto found = run(s).of("config-tuner/autovacuum-throttle");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->object.name, "autovacuum_vacuum_cost_limit");
  EXPECT_NE(found[0]->script->apply.find("'300'"), std::string::npos);  // ceil(200 × 4400/3600 / 100) × 100
  Snapshot unthrottled = s;
  set(unthrottled, "autovacuum_vacuum_cost_delay", "0");
  EXPECT_TRUE(run(unthrottled).of("config-tuner/autovacuum-throttle").empty());
}

TEST(ConfigTunerAutovacuum, ScaleFactorsWithLargeTables) {
  Snapshot s = kDefaults16;
  add_table(s, 1, "ledger", 999'999, 5000);
  EXPECT_TRUE(run(s).of("config-tuner/autovacuum-scale-factor").empty());
  s.tables[0].reltuples = 2'000'000;
  const CollectingSink sink = run(s);
  const Finding* v = sink.find("config-tuner/autovacuum-scale-factor", "autovacuum_vacuum_scale_factor");
  const Finding* a = sink.find("config-tuner/autovacuum-scale-factor", "autovacuum_analyze_scale_factor");
  ASSERT_NE(v, nullptr);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(v->severity, Severity::Medium);
  EXPECT_EQ(a->severity, Severity::Low);
  EXPECT_NE(v->script->apply.find("'0.05'"), std::string::npos);
  EXPECT_NE(v->detail.find("400,050"), std::string::npos);  // 50 + 0.2 × 2,000,000
  EXPECT_NE(a->script->apply.find("'0.02'"), std::string::npos);
  // a per-table override takes the table out of the global setting's reach
  s.tables[0].reloptions = {"autovacuum_vacuum_scale_factor=0.01"};
  const CollectingSink overridden = run(s);
  EXPECT_EQ(overridden.find("config-tuner/autovacuum-scale-factor", "autovacuum_vacuum_scale_factor"), nullptr);
  EXPECT_NE(overridden.find("config-tuner/autovacuum-scale-factor", "autovacuum_analyze_scale_factor"), nullptr);
  set(s, "autovacuum_analyze_scale_factor", "0.02");
  EXPECT_TRUE(run(s).of("config-tuner/autovacuum-scale-factor").empty());
}

// ---- observability -------------------------------------------------------------------------

TEST(ConfigTunerObservability, SlowQueryLog) {
  Snapshot s = base_snapshot();
  const auto off = run(s).of("config-tuner/slow-query-log");
  ASSERT_EQ(off.size(), 1u);
  EXPECT_EQ(off[0]->script->apply, "ALTER SYSTEM SET log_min_duration_statement = '1s';\nSELECT pg_reload_conf();");
  set(s, "log_min_duration_statement", "0");
  EXPECT_EQ(run(s).of("config-tuner/slow-query-log").size(), 1u);
  set(s, "log_min_duration_statement", "500");
  EXPECT_TRUE(run(s).of("config-tuner/slow-query-log").empty());
}

TEST(ConfigTunerObservability, AutovacuumLogging) {
  Snapshot s = base_snapshot();
  EXPECT_TRUE(run(s).of("config-tuner/autovacuum-logging").empty());
  set(s, "log_autovacuum_min_duration", "-1");
  const auto found = run(s).of("config-tuner/autovacuum-logging");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->script->apply.find("'10min'"), std::string::npos);
  EXPECT_NE(found[0]->script->rollback.find("'-1'"), std::string::npos);
}

TEST(ConfigTunerObservability, PgStatStatementsPreloadKeepsOtherLibrariesAsSeparateLiterals) {
  Snapshot s = base_snapshot();
  EXPECT_TRUE(run(s).of("config-tuner/pg-stat-statements-preload").empty());
  set(s, "shared_preload_libraries", "auto_explain");
  const auto found = run(s).of("config-tuner/pg-stat-statements-preload");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->script->apply,
            "ALTER SYSTEM SET shared_preload_libraries = 'auto_explain', 'pg_stat_statements';\nSELECT pg_reload_conf();");
  EXPECT_NE(found[0]->script->rollback.find("ALTER SYSTEM SET shared_preload_libraries = 'auto_explain';"),
            std::string::npos);
  EXPECT_TRUE(found[0]->script->requires_restart);
  Finding unavailable;
  unavailable.check_id = "query-profiler/pg-stat-statements-unavailable";
  unavailable.object.kind = "extension";
  unavailable.object.name = "pg_stat_statements";
  EXPECT_TRUE(run(s, {unavailable}).of("config-tuner/pg-stat-statements-preload").empty());
}

TEST(ConfigTunerObservability, TrackIoTimingUnlessAnEarlierFindingCoversIt) {
  Snapshot s = base_snapshot();
  EXPECT_TRUE(run(s).of("config-tuner/track-io-timing").empty());
  set(s, "track_io_timing", "off", "default");
  EXPECT_EQ(run(s).of("config-tuner/track-io-timing").size(), 1u);
  Finding earlier;
  earlier.check_id = "query-profiler/track-io-timing-off";
  earlier.object.kind = "setting";
  earlier.object.name = "track_io_timing";
  EXPECT_TRUE(run(s, {earlier}).of("config-tuner/track-io-timing").empty());
}

// ---- plugin --------------------------------------------------------------------------------

TEST(ConfigTunerPlugin, EveryCheckIsDocumentedAndNoFindingClaimsASpeedup) {
  std::ifstream in(std::string(DBOPT_SOURCE_DIR) + "/plugins/config-tuner/README.md");
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string readme = buf.str();
  ASSERT_FALSE(readme.empty());
  const PluginInfo info = ct::ConfigTunerPlugin{}.info();
  EXPECT_EQ(info.phase, Phase::Optimize);
  for (const auto& c : info.checks) EXPECT_NE(readme.find("## " + c.id + "\n"), std::string::npos) << c.id;
  for (const auto& f : run(kDefaults16).findings) {
    EXPECT_FALSE(f.impact.speedup) << f.check_id;
    EXPECT_EQ(f.object.kind, "setting") << f.check_id;
  }
}
