#include "plan/plan_parse.hpp"

#include <nlohmann/json.hpp>
#include <string>

#include "plan/plan_error.hpp"
#include "plan/plan_json.hpp"
#include "plan/plan_lines.hpp"
#include "plan/plan_text.hpp"

namespace dbopt::engine {

namespace {

sdk::Plan parse_json_lines(const std::vector<PlanLine>& lines) {
  std::string text;
  std::vector<std::size_t> starts;  // offset of each line in `text`
  for (const auto& l : lines) {
    starts.push_back(text.size());
    text += l.text;
    text += '\n';
  }
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based; find the cleaned line it falls in, report the input line number.
    std::size_t at = e.byte == 0 ? 0 : e.byte - 1;
    std::size_t idx = 0;
    while (idx + 1 < starts.size() && starts[idx + 1] <= at) ++idx;
    std::string what = e.what();
    if (auto p = what.find("parse error"); p != std::string::npos) what = what.substr(p);
    throw PlanParseError(lines.empty() ? 0 : lines[idx].number, "invalid JSON: " + what);
  }
  return plan_from_json(doc);
}

}  // namespace

sdk::Plan parse_plan(std::string_view input) {
  std::vector<PlanLine> lines = clean_plan_lines(input);
  if (lines.empty()) throw PlanParseError(0, "no EXPLAIN output found (the input is empty or only decoration)");
  std::string_view first = lines.front().text;
  std::size_t p = first.find_first_not_of(" \t");
  if (p != std::string_view::npos && (first[p] == '[' || first[p] == '{')) return parse_json_lines(lines);
  return plan_from_text(unwrap_text_lines(lines));
}

}  // namespace dbopt::engine
