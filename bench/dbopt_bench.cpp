// dbopt_bench — how the offline path scales with the size of the audited database.
//
// Builds a synthetic snapshot of N tables (default 5,000) with 3 columns with statistics,
// 4 indexes each (one unused, one duplicate, one foreign key without index every 10th table)
// and 5 statements per 10 tables, then times each stage of `dbopt analyze` and prints the
// figures with the process's peak RSS. Usage: dbopt_bench [N]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "export/exporter.hpp"
#include "facts/catalog_builder.hpp"
#include "host/plugin_host.hpp"
#include "report/report.hpp"
#include "runner/runner.hpp"
#include "snapshot/snapshot_io.hpp"

namespace fs = std::filesystem;
using namespace dbopt;
using Clock = std::chrono::steady_clock;

namespace {

sdk::Snapshot synthetic(int tables) {
  sdk::Snapshot s;
  s.provenance.captured_at = "2026-01-01T00:00:00.000000Z";
  s.provenance.dbopt_version = DBOPT_VERSION;
  s.server.server_version_num = 150004;
  s.server.database = "bench";
  s.settings.push_back({"block_size", "8192", std::nullopt, "integer", "default", "internal"});
  s.settings.push_back({"search_path", "\"$user\", public", std::nullopt, "string", "default", "user"});
  s.database = sdk::DatabaseStats{};
  s.database->blks_hit = 990'000;
  s.database->blks_read = 10'000;
  sdk::Oid oid = 16384;
  s.statements.emplace();
  for (int t = 0; t < tables; ++t) {
    sdk::Table table;
    table.oid = oid++;
    table.schemaname = "public";
    table.relname = "t" + std::to_string(t);
    table.reltuples = 100'000;
    table.relpages = 1'000;
    table.heap_bytes = table.relpages * 8192;
    table.stat = sdk::TableActivity{};
    table.stat->seq_scan = 100;
    table.stat->seq_tup_read = 10'000'000;
    table.stat->idx_scan = 50;
    table.stat->n_live_tup = 100'000;
    s.tables.push_back(table);
    for (int c = 1; c <= 3; ++c) {
      sdk::Column col;
      col.table_oid = table.oid;
      col.attnum = c;
      col.attname = "c" + std::to_string(c);
      col.type_name = "bigint";
      col.attlen = 8;
      col.attalign = 'd';
      col.stats = sdk::ColumnStats{0.0, 8, c == 3 ? -0.5 : 100.0, 0.1, false};
      s.columns.push_back(col);
    }
    for (int i = 0; i < 4; ++i) {
      sdk::Index index;
      index.oid = oid++;
      index.table_oid = table.oid;
      index.schemaname = "public";
      index.relname = table.relname + "_i" + std::to_string(i);
      index.amname = "btree";
      const int attnum = i == 3 ? 1 : i + 1;  // index 3 duplicates index 0
      index.keys.push_back({attnum, "c" + std::to_string(attnum), "int8_ops", true});
      index.indexdef = "CREATE INDEX " + index.relname + " ON public." + table.relname + " USING btree (c" +
                       std::to_string(attnum) + ")";
      index.relpages = 300;
      index.reltuples = 100'000;
      index.size_bytes = index.relpages * 8192;
      index.stat = sdk::IndexActivity{};
      index.stat->idx_scan = i == 1 ? 0 : 10;
      s.indexes.push_back(index);
    }
    if (t % 10 == 9) {
      sdk::Constraint fk;
      fk.oid = oid++;
      fk.table_oid = table.oid;
      fk.conname = table.relname + "_c2_fkey";
      fk.contype = 'f';
      fk.conkey = {3};
      fk.confrelid = s.tables.front().oid;
      fk.confkey = {1};
      s.constraints.push_back(fk);
      for (int q = 0; q < 5; ++q) {
        sdk::Statement st;
        st.queryid = 1'000'000 + t * 10 + q;
        st.query = "SELECT * FROM " + table.relname + " WHERE c3 = $1 AND c2 > $2 ORDER BY c1 LIMIT " +
                   std::to_string(q + 1);
        st.calls = 1000;
        st.total_exec_time = 5000;
        st.mean_exec_time = 5;
        s.statements->push_back(st);
      }
    }
  }
  return s;
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int tables = argc > 1 ? std::stoi(argv[1]) : 5000;
  const fs::path dir = fs::temp_directory_path() / ("dbopt-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path snap_path = dir / "bench.dbopt.json";

  auto t = Clock::now();
  sdk::Snapshot snapshot = synthetic(tables);
  std::printf("snapshot: %d tables, %zu indexes, %zu columns, %zu statements (generated in %.0f ms)\n", tables,
              snapshot.indexes.size(), snapshot.columns.size(), snapshot.statements->size(), ms_since(t));

  t = Clock::now();
  engine::write_snapshot(snapshot, snap_path);
  std::printf("write_snapshot   %8.0f ms  (%.1f MB)\n", ms_since(t), fs::file_size(snap_path) / 1048576.0);
  t = Clock::now();
  sdk::Snapshot loaded = engine::read_snapshot(snap_path);
  std::printf("read_snapshot    %8.0f ms\n", ms_since(t));
  t = Clock::now();
  auto catalog = engine::build_catalog(std::move(loaded));
  std::printf("build_catalog    %8.0f ms  (statement facts with libpg_query included)\n", ms_since(t));

  engine::PluginHost host;
  host.load_directory(DBOPT_BUILD_PLUGIN_DIR);
  t = Clock::now();
  const engine::RunResult run = engine::run_plugins(host, *catalog, engine::RunOptions{});
  std::printf("run_plugins      %8.0f ms  (%zu findings from %zu plugins)\n", ms_since(t), run.findings.size(),
              run.runs.size());
  t = Clock::now();
  const engine::Report report = engine::build_report(*catalog, run);
  std::printf("build_report     %8.0f ms  (%zu items)\n", ms_since(t), report.items.size());
  for (const char* name : {"report.md", "report.json", "report.pdf"}) {
    t = Clock::now();
    engine::export_report(report, dir / name, engine::ExportOptions{});
    std::printf("export %-11s%8.0f ms  (%.1f MB)\n", name, ms_since(t), fs::file_size(dir / name) / 1048576.0);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("peak RSS         %8.0f MB\n", usage.ru_maxrss / 1024.0);
  fs::remove_all(dir);
  return 0;
}
