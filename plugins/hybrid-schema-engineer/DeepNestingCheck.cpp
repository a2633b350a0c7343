#include "DeepNestingCheck.hpp"

#include <cmath>

#include "Evidence.hpp"
#include "Format.hpp"
#include "JsonColumns.hpp"
#include "JsonProfile.hpp"
#include "JsonUsage.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

namespace sql = sdk::sql;
namespace md = sdk::md;

sdk::CheckInfo DeepNestingCheck::info() { return {kId, "Deeply nested JSON documents", "SPK-DB-OPT-01"}; }

std::vector<sdk::OptionSpec> DeepNestingCheck::options() {
  return {
      {"max-nesting-depth", sdk::OptionType::Integer, "3",
       "deep-nesting: deepest nesting (objects and arrays on the deepest path) not reported; seed 003_…, "
       "SPK-DB-OPT-01 (\"depth > 3 triggers manual review\")",
       1.0, std::nullopt},
      {"nesting-min-fraction", sdk::OptionType::Double, "0.01",
       "deep-nesting: smallest share of sampled documents deeper than max-nesting-depth, 0..1; dbopt choice: "
       "one odd document in a hundred is not a schema pattern",
       0.0, 1.0},
  };
}

void DeepNestingCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  const auto max_depth = static_cast<int>(options.integer("max-nesting-depth"));
  const double min_fraction = options.number("nesting-min-fraction");
  const double min_rows = options.number("min-rows");
  const std::int64_t min_docs = options.integer("min-sample-documents");

  for (const JsonColumn& jc : json_columns(catalog)) {
    const sdk::Table& table = *jc.table;
    const sdk::Column& column = *jc.column;
    const ProfileLookup lookup = find_profile(catalog, column);
    if (!lookup.profile) continue;  // logged once by the plugin
    const JsonProfile& p = *lookup.profile;
    const double reltuples = reltuples_or_zero(table);
    if (reltuples < min_rows || p.documents < min_docs) continue;
    const std::int64_t deep = p.documents_deeper_than(max_depth);
    const double fraction = static_cast<double>(deep) / static_cast<double>(p.documents);
    if (deep == 0 || fraction < min_fraction) continue;

    const std::string label = column_label(table, column);
    std::vector<const sdk::Index*> gin;
    for (const sdk::Index* index : catalog.indexes_of(table.oid))
      if (index->amname == "gin" && !index->keys.empty() && index->keys.front().attnum == column.attnum) gin.push_back(index);
    const ColumnUsage usage = column_usage(catalog, table, column);
    std::int64_t deep_path_calls = 0;
    for (const PathUse& u : usage.paths)
      if (static_cast<int>(u.path.size()) >= max_depth) deep_path_calls += u.calls;
    const bool indexed_use = !gin.empty() || usage.operator_calls > 0;

    sdk::Finding f;
    f.check_id = kId;
    f.story = "SPK-DB-OPT-01";
    f.title = "Deeply nested JSON in " + label + ": " + format_percent(fraction) + " of sampled documents deeper than " +
              std::to_string(max_depth) + " levels (max " + std::to_string(p.max_depth()) + ")";
    std::string d;
    d += "In a sample of " + md::escape(sql::format_count(p.documents)) + " documents of " + md::escape(label) + ", " +
         md::escape(sql::format_count(deep)) + " (" + md::escape(format_percent(fraction)) +
         ") are nested deeper than " + std::to_string(max_depth) + " levels (objects and arrays on the deepest path; "
         "the deepest has " + std::to_string(p.max_depth()) + "). SPK-DB-OPT-01 (seed 003\\_…) flags these for review: "
         "they defeat GIN indexing.\n\n";
    d += "Depth of the sampled documents:\n\n| depth | documents |\n|---|---|\n";
    for (const auto& [depth, docs] : p.depth_documents)
      d += "| " + std::to_string(depth) + " | " + sql::format_count(docs) + " |\n";
    d += "\nWhy it matters: a GIN index on the column (jsonb\\_ops or jsonb\\_path\\_ops) serves only operators "
         "applied to the whole document (@>, ?, ?\\|, ?&, @?, @@). A filter written as a chain of -> / ->> "
         "down to a deep value cannot use it, and an expression index must name each path. Containment queries must "
         "spell the whole nesting, jsonb\\_ops stores an entry for every key and value at every level (" +
         md::escape(sql::format_count(p.max_keys)) + " keys in the largest sampled document), and every insert "
         "touches that many posting lists. Flatten the values that are queried (or promote them to columns: see "
         "column-extraction) and keep deep structure for data that is only read back whole.\n\n";
    if (!gin.empty()) {
      d += "GIN indexes on the column:";
      for (const sdk::Index* i : gin) d += " " + md::escape(sql::qualified_name(i->schemaname, i->relname));
      d += ".\n\n";
    }
    if (usage.operator_calls > 0)
      d += md::escape(sql::format_count(usage.operator_calls)) +
           " calls apply containment or existence operators to the whole column.\n\n";
    if (deep_path_calls > 0)
      d += md::escape(sql::format_count(deep_path_calls)) + " calls read paths of " + std::to_string(max_depth) +
           " keys or more with -> / ->> chains.\n\n";
    f.detail = d;
    f.object = {"column", table.schemaname, table.relname, column.attname, std::nullopt};
    f.evidence = {
        metric("max_depth", p.max_depth(), "count"),
        metric("sampled_documents", static_cast<double>(p.documents), "count"),
        metric("documents_deeper_than_limit", static_cast<double>(deep), "count"),
        metric("deep_fraction", fraction, "ratio"),
        metric("max_keys_per_document", static_cast<double>(p.max_keys), "count"),
        metric("gin_indexes", static_cast<double>(gin.size()), "count"),
        metric("operator_calls", static_cast<double>(usage.operator_calls), "count"),
        metric("reltuples", reltuples, "rows"),
    };
    f.impact.summary = "Review the document shape: " + format_percent(fraction) + " of documents deeper than " +
                       std::to_string(max_depth) + " levels";
    f.severity = indexed_use ? sdk::Severity::Medium : sdk::Severity::Low;
    f.confidence = sdk::Confidence::Measured;
    f.risk = {sdk::RiskLevel::Medium, "Reshaping documents is an application and data migration"};
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::hybrid_schema_engineer
