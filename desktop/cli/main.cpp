// dbopt — the headless command. A thin front end over the engine:
//
//   dbopt capture CONNINFO -o snapshot.json[.gz]          read-only capture of a live database
//   dbopt analyze SNAPSHOT -o report.md [-o report.pdf]   offline analysis of a snapshot
//   dbopt analyze --conn CONNINFO -o report.pdf [--save-snapshot s.json]
//   dbopt plugins                                          plugins found, with state and errors
//
// Exit codes (README "Exit codes"): 0 success; 1 findings at or above --fail-on; 2 usage or
// configuration error; 3 unreadable or invalid snapshot; 4 connection or capture failure;
// 5 report could not be written; 6 cancelled/interrupted; 70 internal error.
#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "capture/capture.hpp"
#include "dbopt/sdk/abi.hpp"
#include "dbopt/sdk/sql.hpp"
#include "export/exporter.hpp"
#include "facts/catalog_builder.hpp"
#include "host/plugin_host.hpp"
#include "report/report.hpp"
#include "runner/runner.hpp"
#include "snapshot/snapshot_io.hpp"

namespace fs = std::filesystem;
using namespace dbopt;

namespace {

enum Exit : int {
  kOk = 0,
  kFindings = 1,
  kUsage = 2,
  kBadSnapshot = 3,
  kCapture = 4,
  kExport = 5,
  kCancelled = 6,
  kInternal = 70,
};

/// An error that ends the command with a one-line message and an exit code.
struct CliError {
  int code;
  std::string message;
};

std::atomic<bool> g_cancel{false};

extern "C" void on_signal(int) { g_cancel.store(true); }

struct GlobalOptions {
  std::vector<std::string> plugin_paths;
  bool quiet = false;
};

struct HardwareOptions {
  std::string ram;
  int cores = 0;
  std::string storage;
};

struct CaptureCliOptions {
  int statement_timeout_ms = 30000;
  int lock_timeout_ms = 1000;
  int connect_timeout_s = 10;
};

void add_hardware_options(CLI::App* cmd, HardwareOptions& hw) {
  cmd->add_option("--server-ram", hw.ram, "Server RAM for the config tuner, e.g. 64GB (SQL cannot see it)");
  cmd->add_option("--server-cores", hw.cores, "CPU cores of the server")->check(CLI::Range(1, 4096));
  cmd->add_option("--storage", hw.storage, "Storage type of the server")
      ->check(CLI::IsMember({"ssd", "hdd", "network"}));
}

void add_capture_options(CLI::App* cmd, CaptureCliOptions& c) {
  cmd->add_option("--statement-timeout", c.statement_timeout_ms, "statement_timeout of each capture query, ms")
      ->check(CLI::Range(100, 3'600'000));
  cmd->add_option("--lock-timeout", c.lock_timeout_ms, "lock_timeout of each capture query, ms")
      ->check(CLI::Range(10, 600'000));
  cmd->add_option("--connect-timeout", c.connect_timeout_s, "connection timeout, s")->check(CLI::Range(1, 600));
}

/// Applies --server-* options to the snapshot's hardware facts (only the ones given).
void apply_hardware(const HardwareOptions& hw, sdk::HardwareInfo& out) {
  if (!hw.ram.empty()) {
    sdk::OptionSpec spec{"server-ram", sdk::OptionType::Bytes, "", "", 1.0, std::nullopt};
    try {
      out.ram_bytes = std::stoll(sdk::parse_option_value(spec, hw.ram));
    } catch (const std::invalid_argument& e) {
      throw CliError{kUsage, std::string("--server-ram: ") + e.what()};
    }
  }
  if (hw.cores > 0) out.cpu_cores = hw.cores;
  if (!hw.storage.empty()) out.storage = hw.storage;
}

void load_plugins(engine::PluginHost& host, const GlobalOptions& g) {
  for (const auto& dir : g.plugin_paths) host.load_directory(dir);
  host.load_default();
}

void progress(const GlobalOptions& g, const std::string& line) {
  if (!g.quiet) std::cerr << line << '\n';
}

/// The probes every loaded plugin asks the capture to run, given the snapshot so far.
engine::ProbeProvider make_probe_provider(const engine::PluginHost& host, const GlobalOptions& g) {
  return [&host, &g](const sdk::Snapshot& so_far) {
    std::vector<std::pair<std::string, std::vector<sdk::Probe>>> all;
    auto catalog = engine::build_catalog(so_far);
    for (const engine::PluginRecord* p : host.loaded()) {
      try {
        auto probes = host.probes(*p, *catalog);
        if (!probes.empty()) all.emplace_back(p->info.id, std::move(probes));
      } catch (const std::exception& e) {
        progress(g, std::string("warning: ") + e.what());
      }
    }
    return all;
  };
}

sdk::Snapshot run_capture(const std::string& conninfo, const CaptureCliOptions& c, const HardwareOptions& hw,
                          const engine::PluginHost& host, const GlobalOptions& g) {
  engine::CaptureOptions opts;
  opts.conninfo = conninfo;
  opts.statement_timeout_ms = c.statement_timeout_ms;
  opts.lock_timeout_ms = c.lock_timeout_ms;
  opts.connect_timeout_s = c.connect_timeout_s;
  apply_hardware(hw, opts.hardware);
  opts.probe_provider = make_probe_provider(host, g);
  opts.cancel = &g_cancel;
  opts.on_progress = [&g](const engine::CaptureProgress& p) {
    progress(g, "capture [" + std::to_string(p.index) + "/" + std::to_string(p.total) + "] " + p.step);
  };
  try {
    sdk::Snapshot s = engine::capture_snapshot(opts);
    int failed = 0;
    for (const auto& o : s.provenance.probes)
      if (o.status == "failed") {
        ++failed;
        progress(g, "capture step " + o.name + " failed: " + o.error.value_or("?"));
      }
    progress(g, "captured " + std::to_string(s.tables.size()) + " tables, " + std::to_string(s.indexes.size()) +
                    " indexes, " +
                    (s.statements ? std::to_string(s.statements->size()) + " statements" : "no pg_stat_statements") +
                    (failed ? ", " + std::to_string(failed) + " steps failed (recorded in the snapshot)" : ""));
    return s;
  } catch (const engine::CaptureError& e) {
    if (g_cancel.load()) throw CliError{kCancelled, e.what()};
    throw CliError{kCapture, std::string("capture failed: ") + e.what()};
  }
}

void save_snapshot(const sdk::Snapshot& s, const fs::path& path, const GlobalOptions& g) {
  try {
    engine::write_snapshot(s, path);
  } catch (const std::exception& e) {
    throw CliError{kExport, std::string("cannot write snapshot: ") + e.what()};
  }
  progress(g, "snapshot written to " + path.string());
}

int cmd_capture(const std::string& conninfo, const fs::path& out, const CaptureCliOptions& c, const HardwareOptions& hw,
                const GlobalOptions& g) {
  engine::PluginHost host;
  load_plugins(host, g);
  sdk::Snapshot s = run_capture(conninfo, c, hw, host, g);
  save_snapshot(s, out, g);
  return kOk;
}

std::optional<engine::Priority> parse_priority(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (text == "P1") return engine::Priority::P1;
  if (text == "P2") return engine::Priority::P2;
  if (text == "P3") return engine::Priority::P3;
  throw CliError{kUsage, "--fail-on: expected P1, P2 or P3, got '" + text + "'"};
}

struct AnalyzeCliOptions {
  std::string snapshot;
  std::string conninfo;
  std::vector<std::string> outputs;
  std::string save_snapshot;
  std::string template_path;
  std::vector<std::string> settings;
  std::vector<std::string> only;
  std::string fail_on;
};

int cmd_analyze(const AnalyzeCliOptions& a, const CaptureCliOptions& c, const HardwareOptions& hw,
                const GlobalOptions& g) {
  if (a.snapshot.empty() == a.conninfo.empty())
    throw CliError{kUsage, "analyze needs exactly one source: a snapshot file or --conn CONNINFO"};
  if (a.outputs.empty()) throw CliError{kUsage, "analyze needs at least one -o report.md|report.pdf|report.json"};
  const auto fail_on = parse_priority(a.fail_on);

  std::vector<std::pair<std::string, std::string>> settings;
  for (const auto& s : a.settings) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      throw CliError{kUsage, "--set " + s + ": expected plugin-id.option=value"};
    settings.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  for (const auto& out : a.outputs) {
    const auto ext = fs::path(out).extension().string();
    if (ext != ".md" && ext != ".pdf" && ext != ".json")
      throw CliError{kUsage, "-o " + out + ": unsupported report type '" + ext + "' (use .md, .pdf or .json)"};
  }

  engine::PluginHost host;
  load_plugins(host, g);

  sdk::Snapshot snapshot;
  if (!a.conninfo.empty()) {
    snapshot = run_capture(a.conninfo, c, hw, host, g);
    if (!a.save_snapshot.empty()) save_snapshot(snapshot, a.save_snapshot, g);
  } else {
    try {
      snapshot = engine::read_snapshot(a.snapshot);
    } catch (const std::exception& e) {
      throw CliError{kBadSnapshot, e.what()};
    }
    apply_hardware(hw, snapshot.hardware);
    if (!a.save_snapshot.empty()) save_snapshot(snapshot, a.save_snapshot, g);
  }

  auto catalog = engine::build_catalog(std::move(snapshot));

  engine::RunOptions run;
  run.only = a.only;
  run.settings = settings;
  run.cancel = &g_cancel;
  run.on_progress = [&g](const engine::RunProgress& p) {
    if (p.event != "started")
      progress(g, "plugin " + p.plugin_id + " " + p.event + " [" + std::to_string(p.done) + "/" +
                      std::to_string(p.total) + "]");
  };
  engine::RunResult result;
  try {
    result = engine::run_plugins(host, *catalog, run);
  } catch (const engine::ConfigError& e) {
    throw CliError{kUsage, e.what()};
  }
  if (result.cancelled) throw CliError{kCancelled, "analysis cancelled"};

  engine::ReportOptions report_options;
  const engine::Report report = engine::build_report(*catalog, result, report_options);

  engine::ExportOptions export_options;
  if (!a.template_path.empty()) export_options.markdown_template = fs::path(a.template_path);
  for (const auto& out : a.outputs) {
    try {
      engine::export_report(report, out, export_options);
    } catch (const std::exception& e) {
      throw CliError{kExport, "cannot write " + out + ": " + e.what()};
    }
    progress(g, "report written to " + out);
  }

  const engine::PriorityCounts& counts = report.summary.by_priority;
  progress(g, std::to_string(report.items.size()) + " findings: P1 " + std::to_string(counts.p1) + ", P2 " +
                  std::to_string(counts.p2) + ", P3 " + std::to_string(counts.p3) + ", informational " +
                  std::to_string(counts.info));
  for (const auto& r : result.runs)
    if (r.status != "ok") progress(g, "plugin " + r.plugin_id + " " + r.status + ": " + r.error);

  if (fail_on) {
    const std::size_t at_or_above = counts.p1 + (*fail_on != engine::Priority::P1 ? counts.p2 : 0) +
                                    (*fail_on == engine::Priority::P3 ? counts.p3 : 0);
    if (at_or_above > 0) {
      progress(g, std::to_string(at_or_above) + " findings at or above " + a.fail_on + " (--fail-on)");
      return kFindings;
    }
  }
  return kOk;
}

int cmd_plugins(const GlobalOptions& g) {
  engine::PluginHost host;
  load_plugins(host, g);
  std::printf("%-24s %-8s %-9s %-8s %s\n", "ID", "VERSION", "PHASE", "STATE", "FILE / ERROR");
  for (const auto& p : host.plugins()) {
    const bool loaded = p.state == engine::PluginState::Loaded;
    std::printf("%-24s %-8s %-9s %-8s %s\n", p.info.id.empty() ? "?" : p.info.id.c_str(),
                p.info.version.empty() ? "?" : p.info.version.c_str(), loaded ? sdk::to_string(p.info.phase) : "-",
                engine::to_string(p.state), p.file.string().c_str());
    if (!p.error.empty()) std::printf("%-24s %s\n", "", p.error.c_str());
  }
  if (host.plugins().empty()) {
    std::printf("no plugins found; searched:\n");
    for (const auto& dir : engine::PluginHost::default_search_paths()) std::printf("  %s\n", dir.c_str());
  }
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);

  CLI::App app{"dbopt " DBOPT_VERSION " — PostgreSQL performance audits with prioritized, scripted fixes"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("dbopt ") + DBOPT_VERSION + " (plugin SDK " DBOPT_SDK_VERSION
                                        ", sdk_abi " DBOPT_STR(DBOPT_SDK_ABI) ")");
  GlobalOptions g;
  app.add_option("--plugin-path", g.plugin_paths, "Extra plugin directory, searched first (repeatable)");
  app.add_flag("-q,--quiet", g.quiet, "No progress on stderr");

  CaptureCliOptions capture_opts;
  HardwareOptions hw;

  std::string capture_conn, capture_out;
  CLI::App* capture = app.add_subcommand("capture", "Capture a read-only snapshot of a live database");
  capture->add_option("conninfo", capture_conn, "libpq connection string (keyword/value or URI); PG* variables, "
                                                "service files and .pgpass apply")
      ->required();
  capture->add_option("-o,--output", capture_out, "Snapshot file to write (.json, or .json.gz for gzip)")->required();
  add_capture_options(capture, capture_opts);
  add_hardware_options(capture, hw);

  AnalyzeCliOptions analyze_opts;
  CLI::App* analyze = app.add_subcommand("analyze", "Analyze a snapshot (or a live database) and write reports");
  analyze->add_option("snapshot", analyze_opts.snapshot, "Snapshot file written by dbopt capture");
  analyze->add_option("--conn", analyze_opts.conninfo, "Capture from this live database instead of a snapshot file");
  analyze->add_option("-o,--output", analyze_opts.outputs, "Report to write: .md, .pdf or .json (repeatable); "
                                                          "apply.sql and rollback.sql are written next to it")
      ->required();
  analyze->add_option("--save-snapshot", analyze_opts.save_snapshot, "Also write the snapshot analyzed");
  analyze->add_option("--template", analyze_opts.template_path, "Mustache template for the Markdown report");
  analyze->add_option("--set", analyze_opts.settings, "Check option, plugin-id.option=value (repeatable)");
  analyze->add_option("--only", analyze_opts.only, "Run only these plugin ids (repeatable)")->delimiter(',');
  analyze->add_option("--fail-on", analyze_opts.fail_on, "Exit 1 when findings at or above this priority exist")
      ->check(CLI::IsMember({"P1", "P2", "P3"}));
  add_capture_options(analyze, capture_opts);
  add_hardware_options(analyze, hw);

  CLI::App* plugins = app.add_subcommand("plugins", "List plugins: id, version, phase, state, file, error");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kOk : kUsage;
  }

  try {
    if (capture->parsed()) return cmd_capture(capture_conn, capture_out, capture_opts, hw, g);
    if (analyze->parsed()) return cmd_analyze(analyze_opts, capture_opts, hw, g);
    if (plugins->parsed()) return cmd_plugins(g);
  } catch (const CliError& e) {
    std::cerr << "dbopt: " << e.message << '\n';
    return e.code;
  } catch (const std::exception& e) {
    std::cerr << "dbopt: internal error: " << e.what() << '\n';
    return kInternal;
  }
  return kUsage;
}
