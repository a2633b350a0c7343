// PDF export of a report: HTML from report_templates/report.html.mustache laid out by
// QTextDocument, charts drawn with QtCharts, printed on A4 with QPdfWriter.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "report/report.hpp"

namespace dbopt::engine {

/// The PDF bytes of `report` ("%PDF-…"): A4, 15 mm margins, DejaVu Sans 9 pt, a footer with
/// "page N of M", and two charts (items by priority, findings by plugin). `template_path`: a custom
/// HTML template; default default_template_path("report.html.mustache"). Untrusted strings are
/// HTML-escaped by Mustache ({{double}}); details are converted from Markdown with raw HTML dropped.
/// Creates the offscreen QApplication when needed (ensure_qt_application). Throws
/// std::runtime_error on template errors.
std::string render_pdf(const Report& report, const std::optional<std::filesystem::path>& template_path = {});

/// Writes render_pdf(report) to `path` atomically (common/atomic_file.hpp: temp file in the same
/// directory + rename): on failure no file (partial or temporary) is left and IoError names `path`.
void write_pdf(const Report& report, const std::filesystem::path& path,
               const std::optional<std::filesystem::path>& template_path = {});

}  // namespace dbopt::engine
