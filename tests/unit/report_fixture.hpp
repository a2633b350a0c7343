// Hand-built snapshots, findings and runs for the report and export tests (no plugins, no server).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/finding.hpp"
#include "dbopt/sdk/sql.hpp"
#include "runner/run_result.hpp"

namespace dbopt::engine::testing {

inline sdk::Finding make_finding(std::string check_id, std::string schema, std::string name,
                                 sdk::Severity severity = sdk::Severity::Medium) {
  sdk::Finding f;
  f.check_id = std::move(check_id);
  f.title = "finding on " + name;
  f.object = {"table", std::move(schema), std::move(name), std::nullopt, std::nullopt};
  f.severity = severity;
  return f;
}

inline sdk::Script make_script(sdk::ScriptCategory category, std::string apply, std::string rollback,
                               bool requires_restart = false) {
  sdk::Script s;
  s.category = category;
  s.apply = std::move(apply);
  s.rollback = std::move(rollback);
  s.requires_restart = requires_restart;
  return s;
}

inline FindingRecord record(std::string plugin_id, sdk::Finding f) {
  return FindingRecord{std::move(plugin_id), sdk::Phase::Analyze, std::move(f)};
}

inline sdk::Table make_table(sdk::Oid oid, std::string schema, std::string name, std::int64_t seq_scan,
                             std::optional<std::int64_t> idx_scan, std::int64_t live, std::int64_t dead) {
  sdk::Table t;
  t.oid = oid;
  t.schemaname = std::move(schema);
  t.relname = std::move(name);
  sdk::TableActivity a;
  a.seq_scan = seq_scan;
  a.idx_scan = idx_scan;
  a.n_live_tup = live;
  a.n_dead_tup = dead;
  t.stat = a;
  return t;
}

inline sdk::Statement make_statement(std::int64_t queryid, double total_exec_time, std::string query) {
  sdk::Statement s;
  s.queryid = queryid;
  s.total_exec_time = total_exec_time;
  s.calls = 100;
  s.query = std::move(query);
  return s;
}

/// A small but complete snapshot: db stats, two tables with stats, three statements, provenance
/// with one ok and one failed probe.
inline sdk::Snapshot sample_snapshot() {
  sdk::Snapshot snap;
  snap.provenance.captured_at = "2026-11-20T10:00:00Z";
  snap.provenance.dbopt_version = "0.1.0";
  snap.provenance.host = "db.example";
  snap.provenance.port = "5432";
  snap.provenance.user = "auditor";
  snap.provenance.capture_duration_ms = 1234.5;
  snap.provenance.probes.push_back({"tables", "ok", std::nullopt, 12.0, 2});
  snap.provenance.probes.push_back(
      {"pgstattuple", "failed", std::string("ERROR: permission denied for function pgstattuple (SQLSTATE 42501)"), 3.0, 0});
  snap.server.server_version_num = 150004;
  snap.server.server_version = "15.4";
  snap.server.version = "PostgreSQL 15.4 on x86_64-pc-linux-gnu";
  snap.server.database = "shop";
  snap.server.database_size_bytes = 10'000'000'000;
  sdk::DatabaseStats db;
  db.blks_hit = 9'600;
  db.blks_read = 400;
  snap.database = db;
  snap.tables.push_back(make_table(1001, "public", "orders", 30, 570, 900, 100));
  snap.tables.push_back(make_table(1002, "public", "Order Items", 200, std::nullopt, 4'000, 0));
  snap.statements = std::vector<sdk::Statement>{make_statement(11, 600.0, "SELECT * FROM orders WHERE status = $1"),
                                                make_statement(22, 300.0, "SELECT * FROM \"Order Items\" WHERE order_id = $1"),
                                                make_statement(33, 100.0, "UPDATE orders SET status = $1")};
  return snap;
}

/// 200 characters of a name nobody should choose.
inline std::string long_name() {
  std::string n;
  while (n.size() < 200) n += "very_long_name_";
  n.resize(200);
  return n;
}

/// Findings whose names, titles, details and SQL try to break Markdown, HTML and SQL comments,
/// on every priority, plus a run log and a failed probe row.
inline RunResult hostile_run() {
  RunResult run;
  auto p1 = make_finding("index-advisor/missing-index", "sales", "Or|ders \"<b>bold</b>\"", sdk::Severity::Low);
  p1.title = "Missing index on *Or|ders* <b>bold</b> `tick`\nsecond line";
  p1.detail = "Seq scans dominate: `n < 10` rows.\n\n<script>alert(1)</script> and [link](http://x)\n\n```sql\nSELECT 1;\n";
  p1.impact.speedup = 25.0;
  p1.impact.time_share = 0.6;
  p1.impact.affected_queryids = {11};
  p1.impact.storage_delta_bytes = 64 * 1024 * 1024;
  p1.impact.summary = "25× faster | 60 % of time";
  p1.evidence = {{"seq_scan", 123456.0, "count", std::nullopt},
                 {"heap_bytes", 5e9, "bytes", std::nullopt},
                 {"mean_exec_time", 1234.5, "ms", std::nullopt},
                 {"weird|metric_name*", std::nullopt, "", std::string("a|b <i>c</i>")}};
  p1.risk = {sdk::RiskLevel::Low, "CONCURRENTLY: no long locks"};
  p1.script = make_script(sdk::ScriptCategory::Indexes,
                          "CREATE INDEX CONCURRENTLY \"idx ```` x\" ON sales.\"Or|ders \"\"<b>bold</b>\"\"\" (status); -- ````",
                          "DROP INDEX CONCURRENTLY IF EXISTS sales.\"idx ```` x\";");
  run.findings.push_back(record("index-advisor", p1));

  auto p2 = make_finding("bloat-hunter/table-bloat", "public", "Größe 表 ✓", sdk::Severity::High);
  p2.title = "Bloat in Größe 表 ✓ [x](y) _under_ ~strike~ & &amp;";
  p2.impact.storage_delta_bytes = -2LL * 1024 * 1024 * 1024;
  p2.script = make_script(sdk::ScriptCategory::Vacuum, "VACUUM (FULL) public.\"Größe 表 ✓\";", "");
  run.findings.push_back(record("bloat-hunter", p2));

  auto p3 = make_finding("config-tuner/shared-buffers", "", "shared_buffers", sdk::Severity::Medium);
  p3.object.kind = "setting";
  p3.title = "shared_buffers too small";
  p3.script = make_script(sdk::ScriptCategory::Config, "ALTER SYSTEM SET shared_buffers = '4GB';",
                          "ALTER SYSTEM RESET shared_buffers;", true);
  run.findings.push_back(record("config-tuner", p3));

  auto info = make_finding("schema-x/long", "public", long_name(), sdk::Severity::Info);
  info.title = "Long | name " + long_name();
  run.findings.push_back(record("schema-x", info));

  PluginRun ok;
  ok.plugin_id = "index-advisor";
  ok.plugin_name = "Index advisor";
  ok.version = "1.0.0";
  ok.status = "ok";
  ok.duration_ms = 12.5;
  ok.findings = 1;
  PluginRun bad;
  bad.plugin_id = "evil|plugin";
  bad.plugin_name = "Evil";
  bad.version = "0.0.1";
  bad.status = "failed";
  bad.error = "crashed | with <b>html</b>\nand newline";
  run.runs = {ok, bad};
  return run;
}

}  // namespace dbopt::engine::testing
