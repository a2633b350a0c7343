// The plan decoder's error: what could not be read and on which line of the input.
#pragma once

#include <stdexcept>
#include <string>

namespace dbopt::engine {

/// A plan that cannot be parsed. what() is one line: `line 12: <what is wrong>` (line numbers
/// are 1-based lines of the text given to parse_plan(); 0 when the problem is not on one line,
/// then the message has no "line" prefix).
class PlanParseError : public std::runtime_error {
 public:
  PlanParseError(int line, const std::string& message);
  /// 1-based input line of the problem, 0 when it is about the whole input.
  int line() const noexcept { return line_; }

 private:
  int line_ = 0;
};

}  // namespace dbopt::engine
