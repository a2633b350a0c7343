// plan-decoder — the report section of one decoded plan: the plan tree as indented text with,
// per node, exclusive time and its share, rows estimated → actual, loops and shared buffers,
// problem nodes marked "!!" with the checks that flagged them.
#pragma once

#include "Check.hpp"
#include "dbopt/sdk/finding.hpp"

namespace dbopt::plugins::plan_decoder {

/// The exhibit for `view` (id view.exhibit_id) with the marks the checks left in `findings`.
sdk::Exhibit make_plan_exhibit(const PlanView& view, const PlanFindings& findings);

/// The exhibit for a statement whose EXPLAIN failed or whose plan did not parse.
sdk::Exhibit make_failed_plan_exhibit(std::size_t index, const sdk::ExplainedStatement* statement,
                                      const std::string& error);

}  // namespace dbopt::plugins::plan_decoder
