#include "export/chart_axis.hpp"

#include <algorithm>
#include <cmath>

namespace dbopt::engine {

std::pair<int, int> count_axis_ticks(double max_value) {
  const int max = std::max(1, static_cast<int>(std::ceil(max_value)));
  const int step = (max + 4) / 5;  // at most 5 intervals
  const int top = (max + step - 1) / step * step;
  return {top, top / step + 1};
}

}  // namespace dbopt::engine
