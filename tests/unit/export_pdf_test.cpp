// PDF export (export/pdf_export.hpp): a real PDF whose text (pdftotext, poppler-utils) holds the
// title, the P1 section and hostile names; atomic write; clear errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/atomic_file.hpp"
#include "export/exporter.hpp"
#include "export/chart_axis.hpp"
#include "export/pdf_export.hpp"
#include "report/report.hpp"
#include "report_fixture.hpp"
#include "support/live_db.hpp"

namespace dbopt::engine {
namespace {

using namespace dbopt::engine::testing;
namespace fs = std::filesystem;

Report hostile_report() {
  static const sdk::Catalog cat(sample_snapshot());
  return build_report(cat, hostile_run());
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

/// pdftotext output with all whitespace runs collapsed to one space (table cells wrap).
std::string pdf_text(const fs::path& pdf) {
  const auto r = dbopt::test::run_command({"pdftotext", "-enc", "UTF-8", pdf.string(), "-"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string out;
  bool space = false;
  for (char c : r.out) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

TEST(ExportPdf, WritesAPdfWhoseTextHasTitleSectionsAndHostileNames) {
  const fs::path dir = dbopt::test::temp_dir("dbopt-pdf");
  const Report r = hostile_report();
  const fs::path out = dir / "audit.pdf";
  write_pdf(r, out);
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"audit.pdf"});  // no temporary file left
  const std::string bytes = read_file_bytes(out);
  ASSERT_GT(bytes.size(), 1000u);
  EXPECT_EQ(bytes.substr(0, 5), "%PDF-");

  const std::string text = pdf_text(out);
  for (const std::string& expected :
       {std::string("dbopt performance report"), std::string("Executive summary"), std::string("P1 — critical (1)"),
        std::string("Missing index on *Or|ders* <b>bold</b> `tick` second line"),  // escaped, not interpreted
        std::string("sales.\"Or|ders \"\"<b>bold</b>\"\"\""), std::string("Größe"), std::string("weird|metric_name*"),
        std::string("<script>alert(1)</script>"), std::string("Implementation scripts"), std::string("Run log"),
        std::string("evil|plugin"), std::string("pgstattuple"), std::string("Snapshot provenance"),
        std::string("page 1 of")})
    EXPECT_NE(text.find(expected), std::string::npos) << expected;
  // the title's newline did not break anything: both halves on one line in the heading
  EXPECT_NE(text.find("`tick` second line"), std::string::npos);
  fs::remove_all(dir);
}

TEST(ExportPdf, DetailTablesAreTablesAndRawHtmlIsIgnored) {
  const fs::path dir = dbopt::test::temp_dir("dbopt-pdf-table");
  const sdk::Catalog cat(sample_snapshot());
  RunResult run;
  sdk::Finding f = make_finding("toast-whisperer/toast-heavy-table", "public", "docs");
  f.detail = "Columns responsible:\n\n| column | out of line |\n|---|---|\n| payloadcell | 1,500 of 1,500 |\n\n"
             "<b>raw</b> html";
  run.findings = {record("toast-whisperer", f)};
  const fs::path out = dir / "t.pdf";
  write_pdf(build_report(cat, run), out);
  const std::string text = pdf_text(out);
  EXPECT_NE(text.find("payloadcell"), std::string::npos) << text;
  EXPECT_EQ(text.find("|---|"), std::string::npos) << "a GFM table was printed as text";
  EXPECT_EQ(text.find("| payloadcell |"), std::string::npos) << "a GFM table was printed as text";
  EXPECT_EQ(text.find("raw html"), std::string::npos) << "raw HTML was interpreted";
  fs::remove_all(dir);
}

TEST(ExportPdf, ExporterWritesPdfAndScripts) {
  const fs::path dir = dbopt::test::temp_dir("dbopt-pdf-export");
  export_report(hostile_report(), dir / "audit.PDF");
  EXPECT_EQ(names_in(dir), (std::vector<std::string>{"apply.sql", "audit.PDF", "rollback.sql"}));
  EXPECT_EQ(read_file_bytes(dir / "audit.PDF").substr(0, 5), "%PDF-");
  fs::remove_all(dir);
}

TEST(ExportPdf, UnwritableDirectoryIsAClearErrorAndLeavesNoFile) {
  const fs::path dir = dbopt::test::temp_dir("dbopt-pdf-bad");
  // A directory that does not exist, and one whose "directory" is a regular file (root ignores
  // permission bits, so these are the failures a test running as root can provoke).
  const fs::path missing = dir / "missing" / "audit.pdf";
  std::ofstream(dir / "file") << "x";
  const fs::path not_a_dir = dir / "file" / "audit.pdf";
  for (const fs::path& out : {missing, not_a_dir}) {
    try {
      write_pdf(hostile_report(), out);
      ADD_FAILURE() << "no exception for " << out;
    } catch (const IoError& e) {
      EXPECT_NE(std::string(e.what()).find(out.string()), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"file"});
  fs::remove_all(dir);
}

TEST(ExportPdf, EmptyReportStillRenders) {
  sdk::Snapshot snap;
  snap.provenance.captured_at = "2026-01-01T00:00:00Z";
  snap.server.database = "empty";
  const sdk::Catalog cat(snap);
  const Report r = build_report(cat, RunResult{});
  const std::string bytes = render_pdf(r);
  EXPECT_EQ(bytes.substr(0, 5), "%PDF-");
}

TEST(ExportPdf, CountAxisTicksAreWholeCounts) {
  // Every tick of 0..top in (ticks − 1) equal steps must be an integer ≥ the largest bar, with
  // at most 6 ticks: the "%d" labels then print exact counts.
  for (int max = 0; max <= 250; ++max) {
    const auto [top, ticks] = count_axis_ticks(max);
    ASSERT_GE(ticks, 2) << max;
    EXPECT_LE(ticks, 6) << max;
    EXPECT_GE(top, std::max(max, 1)) << max;
    EXPECT_EQ(top % (ticks - 1), 0) << max << " → top " << top << ", " << ticks << " ticks";
    // no needless headroom: one step less would not reach the largest bar
    EXPECT_LT(top - top / (ticks - 1), std::max(max, 1)) << max;
  }
  EXPECT_EQ(count_axis_ticks(7), (std::pair<int, int>{8, 5}));
  EXPECT_EQ(count_axis_ticks(3), (std::pair<int, int>{3, 4}));
}

TEST(ExportPdf, MissingHtmlTemplateIsAClearError) {
  const fs::path missing = fs::temp_directory_path() / "dbopt-no-such-template.html.mustache";
  try {
    render_pdf(hostile_report(), missing);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace dbopt::engine
