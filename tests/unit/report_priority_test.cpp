// The one priority rule (report/priority.hpp): every boundary of the speed rule (seed 001_…,
// P1 > 10× on high traffic / P2 5–10× / P3 2–5×), the severity rule, and their combination.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>

#include "report/priority.hpp"

namespace dbopt::engine {
namespace {

sdk::Finding finding(std::optional<double> speedup, std::optional<double> share,
                     sdk::Severity severity = sdk::Severity::Info) {
  sdk::Finding f;
  f.check_id = "test/check";
  f.impact.speedup = speedup;
  f.impact.time_share = share;
  f.severity = severity;
  return f;
}

Priority p(std::optional<double> speedup, std::optional<double> share = std::nullopt) {
  return assign_priority(finding(speedup, share));
}

TEST(ReportPriority, ConstantsMatchSeeds) {
  EXPECT_DOUBLE_EQ(kHighTrafficShare, 0.30);
  EXPECT_DOUBLE_EQ(kP1Speedup, 10.0);
  EXPECT_DOUBLE_EQ(kP2Speedup, 5.0);
  EXPECT_DOUBLE_EQ(kP3Speedup, 2.0);
}

TEST(ReportPriority, AboveTenOnHighTrafficIsP1) {
  EXPECT_EQ(p(10.01, 0.30), Priority::P1);   // share boundary is inclusive
  EXPECT_EQ(p(50.0, 0.95), Priority::P1);
  EXPECT_EQ(p(std::nextafter(10.0, 11.0), kHighTrafficShare), Priority::P1);
}

TEST(ReportPriority, AboveTenWithoutHighTrafficIsP2) {
  EXPECT_EQ(p(10.01, std::nextafter(0.30, 0.0)), Priority::P2);
  EXPECT_EQ(p(100.0, 0.0), Priority::P2);
  EXPECT_EQ(p(100.0, std::nullopt), Priority::P2);  // unknown traffic is not high traffic
}

TEST(ReportPriority, ExactlyTenIsP2EvenOnHighTraffic) {
  EXPECT_EQ(p(10.0, 0.99), Priority::P2);
  EXPECT_EQ(p(10.0), Priority::P2);
}

TEST(ReportPriority, FiveToTenBoundaries) {
  EXPECT_EQ(p(std::nextafter(5.0, 6.0)), Priority::P2);
  EXPECT_EQ(p(7.5), Priority::P2);
  EXPECT_EQ(p(5.0), Priority::P3);  // 5× is the top of P3 (2–5×)
  EXPECT_EQ(p(5.0, 0.9), Priority::P3);
}

TEST(ReportPriority, TwoToFiveBoundaries) {
  EXPECT_EQ(p(2.0), Priority::P3);  // inclusive
  EXPECT_EQ(p(3.3), Priority::P3);
  EXPECT_EQ(p(std::nextafter(2.0, 0.0)), Priority::Info);
  EXPECT_EQ(p(1.0), Priority::Info);
  EXPECT_EQ(p(0.5), Priority::Info);
}

TEST(ReportPriority, MissingOrNonFiniteSpeedupIsInfo) {
  EXPECT_EQ(p(std::nullopt, 0.9), Priority::Info);
  EXPECT_EQ(p(std::numeric_limits<double>::quiet_NaN(), 0.9), Priority::Info);
  EXPECT_EQ(p(std::numeric_limits<double>::infinity(), 0.9), Priority::Info);
}

TEST(ReportPriority, SeverityRule) {
  EXPECT_EQ(priority_from_severity(sdk::Severity::Critical), Priority::P1);
  EXPECT_EQ(priority_from_severity(sdk::Severity::High), Priority::P2);
  EXPECT_EQ(priority_from_severity(sdk::Severity::Medium), Priority::P3);
  EXPECT_EQ(priority_from_severity(sdk::Severity::Low), Priority::Info);
  EXPECT_EQ(priority_from_severity(sdk::Severity::Info), Priority::Info);
}

TEST(ReportPriority, MoreUrgentOfSpeedAndSeverityWins) {
  // critical severity without any speedup (e.g. XID wraparound) is P1
  EXPECT_EQ(assign_priority(finding(std::nullopt, std::nullopt, sdk::Severity::Critical)), Priority::P1);
  // a 3× speedup (P3) with high severity (P2) → P2
  EXPECT_EQ(assign_priority(finding(3.0, std::nullopt, sdk::Severity::High)), Priority::P2);
  // a 20× high-traffic speedup (P1) with low severity → P1
  EXPECT_EQ(assign_priority(finding(20.0, 0.5, sdk::Severity::Low)), Priority::P1);
  // medium severity with a 1.5× speedup → P3 from severity
  EXPECT_EQ(assign_priority(finding(1.5, 0.5, sdk::Severity::Medium)), Priority::P3);
  // low severity, no speedup → info
  EXPECT_EQ(assign_priority(finding(std::nullopt, std::nullopt, sdk::Severity::Low)), Priority::Info);
}

TEST(ReportPriority, MoreUrgentAndNames) {
  EXPECT_EQ(more_urgent(Priority::P3, Priority::P1), Priority::P1);
  EXPECT_EQ(more_urgent(Priority::P2, Priority::Info), Priority::P2);
  EXPECT_EQ(more_urgent(Priority::Info, Priority::Info), Priority::Info);
  EXPECT_STREQ(to_string(Priority::P1), "P1");
  EXPECT_STREQ(to_string(Priority::P2), "P2");
  EXPECT_STREQ(to_string(Priority::P3), "P3");
  EXPECT_STREQ(to_string(Priority::Info), "info");
}

}  // namespace
}  // namespace dbopt::engine
