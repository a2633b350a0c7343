#include "NoPrimaryKeyCheck.hpp"

#include <algorithm>

#include "Evidence.hpp"
#include "TableFacts.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::table_stats {

namespace sql = sdk::sql;

namespace {
bool has_primary_key(const sdk::Catalog& catalog, const sdk::Table& t) {
  const auto& cons = catalog.constraints_of(t.oid);
  if (std::any_of(cons.begin(), cons.end(), [](const sdk::Constraint* c) { return c->contype == 'p'; })) return true;
  const auto& idx = catalog.indexes_of(t.oid);
  return std::any_of(idx.begin(), idx.end(), [](const sdk::Index* i) { return i->indisprimary; });
}

/// A valid, immediate, non-partial unique btree index whose keys are all NOT NULL columns.
const sdk::Index* key_candidate(const sdk::Catalog& catalog, const sdk::Table& t) {
  for (const sdk::Index* i : catalog.indexes_of(t.oid)) {
    if (!i->indisunique || !i->indisvalid || !i->indimmediate || i->predicate || i->amname != "btree" ||
        i->keys.empty())
      continue;
    const bool all_not_null = std::all_of(i->keys.begin(), i->keys.end(), [&](const sdk::IndexKey& k) {
      const sdk::Column* c = k.attnum > 0 ? catalog.column(t.oid, k.attnum) : nullptr;
      return c && c->attnotnull;
    });
    if (all_not_null) return i;
  }
  return nullptr;
}
}  // namespace

sdk::CheckInfo NoPrimaryKeyCheck::info() { return {kId, "Table without a primary key", ""}; }

std::vector<sdk::OptionSpec> NoPrimaryKeyCheck::options() {
  return {
      {"no-pk-min-rows", sdk::OptionType::Integer, "1",
       "no-primary-key: smallest table reported, rows (reltuples, else n_live_tup); source: issue #3 (\"tables with "
       "rows and no primary key\")",
       0.0, std::nullopt},
  };
}

void NoPrimaryKeyCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  const auto min_rows = static_cast<double>(std::max<std::int64_t>(1, options.integer("no-pk-min-rows")));
  for (const sdk::Table& t : catalog.tables()) {
    if (t.relkind != 'r' && t.relkind != 'p') continue;
    if (t.relispartition) continue;  // reported through its partitioned parent
    double rows = table_rows(t);
    if (t.relkind == 'p') {
      rows = 0;
      for (const sdk::Table& part : catalog.tables())
        if (part.parent_oid && *part.parent_oid == t.oid) rows += table_rows(part);
    }
    if (rows < min_rows || has_primary_key(catalog, t)) continue;
    const sdk::Index* candidate = key_candidate(catalog, t);
    const std::string name = sql::qualified_name(t.schemaname, t.relname);

    sdk::Finding f;
    f.check_id = kId;
    f.object = table_ref(t);
    f.title = "Table " + name + " (" + sql::format_count(static_cast<std::int64_t>(rows)) + " rows) has no primary key";
    std::string d = "Table " + sdk::md::escape(name) + " holds about " +
                    sdk::md::escape(sql::format_count(static_cast<std::int64_t>(rows))) +
                    " rows and has no primary key (pg\\_constraint contype 'p'). Consequences:\n\n"
                    "- Logical replication: the default replica identity is the primary key; without one, a table in "
                    "a publication that publishes UPDATE or DELETE rejects those statements, unless REPLICA IDENTITY "
                    "is set to a unique index or FULL (then the subscriber finds each row by a full comparison, "
                    "usually a sequential scan per change).\n"
                    "- Duplicate rows cannot be told apart, so one of them cannot be updated or deleted alone.\n"
                    "- Tools that need a key (pg\\_repack, many ORMs, change-data-capture) cannot process it.\n\n";
    if (candidate) {
      d += "Unique index " + sdk::md::escape(sql::qualified_name(candidate->schemaname, candidate->relname)) +
           " is valid, not partial and on NOT NULL columns: it can become the primary key without a table scan "
           "(brief ACCESS EXCLUSIVE; the index is renamed to the constraint's name):\n\n" +
           sdk::md::code_block("ALTER TABLE " + name + " ADD CONSTRAINT " + sql::quote_ident(t.relname + "_pkey") +
                               " PRIMARY KEY USING INDEX " + sql::quote_ident(candidate->relname) + ";");
    } else {
      d += "Outline: choose the natural key if one exists (check uniqueness first), or add a surrogate key — " +
           code_span("ALTER TABLE " + name + " ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;") +
           " rewrites the table under ACCESS "
           "EXCLUSIVE; on a large table add the column without identity, backfill in batches, build a unique "
           "index CONCURRENTLY and attach it with `ADD CONSTRAINT … PRIMARY KEY USING INDEX`.";
      if (t.relkind == 'p') d += " On a partitioned table the key must include the partition key columns.";
    }
    f.detail = d;
    f.evidence = {metric("rows", rows, "rows"), metric("total_bytes", static_cast<double>(t.total_bytes), "bytes")};
    if (candidate) f.evidence.push_back(text_metric("unique_index_candidate", candidate->indexdef));
    f.impact.summary = candidate ? "Promoting the existing unique index gives the table a key at no storage cost"
                                 : "A primary key makes rows addressable and the table replicable";
    f.severity = candidate ? sdk::Severity::Low : sdk::Severity::Medium;
    f.confidence = sdk::Confidence::Modeled;
    f.risk = {sdk::RiskLevel::Medium,
              "adding a primary key takes ACCESS EXCLUSIVE; adding a new key column rewrites the table"};
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::table_stats
