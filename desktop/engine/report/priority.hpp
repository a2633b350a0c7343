// The one priority rule of dbopt (DESIGN.md "Findings": priority is assigned in one place, by the
// report builder, never by plugins).
#pragma once

#include "dbopt/sdk/finding.hpp"

namespace dbopt::engine {

/// Report priority of a finding. P1 is the most urgent; Info is "no action needed now".
enum class Priority { P1, P2, P3, Info };

/// Share of total statement time (pg_stat_statements.total_exec_time) above which the affected
/// statements count as "high traffic": "a statement group above 30 % of total time is a P1
/// candidate (high traffic)" (issue text, refining seed 001_…, Index Advisor: "P1: Critical
/// (> 10x improvement, high traffic)"). Inclusive: a share of exactly 0.30 is high traffic.
inline constexpr double kHighTrafficShare = 0.30;
/// Speedup (×) strictly above which a finding is P1 on high traffic, else P2 (seed 001_…).
inline constexpr double kP1Speedup = 10.0;
/// Speedup (×) strictly above which a finding is P2 (seed 001_…: "P2: High (5-10x)").
inline constexpr double kP2Speedup = 5.0;
/// Speedup (×) from which (inclusive) a finding is P3 (seed 001_…: "P3: Medium (2-5x)").
inline constexpr double kP3Speedup = 2.0;

/// Assigns the priority of a finding: the more urgent of a speed-based and a severity-based
/// priority.
///
/// Speed (Impact::speedup, ×; Impact::time_share, 0..1), seed 001_… Index Advisor step 4:
///   speedup > 10 and time_share >= kHighTrafficShare  → P1
///   speedup > 10 otherwise (share unknown or lower)   → P2
///   5 < speedup <= 10                                 → P2
///   2 <= speedup <= 5                                 → P3
///   speedup < 2, unknown or not finite                → Info
/// Severity (DESIGN.md "Findings": critical = data-loss or outage risk, e.g. transaction-ID
/// wraparound, always P1): Critical → P1, High → P2, Medium → P3, Low and Info → Info.
Priority assign_priority(const sdk::Finding& finding);

/// Only the speed-based half of assign_priority (exposed for tests and explanations).
Priority priority_from_speedup(const sdk::Impact& impact);
/// Only the severity-based half of assign_priority.
Priority priority_from_severity(sdk::Severity severity);

/// The more urgent of two priorities (P1 beats P2 beats P3 beats Info).
inline Priority more_urgent(Priority a, Priority b) { return static_cast<int>(a) <= static_cast<int>(b) ? a : b; }

/// "P1", "P2", "P3" or "info".
const char* to_string(Priority priority);

}  // namespace dbopt::engine
