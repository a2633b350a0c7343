// hybrid-schema-engineer/key-abbreviation — JSONB documents that repeat long key strings in every
// row. Seed 003_…, DB-OPT-01 ("Migration flagged if avg key length > 3", "Alert triggers when key
// repetition exceeds 1M instances", "Compression ratio improves > 20 %"); technical reference 6.1.
#pragma once

#include <string>
#include <vector>

#include "JsonProfile.hpp"
#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

/// A proposed short code for a long key (the same rule as the probe's measurement).
struct KeyCode {
  std::string key;
  std::string code;
};

/// The mapping the probe measured, rebuilt from the key rows: keys longer than 3 characters by
/// occurrences (descending, then key), each given to_hex(i) for i = 0, 1, … skipping codes that
/// are keys of the sample. Exact when the probe returned every key (keys.size() == distinct_keys).
std::vector<KeyCode> abbreviation_mapping(const JsonProfile& profile);

/// Reports a json/jsonb column whose sampled keys average more than `max-avg-key-length`
/// characters (per occurrence) AND whose measured abbreviated size is at least
/// `min-abbreviation-gain` smaller than the uncompressed documents, on tables of at least
/// `min-rows` rows with at least `min-sample-documents` sampled documents. Severity high when a
/// key is estimated to repeat more than `key-repeat-alert` times across the table
/// (occurrences / sampled rows × reltuples), medium otherwise. No script: renaming keys is an
/// application and data migration (outline in the detail). README.md, section key-abbreviation.
class KeyAbbreviationCheck {
 public:
  static constexpr const char* kId = "hybrid-schema-engineer/key-abbreviation";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::hybrid_schema_engineer
