// plan-decoder — the evidence of a finding: sdk::metric / sdk::text_metric (finding.hpp).
#pragma once

#include "dbopt/sdk/finding.hpp"

namespace dbopt::plugins::plan_decoder {

using sdk::metric;
using sdk::text_metric;

}  // namespace dbopt::plugins::plan_decoder
