// hybrid-schema-engineer/json-not-jsonb — json columns that should be jsonb. Seed 003_…,
// SPK-DB-OPT-01 and technical reference 6.1 (JSONB storage); PostgreSQL docs, datatype-json.html
// ("jsonb … is significantly faster to process, since no reparsing is needed" and supports
// indexing; json keeps the input text: whitespace, key order, duplicate keys).
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

/// Reports every json column of a table with at least `min-rows` rows, severity medium (the
/// docs: "most applications should prefer to store JSON data as jsonb"). Script
/// ALTER COLUMN … TYPE jsonb USING col::jsonb, rollback back to json — unless the column has a
/// default or is generated (the cast of those expressions is not scripted) or the capture probe
/// failed (a document jsonb rejects, such as \u0000, would fail the ALTER too). README.md,
/// section json-not-jsonb.
class JsonNotJsonbCheck {
 public:
  static constexpr const char* kId = "hybrid-schema-engineer/json-not-jsonb";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::hybrid_schema_engineer
