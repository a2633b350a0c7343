// hybrid-schema-engineer/deep-nesting — documents nested deeper than 3 levels, which GIN indexes
// and path expressions serve poorly. Seed 003_…, SPK-DB-OPT-01 ("Recursive CTE on
// jsonb_object_keys can calculate max depth; depth > 3 triggers manual review").
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

/// Reports a json/jsonb column of a table with at least `min-rows` rows where at least
/// `nesting-min-fraction` of the sampled documents (at least `min-sample-documents`) are nested
/// deeper than `max-nesting-depth` (depth = objects and arrays on the deepest path; {"a": 1} is
/// 1). Severity medium when a GIN index is on the column or statements apply @>, ?, @? … to it,
/// low otherwise (a review item). No script. README.md, section deep-nesting.
class DeepNestingCheck {
 public:
  static constexpr const char* kId = "hybrid-schema-engineer/deep-nesting";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::hybrid_schema_engineer
