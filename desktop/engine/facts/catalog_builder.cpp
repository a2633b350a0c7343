#include "facts/catalog_builder.hpp"

#include <utility>

#include "facts/statement_facts.hpp"
#include "plan/plan_parse.hpp"

namespace dbopt::engine {

std::vector<sdk::ExplainedPlan> parse_explained_plans(const sdk::Snapshot& snapshot) {
  std::vector<sdk::ExplainedPlan> plans;
  if (!snapshot.explained) return plans;
  for (const sdk::ExplainedStatement& e : *snapshot.explained) {
    sdk::ExplainedPlan p;
    if (e.plan_json) {
      try {
        p.plan = parse_plan(*e.plan_json);
      } catch (const std::exception& err) {
        p.error = std::string("plan does not parse: ") + err.what();
      }
    } else {
      p.error = e.error.value_or("EXPLAIN failed");
    }
    plans.push_back(std::move(p));
  }
  return plans;
}

std::unique_ptr<sdk::Catalog> build_catalog(sdk::Snapshot snapshot) {
  std::vector<sdk::StatementFacts> facts = extract_all_facts(snapshot);
  std::vector<sdk::StatementFacts> explained_facts = extract_explained_facts(snapshot, facts);
  std::vector<sdk::ExplainedPlan> plans = parse_explained_plans(snapshot);
  return std::make_unique<sdk::Catalog>(std::move(snapshot), std::move(facts), std::move(plans),
                                        std::move(explained_facts));
}

}  // namespace dbopt::engine
