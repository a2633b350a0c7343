#include "Pipeline.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "common/atomic_file.hpp"
#include "dbopt/sdk/plugin.hpp"
#include "export/exporter.hpp"
#include "facts/catalog_builder.hpp"
#include "report/scripts.hpp"
#include "snapshot/snapshot_io.hpp"

namespace dbopt::studio {

namespace fs = std::filesystem;

void apply_hardware(const HardwareOverrides& hw, sdk::HardwareInfo& out) {
  if (!hw.ram.empty()) {
    // Same spec as the CLI's --server-ram (desktop/cli/main.cpp, apply_hardware).
    sdk::OptionSpec spec{"server-ram", sdk::OptionType::Bytes, "", "", 1.0, std::nullopt};
    try {
      out.ram_bytes = std::stoll(sdk::parse_option_value(spec, hw.ram));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string("server RAM: ") + e.what());
    }
  }
  if (hw.cores < 0 || hw.cores > 4096)
    throw std::invalid_argument("server cores: " + std::to_string(hw.cores) + " is outside 1..4096");
  if (hw.cores > 0) out.cpu_cores = hw.cores;
  if (!hw.storage.empty()) {
    if (hw.storage != "ssd" && hw.storage != "hdd" && hw.storage != "network")
      throw std::invalid_argument("storage: '" + hw.storage + "' is not one of ssd, hdd, network");
    out.storage = hw.storage;
  }
}

std::shared_ptr<engine::PluginHost> load_plugins(const std::vector<fs::path>& extra_dirs) {
  auto host = std::make_shared<engine::PluginHost>();
  for (const auto& dir : extra_dirs) host->load_directory(dir);
  host->load_default();
  return host;
}

LoadedSnapshot load_snapshot(const fs::path& path, const HardwareOverrides& hw) {
  sdk::Snapshot snapshot = engine::read_snapshot(path);
  apply_hardware(hw, snapshot.hardware);
  return LoadedSnapshot{path, std::shared_ptr<const sdk::Catalog>(engine::build_catalog(std::move(snapshot)))};
}

AnalysisOutcome analyze(const engine::PluginHost& host, const sdk::Catalog& catalog, const AnalysisRequest& request,
                        const std::atomic<bool>* cancel, std::function<void(const engine::RunProgress&)> on_progress) {
  engine::RunOptions run;
  run.only = request.only;
  run.settings = request.settings;
  run.cancel = cancel;
  run.on_progress = std::move(on_progress);
  AnalysisOutcome outcome;
  outcome.run = engine::run_plugins(host, catalog, run);
  outcome.report = engine::build_report(catalog, outcome.run, engine::ReportOptions{});
  return outcome;
}

std::optional<ExportFormat> export_format_for(const fs::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".md") return ExportFormat::Markdown;
  if (ext == ".pdf") return ExportFormat::Pdf;
  if (ext == ".json") return ExportFormat::Json;
  if (ext == ".sql") return ExportFormat::Sql;
  return std::nullopt;
}

std::vector<fs::path> export_report_file(const engine::Report& report, const fs::path& file) {
  const auto format = export_format_for(file);
  if (!format)
    throw std::invalid_argument("cannot export to " + file.string() + ": use .md, .pdf, .json or .sql");
  const fs::path dir = file.parent_path();
  std::vector<fs::path> written;
  if (*format != ExportFormat::Sql) {
    engine::export_report(report, file, engine::ExportOptions{});
    written.push_back(file);
  } else {
    // The exact bytes export_report writes next to a report (export/exporter.cpp).
    const std::string apply = engine::combined_apply_script(report);
    const std::string rollback = engine::combined_rollback_script(report);
    engine::write_file_atomically(dir / "apply.sql", engine::script_file_header(report, "apply") + "\n" +
                                                          (apply.empty() ? "-- no scripts\n" : apply));
    engine::write_file_atomically(dir / "rollback.sql", engine::script_file_header(report, "rollback") + "\n" +
                                                             (rollback.empty() ? "-- no scripts\n" : rollback));
  }
  written.push_back(dir / "apply.sql");
  written.push_back(dir / "rollback.sql");
  return written;
}

}  // namespace dbopt::studio
