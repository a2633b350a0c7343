#include "plan/plan_error.hpp"

namespace dbopt::engine {

namespace {
std::string with_line(int line, const std::string& message) {
  return line > 0 ? "line " + std::to_string(line) + ": " + message : message;
}
}  // namespace

PlanParseError::PlanParseError(int line, const std::string& message)
    : std::runtime_error(with_line(line, message)), line_(line) {}

}  // namespace dbopt::engine
