// The engine calls of the Studio, in the same order and with the same option resolution as the
// `dbopt` command (desktop/cli/main.cpp), so the same snapshot and options give byte-identical
// reports: read_snapshot → (hardware overrides) → build_catalog → run_plugins → build_report →
// export_report. No analysis logic lives here; these functions only chain the engine.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/model.hpp"
#include "host/plugin_host.hpp"
#include "report/report.hpp"
#include "runner/runner.hpp"

namespace dbopt::studio {

/// Server hardware SQL cannot see (the CLI's --server-ram/--server-cores/--storage), as typed.
/// Empty / 0 fields are left as the snapshot has them.
struct HardwareOverrides {
  std::string ram;      ///< PostgreSQL-style size, "64GB" (parsed with sdk::parse_option_value, Bytes)
  int cores = 0;        ///< CPU cores, 1..4096; 0 = keep
  std::string storage;  ///< "ssd" | "hdd" | "network" | "" = keep
};

/// Applies `hw` to `out` exactly like the CLI's apply_hardware. Throws std::invalid_argument
/// naming the field ("server RAM: option server-ram = 'x': expected a size such as 64MB").
void apply_hardware(const HardwareOverrides& hw, sdk::HardwareInfo& out);

/// Loads plugins like the CLI: each of `extra_dirs` first (the CLI's --plugin-path), then
/// PluginHost::load_default().
std::shared_ptr<engine::PluginHost> load_plugins(const std::vector<std::filesystem::path>& extra_dirs);

/// A snapshot ready for analysis: the file it came from ("" when captured and not saved) and its
/// Catalog (engine::build_catalog).
struct LoadedSnapshot {
  std::filesystem::path file;
  std::shared_ptr<const sdk::Catalog> catalog;
};

/// read_snapshot(path), apply_hardware, build_catalog. Throws engine::SnapshotError (message names
/// the file and the JSON path) or std::invalid_argument for a bad hardware override.
LoadedSnapshot load_snapshot(const std::filesystem::path& path, const HardwareOverrides& hw = {});

/// What to run: the CLI's --only and --set.
struct AnalysisRequest {
  std::vector<std::string> only;                  ///< plugin ids; empty = every loaded plugin
  std::vector<engine::OptionSetting> settings;    ///< "plugin-id.option" → value text
};

/// A finished (or cancelled) analysis: the run and the report built from it.
struct AnalysisOutcome {
  engine::RunResult run;
  engine::Report report;
};

/// run_plugins + build_report with default ReportOptions (generated_at = the snapshot's
/// captured_at, as the CLI). Throws engine::ConfigError for an invalid request (unknown plugin,
/// bad option value). `cancel` and `on_progress` are passed to RunOptions as is.
AnalysisOutcome analyze(const engine::PluginHost& host, const sdk::Catalog& catalog, const AnalysisRequest& request,
                        const std::atomic<bool>* cancel = nullptr,
                        std::function<void(const engine::RunProgress&)> on_progress = {});

/// Report formats the Studio writes.
enum class ExportFormat { Markdown, Pdf, Json, Sql };

/// Format from a file name's extension (.md, .pdf, .json, .sql; case-insensitive), or nullopt.
std::optional<ExportFormat> export_format_for(const std::filesystem::path& file);

/// Writes `report` like the CLI's `-o file`: Markdown/PDF/JSON through engine::export_report
/// (default ExportOptions, so apply.sql and rollback.sql are written next to it). For a ".sql"
/// file: only apply.sql and rollback.sql in its directory, byte-identical to export_report's.
/// Returns the files written. Throws std::invalid_argument for another extension,
/// engine::IoError when a file cannot be written (nothing half-written is left).
/// PDF needs the QApplication's thread (engine::ensure_qt_application).
std::vector<std::filesystem::path> export_report_file(const engine::Report& report, const std::filesystem::path& file);

}  // namespace dbopt::studio
