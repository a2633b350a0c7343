// dbopt — the headless command. A thin front end over the engine:
//
//   dbopt capture CONNINFO -o snapshot.json[.gz]          read-only capture of a live database
//   dbopt capture CONNINFO -o s.json --set plugin-id.option=value   plugin options for its capture
//                                                         probes (row caps, timeouts; repeatable)
//   dbopt analyze SNAPSHOT -o report.md [-o report.pdf]   offline analysis of a snapshot
//   dbopt analyze --conn CONNINFO -o report.pdf [--save-snapshot s.json]   (--set applies to the
//                                                         capture's probes and to the analysis)
//   dbopt capture CONNINFO -o s.json --explain queries.sql [--analyze]   + EXPLAIN of each statement
//   dbopt explain PLAN_FILE|- [-o report.md]               decode one EXPLAIN plan (text or JSON)
//   dbopt plugins                                          plugins found, with state and errors
//
// Exit codes (README "Exit codes"): 0 success; 1 findings at or above --fail-on; 2 usage or
// configuration error; 3 unreadable or invalid snapshot; 4 connection or capture failure;
// 5 report could not be written; 6 cancelled/interrupted; 70 internal error.
#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <sstream>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "capture/capture.hpp"
#include "dbopt/sdk/abi.hpp"
#include "dbopt/sdk/sql.hpp"
#include "common/atomic_file.hpp"
#include "common/io_error.hpp"
#include "export/exporter.hpp"
#include "export/markdown.hpp"
#include "facts/catalog_builder.hpp"
#include "facts/sql_script.hpp"
#include "plan/plan_error.hpp"
#include "plan/plan_json.hpp"
#include "plan/plan_parse.hpp"
#include "host/plugin_host.hpp"
#include "report/report.hpp"
#include "runner/options.hpp"
#include "runner/probes.hpp"
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
  std::string explain_file;  ///< --explain FILE: statements to EXPLAIN (capture only)
  bool explain_analyze = false;  ///< --analyze: EXPLAIN ANALYZE them
};

/// Reads a whole file (engine::read_file_bytes), or stdin for "-". Throws CliError(code) with
/// the IoError's message, which names the file.
std::string read_input(const std::string& path, int code) {
  if (path == "-") {
    std::ostringstream text;
    text << std::cin.rdbuf();
    return text.str();
  }
  try {
    return engine::read_file_bytes(path);
  } catch (const engine::IoError& e) {
    throw CliError{code, e.what()};
  }
}

/// Throws CliError(kUsage) unless `out` names a report type the exporter writes.
void check_report_type(const fs::path& out) {
  const auto ext = out.extension().string();
  if (ext != ".md" && ext != ".pdf" && ext != ".json")
    throw CliError{kUsage, "-o " + out.string() + ": unsupported report type '" + ext + "' (use .md, .pdf or .json)"};
}

/// The statements of --explain FILE (engine::explain_statements_of: split by PostgreSQL's parser,
/// without the comments above each).
std::vector<std::string> explain_statements(const CaptureCliOptions& c) {
  if (c.explain_file.empty()) {
    if (c.explain_analyze) throw CliError{kUsage, "--analyze needs --explain FILE"};
    return {};
  }
  const std::string script = read_input(c.explain_file, kUsage);
  try {
    return engine::explain_statements_of(script);
  } catch (const std::invalid_argument& e) {
    throw CliError{kUsage, "--explain " + c.explain_file + ": " + e.what()};
  }
}

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

/// `--set plugin-id.option=value` texts split at the first '='. Throws CliError(kUsage) for one
/// without '=' or with nothing before it.
std::vector<engine::OptionSetting> parse_settings(const std::vector<std::string>& texts, const char* expected) {
  std::vector<engine::OptionSetting> settings;
  for (const auto& s : texts) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) throw CliError{kUsage, "--set " + s + ": expected " + expected};
    settings.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  return settings;
}

/// Every loaded plugin's options (defaults + `settings`) for its capture probes. Throws
/// CliError(kUsage) for a setting naming an unknown plugin or option or with an invalid value, and
/// for a plugin whose own default is invalid (engine::ConfigError's message) — before connecting.
std::map<std::string, sdk::Options> probe_options(const engine::PluginHost& host,
                                                  const std::vector<engine::OptionSetting>& settings) {
  try {
    return engine::resolve_options(host.loaded(), settings);
  } catch (const engine::ConfigError& e) {
    throw CliError{kUsage, e.what()};
  }
}

/// The probes every loaded plugin asks the capture to run, given the snapshot so far, each
/// plugin called with its entry of `options` (engine::collect_probes).
engine::ProbeProvider make_probe_provider(const engine::PluginHost& host, std::map<std::string, sdk::Options> options,
                                          const GlobalOptions& g) {
  return [&host, &g, options = std::move(options)](const sdk::Snapshot& so_far) {
    auto catalog = engine::build_catalog(so_far);
    return engine::collect_probes(host, *catalog, options, [&g](const std::string&, const std::string& message) {
      progress(g, "warning: " + message);
    });
  };
}

