#include "export/exporter.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "common/atomic_file.hpp"
#include "export/json_export.hpp"
#include "export/markdown.hpp"
#include "export/pdf_export.hpp"
#include "report/scripts.hpp"

namespace dbopt::engine {

std::string script_file_header(const Report& report, const std::string& kind) {
  std::string h;
  h += "-- dbopt " + kind + " script — " + sql_comment_text(report.title) + "\n";
  h += "-- database: " + sql_comment_text(report.database) + " (PostgreSQL " + sql_comment_text(report.server_version) + ")\n";
  h += "-- captured_at: " + sql_comment_text(report.provenance.captured_at) + "\n";
  h += "-- generated_at: " + sql_comment_text(report.generated_at) + " by dbopt " + sql_comment_text(report.dbopt_version) + "\n";
  h += "-- Review before running; statements with CONCURRENTLY cannot run inside a transaction block\n";
  h += "-- (this script is deliberately not wrapped in BEGIN/COMMIT).\n";
  return h;
}

void export_report(const Report& report, const std::filesystem::path& out, const ExportOptions& options) {
  std::string ext = out.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string bytes;
  if (ext == ".md")
    bytes = render_markdown(report, options.markdown_template);
  else if (ext == ".json")
    bytes = report_to_json(report).dump(2) + "\n";
  else if (ext == ".pdf")
    bytes = render_pdf(report, options.html_template);
  else
    throw std::invalid_argument("unsupported report format '" + (ext.empty() ? std::string("(no extension)") : ext) +
                                "' for " + out.string() + " (supported: .md, .pdf, .json)");
  write_file_atomically(out, bytes);
  if (!options.write_scripts) return;

  const std::filesystem::path dir = out.parent_path();
  const std::string apply = combined_apply_script(report);
  const std::string rollback = combined_rollback_script(report);
  write_file_atomically(dir / "apply.sql",
                        script_file_header(report, "apply") + "\n" + (apply.empty() ? "-- no scripts\n" : apply));
  write_file_atomically(dir / "rollback.sql",
                        script_file_header(report, "rollback") + "\n" + (rollback.empty() ? "-- no scripts\n" : rollback));
}

}  // namespace dbopt::engine
