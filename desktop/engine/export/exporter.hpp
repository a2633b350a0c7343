// One entry point for writing a report to disk: the format follows the file extension, and
// apply.sql + rollback.sql are written next to the report (DESIGN.md "Report"; safety rules:
// every file written atomically).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "report/report.hpp"

namespace dbopt::engine {

struct ExportOptions {
  /// Custom Mustache template for .md outputs (the CLI's --template); default: the shipped one.
  std::optional<std::filesystem::path> markdown_template;
  /// Custom Mustache HTML template for .pdf outputs; default: the shipped one.
  std::optional<std::filesystem::path> html_template;
  /// Also write apply.sql and rollback.sql in the output directory (default on).
  bool write_scripts = true;
};

/// The header comment of apply.sql/rollback.sql: what it is, database, captured_at, and
/// "review before running; statements with CONCURRENTLY cannot run inside a transaction block".
std::string script_file_header(const Report& report, const std::string& kind);

/// Writes `report` to `out` by extension (case-insensitive): .md (render_markdown), .pdf
/// (render_pdf), .json (report_to_json, 2-space indent). Then, when options.write_scripts,
/// apply.sql and rollback.sql in out's directory (script_file_header + combined scripts).
/// Every file is written with write_file_atomically. Throws std::invalid_argument for another
/// extension ("unsupported report format '.txt' (supported: .md, .pdf, .json)"), IoError for
/// file errors, std::runtime_error for template errors.
void export_report(const Report& report, const std::filesystem::path& out, const ExportOptions& options = {});

}  // namespace dbopt::engine