/// Captures `conninfo`; `options` are the plugins' resolved options for their probes
/// (probe_options).
sdk::Snapshot run_capture(const std::string& conninfo, const CaptureCliOptions& c, const HardwareOptions& hw,
                          const engine::PluginHost& host, std::map<std::string, sdk::Options> options,
                          const GlobalOptions& g) {
  engine::CaptureOptions opts;
  opts.conninfo = conninfo;
  opts.statement_timeout_ms = c.statement_timeout_ms;
  opts.lock_timeout_ms = c.lock_timeout_ms;
  opts.connect_timeout_s = c.connect_timeout_s;
  opts.explain_statements = explain_statements(c);
  opts.explain_analyze = c.explain_analyze;
  apply_hardware(hw, opts.hardware);
  opts.probe_provider = make_probe_provider(host, std::move(options), g);
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
    if (s.explained) {
      int plans = 0;
      for (const auto& e : *s.explained) plans += e.plan_json ? 1 : 0;
      progress(g, "explained " + std::to_string(plans) + " of " + std::to_string(s.explained->size()) +
                      " statements (failures recorded in the snapshot)");
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

int cmd_capture(const std::string& conninfo, const fs::path& out, const std::vector<std::string>& set_texts,
                const CaptureCliOptions& c, const HardwareOptions& hw, const GlobalOptions& g) {
  const auto settings = parse_settings(set_texts, "plugin-id.option=value");
  engine::PluginHost host;
  load_plugins(host, g);
  auto options = probe_options(host, settings);  // a bad --set fails here, before connecting
  sdk::Snapshot s = run_capture(conninfo, c, hw, host, std::move(options), g);
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

  const auto settings = parse_settings(a.settings, "plugin-id.option=value");
  for (const auto& out : a.outputs) check_report_type(out);

  engine::PluginHost host;
  load_plugins(host, g);

  sdk::Snapshot snapshot;
  if (!a.conninfo.empty()) {
    // The --set values reach the capture's probes too; a bad one fails here, before connecting.
    snapshot = run_capture(a.conninfo, c, hw, host, probe_options(host, settings), g);
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

struct ExplainCliOptions {
  std::string plan_file;          ///< PLAN_FILE or "-" (stdin)
  std::string output;             ///< -o report.md|.json|.pdf; empty = Markdown on stdout
  std::vector<std::string> settings;
};

/// Current time as ISO 8601 UTC with seconds ("2026-11-21T04:31:02Z").
std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// The snapshot `dbopt explain` analyzes: no server was read, so the report header names the plan
/// file as the database ("(plan file NAME)", "(plan from stdin)"), the server version as
/// "unknown" (an EXPLAIN plan does not record it: EXPLAIN (SETTINGS) lists only changed planner
/// settings), the time the plan was read as the capture time, and no host, port or role (the
/// report says "plan read … (no server connection)"); application_name is "dbopt explain".
sdk::Snapshot explain_snapshot(const std::string& plan_file) {
  sdk::Snapshot snapshot;
  snapshot.server.database = plan_file == "-" ? std::string("(plan from stdin)")
                                              : "(plan file " + fs::path(plan_file).filename().string() + ")";
  snapshot.server.server_version = "unknown";
  snapshot.server.version = "unknown (an EXPLAIN plan does not record the server version)";
  snapshot.provenance.captured_at = utc_now_iso8601();
  snapshot.provenance.dbopt_version = DBOPT_VERSION;
  snapshot.provenance.application_name = "dbopt explain";
  // user, host and port stay empty: no server was read (the report header says "plan read …").
  return snapshot;
}

/// `dbopt explain PLAN_FILE|- [-o report.md]`: one plan (text as pasted from psql, or JSON)
/// decoded by the plan-decoder plugin into a report. A plan that does not parse exits 3 with
/// the line named.
int cmd_explain(const ExplainCliOptions& x, const GlobalOptions& g) {
  if (!x.output.empty()) check_report_type(x.output);
  const std::string text = read_input(x.plan_file, kBadSnapshot);
  sdk::Plan plan;
  try {
    plan = engine::parse_plan(text);
  } catch (const engine::PlanParseError& e) {
    throw CliError{kBadSnapshot, (x.plan_file == "-" ? std::string("stdin") : x.plan_file) + ": " + e.what()};
  }
  sdk::Snapshot snapshot = explain_snapshot(x.plan_file);
  sdk::ExplainedStatement statement;
  statement.query = plan.query_text.value_or("");
  statement.plan_json = engine::plan_to_json(plan).dump();
  snapshot.explained = std::vector<sdk::ExplainedStatement>{statement};
  auto catalog = engine::build_catalog(std::move(snapshot));

  const auto settings = parse_settings(x.settings, "plan-decoder.option=value");
  engine::PluginHost host;
  load_plugins(host, g);
  if (!host.find("plan-decoder")) throw CliError{kUsage, "the plan-decoder plugin was not found (see dbopt plugins)"};
  engine::RunOptions run;
  run.only = {"plan-decoder"};
  run.settings = settings;
  run.cancel = &g_cancel;
  engine::RunResult result;
  try {
    result = engine::run_plugins(host, *catalog, run);
  } catch (const engine::ConfigError& e) {
    throw CliError{kUsage, e.what()};
  }
  if (result.cancelled) throw CliError{kCancelled, "analysis cancelled"};
  for (const auto& r : result.runs)
    if (r.status != "ok") throw CliError{kInternal, "plugin " + r.plugin_id + " " + r.status + ": " + r.error};
  const engine::Report report = engine::build_report(*catalog, result, engine::ReportOptions{});

  const fs::path out = x.output;
  if (out.empty()) {  // Markdown on stdout
    std::cout << engine::render_markdown(report);
  } else {
    try {
      engine::export_report(report, out, engine::ExportOptions{});
    } catch (const std::exception& e) {
      throw CliError{kExport, "cannot write " + out.string() + ": " + e.what()};
    }
    progress(g, "report written to " + out.string());
  }
  progress(g, std::to_string(report.items.size()) + " findings on the plan");
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
  std::vector<std::string> capture_settings;
  CLI::App* capture = app.add_subcommand("capture", "Capture a read-only snapshot of a live database");
  capture->add_option("conninfo", capture_conn, "libpq connection string (keyword/value or URI); PG* variables, "
                                                "service files and .pgpass apply")
      ->required();
  capture->add_option("-o,--output", capture_out, "Snapshot file to write (.json, or .json.gz for gzip)")->required();
  add_capture_options(capture, capture_opts);
  add_hardware_options(capture, hw);
  capture->add_option("--explain", capture_opts.explain_file,
                      "SQL file: EXPLAIN (BUFFERS, SETTINGS, FORMAT JSON) each statement into the snapshot");
  capture->add_flag("--analyze", capture_opts.explain_analyze,
                    "With --explain: EXPLAIN ANALYZE (runs the statements, inside the READ ONLY transaction)");
  capture->add_option("--set", capture_settings,
                      "Plugin option for its capture probes (row caps, timeouts), plugin-id.option=value (repeatable)");

  AnalyzeCliOptions analyze_opts;
  CLI::App* analyze = app.add_subcommand("analyze", "Analyze a snapshot (or a live database) and write reports");
  analyze->add_option("snapshot", analyze_opts.snapshot, "Snapshot file written by dbopt capture");
  analyze->add_option("--conn", analyze_opts.conninfo, "Capture from this live database instead of a snapshot file");
  analyze->add_option("-o,--output", analyze_opts.outputs, "Report to write: .md, .pdf or .json (repeatable); "
                                                          "apply.sql and rollback.sql are written next to it")
      ->required();
  analyze->add_option("--save-snapshot", analyze_opts.save_snapshot, "Also write the snapshot analyzed");
  analyze->add_option("--template", analyze_opts.template_path, "Mustache template for the Markdown report");
  analyze->add_option("--set", analyze_opts.settings,
                      "Check option, plugin-id.option=value (repeatable); with --conn also for the capture's probes");
  analyze->add_option("--only", analyze_opts.only, "Run only these plugin ids (repeatable)")->delimiter(',');
  analyze->add_option("--fail-on", analyze_opts.fail_on, "Exit 1 when findings at or above this priority exist")
      ->check(CLI::IsMember({"P1", "P2", "P3"}));
  add_capture_options(analyze, capture_opts);
  add_hardware_options(analyze, hw);

  ExplainCliOptions explain_opts;
  CLI::App* explain = app.add_subcommand("explain", "Decode one EXPLAIN plan (psql text or JSON) into a report");
  explain->add_option("plan", explain_opts.plan_file, "Plan file, or - for stdin")->required();
  explain->add_option("-o,--output", explain_opts.output, "Report to write (.md, .pdf, .json); default: Markdown on stdout");
  explain->add_option("--set", explain_opts.settings, "Check option, plan-decoder.option=value (repeatable)");

  CLI::App* plugins = app.add_subcommand("plugins", "List plugins: id, version, phase, state, file, error");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kOk : kUsage;
  }

  try {
    if (capture->parsed()) return cmd_capture(capture_conn, capture_out, capture_settings, capture_opts, hw, g);
    if (analyze->parsed()) return cmd_analyze(analyze_opts, capture_opts, hw, g);
    if (explain->parsed()) return cmd_explain(explain_opts, g);
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
