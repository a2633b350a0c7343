// The value axis of the PDF's count charts (export/pdf_charts.hpp), without Qt so it can be tested
// on its own.
#pragma once

#include <utility>

namespace dbopt::engine {

/// The value axis of a count chart: (top, tick count) with top ≥ max_value (at least 1) a whole
/// number of equal integer steps and at most 6 ticks, so that every "%d" tick label is an exact
/// count (0..7 in 5 steps would print 1.4 as "1"). Example: 7 → (8, 5): ticks 0, 2, 4, 6, 8.
std::pair<int, int> count_axis_ticks(double max_value);

}  // namespace dbopt::engine
