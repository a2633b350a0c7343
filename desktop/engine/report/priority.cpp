#include "report/priority.hpp"

#include <cmath>

namespace dbopt::engine {

Priority priority_from_speedup(const sdk::Impact& impact) {
  if (!impact.speedup || !std::isfinite(*impact.speedup)) return Priority::Info;
  const double speedup = *impact.speedup;
  if (speedup > kP1Speedup) {
    const bool high_traffic = impact.time_share && *impact.time_share >= kHighTrafficShare;
    return high_traffic ? Priority::P1 : Priority::P2;
  }
  if (speedup > kP2Speedup) return Priority::P2;
  if (speedup >= kP3Speedup) return Priority::P3;
  return Priority::Info;
}

Priority priority_from_severity(sdk::Severity severity) {
  switch (severity) {
    case sdk::Severity::Critical: return Priority::P1;
    case sdk::Severity::High: return Priority::P2;
    case sdk::Severity::Medium: return Priority::P3;
    case sdk::Severity::Low:
    case sdk::Severity::Info: return Priority::Info;
  }
  return Priority::Info;
}

Priority assign_priority(const sdk::Finding& finding) {
  return more_urgent(priority_from_speedup(finding.impact), priority_from_severity(finding.severity));
}

const char* to_string(Priority priority) {
  switch (priority) {
    case Priority::P1: return "P1";
    case Priority::P2: return "P2";
    case Priority::P3: return "P3";
    case Priority::Info: return "info";
  }
  return "?";
}

}  // namespace dbopt::engine
