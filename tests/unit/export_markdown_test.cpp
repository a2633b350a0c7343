// Markdown export (export/markdown.hpp): hostile names cannot break tables, fences or the page;
// custom templates work; a missing or broken template is a clear error.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "export/markdown.hpp"
#include "export/markdown_text.hpp"
#include "export/template_view.hpp"
#include "export/value_format.hpp"
#include "report/report.hpp"
#include "report_fixture.hpp"
#include "support/live_db.hpp"

namespace dbopt::engine {
namespace {

using namespace dbopt::engine::testing;
namespace fs = std::filesystem;

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

/// GFM cell separators in a row: '|' not escaped by an odd number of backslashes.
std::size_t pipe_count(const std::string& row) {
  std::size_t n = 0, backslashes = 0;
  for (char c : row) {
    if (c == '|' && backslashes % 2 == 0) ++n;
    backslashes = c == '\\' ? backslashes + 1 : 0;
  }
  return n;
}

/// Lines outside fenced code blocks, following CommonMark's fence rule: a fence of N backticks
/// is closed only by a line of at least N backticks and nothing else.
struct FenceScan {
  std::vector<std::string> prose;       ///< lines outside fences
  std::vector<std::string> code;        ///< lines inside fences
  bool balanced = true;
};
FenceScan scan_fences(const std::string& md) {
  FenceScan s;
  std::size_t open = 0;
  for (const auto& line : split_lines(md)) {
    std::size_t ticks = 0;
    while (ticks < line.size() && line[ticks] == '`') ++ticks;
    if (open == 0) {
      if (ticks >= 3) {
        open = ticks;
        continue;
      }
      s.prose.push_back(line);
    } else {
      if (ticks >= open && line.find_first_not_of('`') == std::string::npos) {
        open = 0;
        continue;
      }
      s.code.push_back(line);
    }
  }
  s.balanced = open == 0;
  return s;
}

Report hostile_report() {
  static const sdk::Catalog cat(sample_snapshot());
  return build_report(cat, hostile_run());
}

TEST(ExportMarkdown, InlineEscaping) {
  EXPECT_EQ(sdk::md::escape("a|b"), "a\\|b");
  EXPECT_EQ(sdk::md::escape("<b>x</b>"), "\\<b\\>x\\</b\\>");
  EXPECT_EQ(sdk::md::escape("*_`[]\\~&"), "\\*\\_\\`\\[\\]\\\\\\~\\&");
  EXPECT_EQ(sdk::md::escape("line\r\nbreak"), "line  break");
  EXPECT_EQ(sdk::md::escape("Größe 表 \"q\""), "Größe 表 \"q\"");
}

TEST(ExportMarkdown, CodeBlockFenceLongerThanContent) {
  EXPECT_EQ(sdk::md::code_block("SELECT 1;"), "```sql\nSELECT 1;\n```");
  const std::string block = sdk::md::code_block("SELECT '````';");
  EXPECT_EQ(block.rfind("`````sql\n", 0), 0u) << block;
  const FenceScan s = scan_fences(block + "\nafter");
  EXPECT_TRUE(s.balanced);
  ASSERT_EQ(s.code.size(), 1u);
  EXPECT_EQ(s.code[0], "SELECT '````';");
  EXPECT_EQ(s.prose, std::vector<std::string>{"after"});
}

TEST(ExportMarkdown, DetailNeutralizesHtmlAndClosesOpenFence) {
  const std::string d = md_detail("a <script>x</script> `a<b`\n```\n<raw>\n");
  EXPECT_EQ(d.find("<script>"), std::string::npos) << d;
  EXPECT_NE(d.find("&lt;script>"), std::string::npos) << d;
  EXPECT_NE(d.find("`a<b`"), std::string::npos) << d;   // code spans untouched
  EXPECT_NE(d.find("\n<raw>\n"), std::string::npos) << d;  // fenced content untouched
  EXPECT_TRUE(scan_fences(d).balanced) << d;
}

TEST(ExportMarkdown, DetailKeepsBackslashEscapesAsWritten) {
  // A plugin that already escaped "<" as "\\<" must not get "\\&lt;" (which shows "&lt;").
  const std::string d = md_detail("index \\\"a\\<b\\>\\|\\\" and <i>");
  EXPECT_NE(d.find("\\<b\\>\\|"), std::string::npos) << d;
  EXPECT_EQ(d.find("\\&lt;"), std::string::npos) << d;
  EXPECT_NE(d.find("&lt;i>"), std::string::npos) << d;
}

TEST(ExportMarkdown, StandaloneSectionTagsLeaveNoBlankLines) {
  // kainjow/mustache 4.1 would leave an empty line for a false section on its own lines, which
  // splits a Markdown table in two; blank template lines must survive.
  EXPECT_EQ(strip_standalone_tags("| a |\n  {{#x}}  \n| b |\n{{/x}}\n| c |\n"), "| a |\n{{#x}}| b |\n{{/x}}| c |\n");
  const fs::path dir = dbopt::test::temp_dir("standalone");
  const fs::path tmpl = dir / "t.md.mustache";
  std::ofstream(tmpl) << "| h |\n|---|\n{{#cancelled}}\n| cancelled |\n{{/cancelled}}\n| {{{database}}} |\n\nend\n{{#has_runs}}\n\nruns\n{{/has_runs}}\n";
  const std::string md = render_markdown(hostile_report(), tmpl);
  EXPECT_EQ(md, "| h |\n|---|\n| shop |\n\nend\n\nruns\n");
  fs::remove_all(dir);
}

TEST(ExportMarkdown, ValuesFormattedWithTheirUnits) {
  EXPECT_EQ(format_value(0.96, "ratio"), "96.0 %");
  EXPECT_EQ(format_value(6.68e-05, "ratio"), "0.0067 %");  // not "0.0 %"
  EXPECT_EQ(format_value(0, "ratio"), "0.0 %");
  EXPECT_EQ(format_value(1536, "bytes"), sdk::sql::format_bytes(1536));
  EXPECT_EQ(format_value(1234.5, "ms"), sdk::sql::format_ms(1234.5));
  EXPECT_EQ(format_value(90, "seconds"), sdk::sql::format_ms(90'000));
  EXPECT_EQ(format_value(1234567, "count"), "1,234,567");
  EXPECT_EQ(format_value(2339, "pages"), "2,339 pages");
  EXPECT_EQ(format_value(10.03, "rows"), "10.03 rows");
  EXPECT_EQ(format_evidence({"indexdef", std::nullopt, "", std::string("CREATE INDEX i ON t (a)")}), "CREATE INDEX i ON t (a)");
  EXPECT_EQ(format_target(MetricTarget{">=", 0.95}, "ratio"), "≥ 95.0 %");
}

TEST(ExportMarkdown, StorageChangeCarriesItsSign) {
  const auto storage = [](std::int64_t delta) {
    sdk::Impact impact;
    impact.storage_delta_bytes = delta;
    for (const auto& [name, value] : impact_facts(impact))
      if (name == "storage change") return value;
    return std::string("(missing)");
  };
  EXPECT_EQ(storage(6'000'000), "+" + sdk::sql::format_bytes(6'000'000));  // a new index grows the database
  EXPECT_EQ(storage(-6'000'000).rfind("-", 0), 0u) << storage(-6'000'000);
  EXPECT_EQ(storage(-6'000'000).substr(1), sdk::sql::format_bytes(6'000'000));
  EXPECT_EQ(storage(0), sdk::sql::format_bytes(0));
}

TEST(ExportMarkdown, HostileNamesKeepEveryTableRowsColumnCount) {
  const Report report = hostile_report();
  const std::string md = render_markdown(report);
  const FenceScan s = scan_fences(md);
  ASSERT_TRUE(s.balanced);
  std::size_t tables = 0, rows = 0;
  std::size_t header = 0;
  for (const auto& line : s.prose) {
    if (line.rfind("|", 0) != 0) {
      header = 0;
      continue;
    }
    if (header == 0) {
      header = pipe_count(line);
      ++tables;
      continue;
    }
    ++rows;
    EXPECT_EQ(pipe_count(line), header) << line;
  }
  EXPECT_GE(tables, 8u);
  EXPECT_GE(rows, 30u);
}

TEST(ExportMarkdown, HostileTextIsEscapedAndPresent) {
  const Report report = hostile_report();
  const std::string md = render_markdown(report);
  const FenceScan s = scan_fences(md);
  std::string prose;
  for (const auto& l : s.prose) prose += l + "\n";
  EXPECT_EQ(prose.find("<b>"), std::string::npos);
  EXPECT_EQ(prose.find("<script>"), std::string::npos);
  EXPECT_EQ(prose.find("<i>"), std::string::npos);
  for (const auto& item : report.items) {
    EXPECT_NE(prose.find(sdk::md::escape(item.object)), std::string::npos) << item.object;
    EXPECT_NE(prose.find(sdk::md::escape(item.finding.title)), std::string::npos) << item.finding.title;
  }
  EXPECT_NE(prose.find("Größe 表 ✓"), std::string::npos);
  EXPECT_NE(prose.find(sdk::md::escape(long_name())), std::string::npos);
  // a title's newline never starts a new Markdown line
  for (const auto& l : s.prose) EXPECT_NE(l.rfind("second line", 0), 0u) << l;
}

TEST(ExportMarkdown, SqlStaysInsideFencesVerbatim) {
  const Report report = hostile_report();
  const std::string md = render_markdown(report);
  const FenceScan s = scan_fences(md);
  ASSERT_TRUE(s.balanced);
  std::string code;
  for (const auto& l : s.code) code += l + "\n";
  std::size_t scripts = 0;
  for (const auto& item : report.items) {
    if (!item.finding.script) continue;
    ++scripts;
    EXPECT_NE(code.find(item.finding.script->apply), std::string::npos) << item.finding.script->apply;
    if (!item.finding.script->rollback.empty()) {
      EXPECT_NE(code.find(item.finding.script->rollback), std::string::npos);
    }
    for (const auto& l : s.prose) EXPECT_EQ(l.find(item.finding.script->apply), std::string::npos) << l;
  }
  EXPECT_EQ(scripts, 3u);
  // the sections after the scripts are still prose
  for (const char* heading : {"## Run log", "## Snapshot provenance", "## Implementation scripts"})
    EXPECT_NE(std::find(s.prose.begin(), s.prose.end(), heading), s.prose.end()) << heading;
}

TEST(ExportMarkdown, SectionsInDeliverOrder) {
  const std::string md = render_markdown(hostile_report());
  std::size_t last = 0;
  for (const char* h : {"# dbopt performance report", "## Executive summary", "## Metrics", "## Priority actions",
                        "### P1 — critical", "### P2 — high", "### P3 — medium", "## Informational findings",
                        "## Implementation scripts", "## Run log", "## Capture steps that failed, were skipped or left data out",
                        "## Snapshot provenance"}) {
    const auto pos = md.find(std::string("\n") + h, last == 0 ? 0 : last);
    const auto first = md.rfind(h, 0) == 0 ? 0 : pos;
    ASSERT_NE(first, std::string::npos) << h;
    EXPECT_GE(first, last) << h;
    last = first;
  }
  EXPECT_NE(md.find("pgstattuple"), std::string::npos);     // failed probe listed
  EXPECT_NE(md.find("evil\\|plugin"), std::string::npos);   // run log row escaped
  EXPECT_NE(md.find("requires a server restart"), std::string::npos);
}

TEST(ExportMarkdown, CustomTemplateIsUsed) {
  const fs::path dir = dbopt::test::temp_dir("custom");
  const fs::path tmpl = dir / "mine.md.mustache";
  std::ofstream(tmpl) << "Custom {{{database}}}: {{{summary.issues_found}}} issues\n{{#info_items}}- {{{object}}}\n{{/info_items}}";
  const Report report = hostile_report();
  const std::string md = render_markdown(report, tmpl);
  EXPECT_EQ(md.rfind("Custom shop: " + std::to_string(report.items.size()) + " issues\n", 0), 0u) << md;
  EXPECT_NE(md.find("- public." + sdk::md::escape(long_name())), std::string::npos) << md;
  fs::remove_all(dir);
}

TEST(ExportMarkdown, MissingTemplateIsAClearError) {
  const fs::path missing = fs::temp_directory_path() / "dbopt-no-such-template.md.mustache";
  try {
    render_markdown(hostile_report(), missing);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
  }
}

TEST(ExportMarkdown, BrokenTemplateIsAClearError) {
  const fs::path dir = dbopt::test::temp_dir("broken");
  const fs::path tmpl = dir / "broken.md.mustache";
  std::ofstream(tmpl) << "{{#items}} never closed";
  try {
    render_markdown(hostile_report(), tmpl);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(tmpl.string() + ": template error"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

TEST(ExportMarkdown, SummaryFactsAndExhibitsAreRenderedSafely) {
  const sdk::Catalog cat(sample_snapshot());
  RunResult run = hostile_run();
  PluginRun pr;
  pr.plugin_id = "query-profiler";
  pr.status = "ok";
  const sdk::Metric share{"write_share", 0.25, "ratio", std::nullopt};
  pr.summary = {sdk::SummaryFact{"query-profiler/workload-class", "Workload | class", "OLTP <b>",
                                 "decided from *calls*", {share}},
                sdk::SummaryFact{"query-profiler/bare", "Bare", "7", "", {share}}};
  pr.exhibits = {sdk::Exhibit{"query-profiler/top", "Top | statements", "", "```\n| not a table |\nSELECT 1"}};
  run.runs.push_back(pr);
  const std::string md = render_markdown(build_report(cat, run));
  // The detail states the figures itself; the evidence list is shown only without a detail.
  EXPECT_NE(md.find("- Workload \\| class: **OLTP \\<b\\>** — decided from *calls*\n"), std::string::npos) << md;
  EXPECT_NE(md.find("- Bare: **7** (write\\_share 25"), std::string::npos) << md;
  EXPECT_NE(md.find("## Supporting details"), std::string::npos);
  EXPECT_NE(md.find("### Top \\| statements"), std::string::npos);
  const FenceScan scan = scan_fences(md);
  EXPECT_TRUE(scan.balanced);
  // The exhibit text stays verbatim inside its fence, including its own backticks.
  EXPECT_NE(std::find(scan.code.begin(), scan.code.end(), "| not a table |"), scan.code.end());
  for (const auto& line : scan.prose) EXPECT_NE(line, "| not a table |");
}

}  // namespace
}  // namespace dbopt::engine
