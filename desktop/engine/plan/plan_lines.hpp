// Turns EXPLAIN output as users paste it into clean lines: psql's "QUERY PLAN" header and
// "(N rows)" footer, psql borders and frames (ascii, old-ascii, unicode, \pset border 0–2),
// DBeaver's trailing '|', psql's newline marks ('+', '↵'), quoted lines (pgAdmin/CSV export),
// "#"/"--" comment lines, and lines wrapped by a terminal or a web form.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dbopt::engine {

/// One line of a plan with its 1-based line number in the original input.
struct PlanLine {
  int number = 0;
  std::string text;
};

/// `s` without leading and trailing whitespace (std::isspace).
std::string_view trim_whitespace(std::string_view s);

/// The input's lines without decoration (header, footer, borders, frames, newline marks,
/// surrounding quotes, comments, empty lines). Leading indentation is kept; text that is not
/// decoration is never altered.
std::vector<PlanLine> clean_plan_lines(std::string_view input);

/// Re-joins text-format lines that a terminal or web form wrapped: a line is a continuation of
/// the previous one when the previous one has unbalanced parentheses (outside string literals),
/// or when it is neither a node line ("->  Name"), a "Key: value" detail line, nor an
/// InitPlan/SubPlan/CTE/Trigger line. The joined line keeps the first line's number.
std::vector<PlanLine> unwrap_text_lines(const std::vector<PlanLine>& lines);

}  // namespace dbopt::engine
