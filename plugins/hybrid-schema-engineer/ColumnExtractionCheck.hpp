// hybrid-schema-engineer/column-extraction — a JSON key read by most statements that filter on
// the column: promote it to a relational column with its own index. Seed 003_…, DB-OPT-02 ("keys
// queried in > 80 % of operations", "promotion DDL generated automatically", "query latency drops
// > 50 % post-promotion"); script 5.1 optimize_hybrid_schema.py step 3–4.
#pragma once

#include <string>
#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

/// A new identifier derived from `wanted` ([a-z0-9_] only, at most 63 bytes, PostgreSQL's
/// NAMEDATALEN − 1) that is not in `taken`; `prefix` + "_" is put in front when the sanitized
/// name is empty, starts with a digit or is taken, then "_2", "_3", … are appended.
std::string fresh_identifier(const std::string& wanted, const std::string& prefix, const std::vector<std::string>& taken);

/// Reports, for a json/jsonb column of a table with at least `min-rows` rows, the key path that
/// more than `extraction-min-share` of the calls of the statements filtering on the column read
/// (->, ->>, #>, #>>; `?` counts for its key), when those statements have at least
/// `extraction-min-calls` calls and no expression index already covers the path. Script: ADD
/// COLUMN … GENERATED ALWAYS AS (<path expression>) STORED, CREATE INDEX CONCURRENTLY on it,
/// ANALYZE; rollback drops both. README.md, section column-extraction.
class ColumnExtractionCheck {
 public:
  static constexpr const char* kId = "hybrid-schema-engineer/column-extraction";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::hybrid_schema_engineer
