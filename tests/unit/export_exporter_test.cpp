// export_report (export/exporter.hpp): format by extension, apply.sql/rollback.sql next to the
// report, atomic writes, clear errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include "common/atomic_file.hpp"
#include "export/exporter.hpp"
#include "export/json_export.hpp"
#include "export/markdown.hpp"
#include "report/report.hpp"
#include "report/scripts.hpp"
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

TEST(ExportReport, MarkdownAndJsonWithScriptsNextToThem) {
  const fs::path dir = dbopt::test::temp_dir("md");
  const Report r = hostile_report();
  export_report(r, dir / "audit.md");
  export_report(r, dir / "audit.JSON");
  EXPECT_EQ(names_in(dir), (std::vector<std::string>{"apply.sql", "audit.JSON", "audit.md", "rollback.sql"}));
  EXPECT_EQ(read_file_bytes(dir / "audit.md"), render_markdown(r));
  EXPECT_EQ(nlohmann::json::parse(read_file_bytes(dir / "audit.JSON")), report_to_json(r));

  const std::string apply = read_file_bytes(dir / "apply.sql");
  const std::string rollback = read_file_bytes(dir / "rollback.sql");
  EXPECT_EQ(apply, script_file_header(r, "apply") + "\n" + combined_apply_script(r));
  EXPECT_EQ(rollback, script_file_header(r, "rollback") + "\n" + combined_rollback_script(r));
  EXPECT_NE(apply.find("-- database: shop"), std::string::npos);
  EXPECT_NE(apply.find("-- captured_at: " + r.provenance.captured_at), std::string::npos);
  EXPECT_NE(apply.find("CONCURRENTLY cannot run inside a transaction block"), std::string::npos);
  for (const auto& item : r.items)
    if (item.finding.script) {
      EXPECT_NE(apply.find(item.finding.script->apply), std::string::npos) << item.id;
    }
  EXPECT_EQ(apply.find("\nBEGIN;"), std::string::npos);  // never wrapped in a transaction block
  fs::remove_all(dir);
}

TEST(ExportReport, UnsupportedExtensionNamesItAndWritesNothing) {
  const fs::path dir = dbopt::test::temp_dir("ext");
  try {
    export_report(hostile_report(), dir / "audit.txt");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("'.txt'"), std::string::npos) << msg;
    EXPECT_NE(msg.find(".md, .pdf, .json"), std::string::npos) << msg;
  }
  EXPECT_THROW(export_report(hostile_report(), dir / "audit"), std::invalid_argument);
  EXPECT_TRUE(names_in(dir).empty());
  fs::remove_all(dir);
}

TEST(ExportReport, MissingDirectoryIsAnIoErrorNamingTheFile) {
  const fs::path dir = dbopt::test::temp_dir("missing");
  const fs::path out = dir / "no" / "such" / "audit.md";
  try {
    export_report(hostile_report(), out);
    FAIL() << "no exception";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(out.string()), std::string::npos) << e.what();
  }
  EXPECT_TRUE(names_in(dir).empty());
  fs::remove_all(dir);
}

TEST(ExportReport, ScriptsCanBeSkipped) {
  const fs::path dir = dbopt::test::temp_dir("noscripts");
  ExportOptions opts;
  opts.write_scripts = false;
  export_report(hostile_report(), dir / "audit.json", opts);
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"audit.json"});
  fs::remove_all(dir);
}

}  // namespace
}  // namespace dbopt::engine
