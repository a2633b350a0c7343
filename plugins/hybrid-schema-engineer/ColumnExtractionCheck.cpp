#include "ColumnExtractionCheck.hpp"

#include <algorithm>
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

namespace {

constexpr std::size_t kMaxIdentifierBytes = 63;  // NAMEDATALEN - 1
constexpr std::size_t kStatementsShown = 5;
constexpr std::size_t kQueryTextShown = 300;

std::string sanitize(const std::string& s) {
  std::string out;
  for (char ch : s) {
    char c = ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (ok) out.push_back(c);
    else if (!out.empty() && out.back() != '_') out.push_back('_');
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

bool taken_by(const std::vector<std::string>& taken, const std::string& name) {
  return std::find(taken.begin(), taken.end(), name) != taken.end();
}

/// An index key definition reduced for comparison: no blanks, parentheses or ::text casts.
std::string normalized_expression(std::string s) {
  for (const char* cast : {"::text[]", "::text"}) {
    for (std::size_t pos = s.find(cast); pos != std::string::npos; pos = s.find(cast)) s.erase(pos, std::string(cast).size());
  }
  s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == ' ' || c == '(' || c == ')' || c == '\n'; }),
          s.end());
  return s;
}

std::string truncate_query(const std::string& q) {
  return q.size() <= kQueryTextShown ? q : sql::truncate_utf8(q, kQueryTextShown) + " …";
}

}  // namespace

std::string fresh_identifier(const std::string& wanted, const std::string& prefix, const std::vector<std::string>& taken) {
  std::string base = sanitize(wanted);
  std::string pre = sanitize(prefix);
  if (pre.empty() || (pre[0] >= '0' && pre[0] <= '9')) pre = "json_" + pre;
  while (!pre.empty() && pre.back() == '_') pre.pop_back();
  if (base.empty() || (base[0] >= '0' && base[0] <= '9') || taken_by(taken, base.substr(0, kMaxIdentifierBytes)))
    base = pre + (base.empty() ? "" : "_" + base);
  base = base.substr(0, kMaxIdentifierBytes);
  if (!taken_by(taken, base)) return base;
  for (int n = 2;; ++n) {
    const std::string suffix = "_" + std::to_string(n);
    const std::string candidate = base.substr(0, kMaxIdentifierBytes - suffix.size()) + suffix;
    if (!taken_by(taken, candidate)) return candidate;
  }
}

sdk::CheckInfo ColumnExtractionCheck::info() {
  return {kId, "JSON key read by most statements: promote it to a column", "DB-OPT-02"};
}

std::vector<sdk::OptionSpec> ColumnExtractionCheck::options() {
  return {
      {"extraction-min-share", sdk::OptionType::Double, "0.80",
       "column-extraction: share of the calls of the statements filtering on a JSON column that read the key, "
       "0..1 (strictly above); seed 003_…, DB-OPT-02 (\"keys queried in > 80 % of operations\")",
       0.0, 1.0},
      {"extraction-min-calls", sdk::OptionType::Integer, "100",
       "column-extraction: fewest calls (pg_stat_statements.calls) of the statements filtering on the column; "
       "dbopt choice: below it a share says little and a table rewrite is not worth it",
       0.0, std::nullopt},
  };
}

void ColumnExtractionCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  const double min_share = options.number("extraction-min-share");
  const std::int64_t min_calls = options.integer("extraction-min-calls");
  const double min_rows = options.number("min-rows");
  if (!catalog.has_statements()) {
    sink.log("column-extraction: skipped: pg_stat_statements was not captured");
    return;
  }
  const double workload_ms = catalog.total_exec_time();

  for (const JsonColumn& jc : json_columns(catalog)) {
    const sdk::Table& table = *jc.table;
    const sdk::Column& column = *jc.column;
    const std::string label = column_label(table, column);
    const double reltuples = reltuples_or_zero(table);
    if (reltuples < min_rows) continue;
    const ColumnUsage usage = column_usage(catalog, table, column);
    if (usage.calls < min_calls || usage.calls <= 0) continue;
    const PathUse* best = nullptr;
    for (const PathUse& p : usage.paths) {
      const bool extractable = p.accessors.count("->") || p.accessors.count("->>") || p.accessors.count("#>") ||
                               p.accessors.count("#>>");
      if (extractable) {
        best = &p;
        break;
      }
    }
    if (usage.unnamed_key_calls > 0)
      sink.log("column-extraction: " + label + ": " + sql::format_count(usage.unnamed_key_statements) +
               (usage.unnamed_key_statements == 1 ? " statement (" : " statements (") +
               sql::format_count(usage.unnamed_key_calls) +
               " calls) read a key that pg_stat_statements shows as a parameter ($n) and no single EXPLAINed instance "
               "names (none was given, or instances of one entry read different keys); they count as reading no key. "
               "To name it, give capture --explain one instance of each statement, constants as the application "
               "sends them");
    if (!best) continue;
    const double share = static_cast<double>(best->calls) / static_cast<double>(usage.calls);
    if (!(share > min_share)) {
      sink.log("column-extraction: " + label + ": key " + path_label(best->path) + " is read by " + format_percent(share) +
               " of the calls filtering on the column, not above extraction-min-share (" + format_percent(min_share) +
               ")");
      continue;
    }
    const bool text = best->accessors.count("->>") || best->accessors.count("#>>");
    const std::string qcol = sql::quote_ident(column.attname);
    const std::string expression = path_expression(qcol, best->path, text);

    bool covered = false;
    for (const sdk::Index* index : catalog.indexes_of(table.oid)) {
      if (!index->indisvalid || index->predicate || index->keys.empty()) continue;
      if (normalized_expression(index->keys.front().definition) == normalized_expression(expression)) {
        sink.log("column-extraction: " + label + ": key " + path_label(best->path) + " is already served by index " +
                 sql::qualified_name(index->schemaname, index->relname) + " on " + expression + ": not reported");
        covered = true;
      }
    }
    if (covered) continue;

    std::vector<std::string> column_names;
    for (const sdk::Column* c : catalog.columns_of(table.oid)) column_names.push_back(c->attname);
    const std::string new_column = fresh_identifier(path_label(best->path), column.attname, column_names);
    std::vector<std::string> relation_names;
    for (const sdk::Table& t : catalog.tables())
      if (t.schemaname == table.schemaname) relation_names.push_back(t.relname);
    for (const sdk::Index& i : catalog.indexes())
      if (i.schemaname == table.schemaname) relation_names.push_back(i.relname);
    const std::string index_name = fresh_identifier(table.relname + "_" + new_column + "_idx", "idx", relation_names);

    const std::string tname = sql::qualified_name(table.schemaname, table.relname);
    const std::string qnew = sql::quote_ident(new_column);
    const std::string qindex = sql::quote_ident(index_name);
    const std::string type = text ? "text" : (jc.jsonb ? "jsonb" : "json");

    sdk::Script script;
    script.category = sdk::ScriptCategory::Schema;
    script.apply = "ALTER TABLE " + tname + " ADD COLUMN " + qnew + " " + type + " GENERATED ALWAYS AS (" + expression +
                   ") STORED;\nCREATE INDEX CONCURRENTLY " + qindex + " ON " + tname + " (" + qnew + ");\nANALYZE " +
                   tname + " (" + qnew + ");\n";
    script.rollback = "DROP INDEX CONCURRENTLY IF EXISTS " + sql::qualified_name(table.schemaname, index_name) +
                      ";\nALTER TABLE " + tname + " DROP COLUMN IF EXISTS " + qnew + ";\n";

    const double time_share = workload_ms > 0 ? best->total_exec_time / workload_ms : 0.0;
    const std::int64_t bytes_rewritten = table.heap_bytes + table.toast_bytes;

    sdk::Finding f;
    f.check_id = kId;
    f.story = "DB-OPT-02";
    f.title = "Promote JSON key " + path_label(best->path) + " of " + label + " to a column: read by " +
              format_percent(share) + " of the calls filtering on it";
    std::string d;
    d += md::escape(sql::format_count(usage.statements)) + " statements filter on " + md::escape(label) + " (" +
         md::escape(sql::format_count(usage.calls)) + " calls, pg\\_stat\\_statements); those reading key " +
         md::escape(path_label(best->path)) + " (" + md::escape(expression) + ") account for " +
         md::escape(sql::format_count(best->calls)) + " calls, " + md::escape(format_percent(share)) +
         " — above the " + md::escape(format_percent(min_share)) + " of DB-OPT-02 — and " +
         md::escape(sql::format_ms(best->total_exec_time)) + " of execution time (" + md::escape(format_percent(time_share)) +
         " of all statements). Comparisons applied: ";
    {
      std::string ops;
      for (const std::string& op : best->comparisons) ops += (ops.empty() ? "" : ", ") + op;
      d += md::escape(ops.empty() ? "key existence only" : ops) + ".\n\n";
    }
    d += "The planner has no statistics on a value inside a document and no ordinary index can serve it: each call "
         "evaluates the expression on the rows it reads (the table has " +
         md::escape(sql::format_count(std::llround(reltuples))) + " rows in " + md::escape(sql::format_count(table.relpages)) +
         " pages). A stored generated column holds the value once per row, gets its own pg\\_stats row after ANALYZE "
         "and a btree index.\n\n";
    d += "**Query rewrite:** in these statements replace " + md::escape(expression) + " by " + md::escape(qnew) +
         (text ? "" : " (the column keeps the " + type + " value, so -> comparisons stay the same)") +
         " — same value, since the column is generated from exactly that expression:\n\n";
    std::size_t shown = 0;
    for (std::int64_t qid : best->queryids) {
      if (shown >= kStatementsShown) break;
      for (const sdk::Statement& s : catalog.statements()) {
        if (s.queryid != qid) continue;
        d += "- queryid " + std::to_string(qid) + ", " + sql::format_count(s.calls) + " calls, mean " +
             md::escape(sql::format_ms(s.mean_exec_time)) + ":\n\n" + md::code_block(truncate_query(s.query)) + "\n\n";
        const sdk::StatementFacts* facts = catalog.facts_for(qid);
        if (best->keys_from_instance.count(qid) && facts && facts->explained_index &&
            *facts->explained_index < catalog.explained().size())
          d += "  pg\\_stat\\_statements shows the key as a parameter; it is named by the instance of this statement "
               "EXPLAINed at capture (same fingerprint):\n\n" +
               md::code_block(truncate_query(catalog.explained()[*facts->explained_index].query)) + "\n\n";
        ++shown;
        break;
      }
    }
    if (!best->keys_from_instance.empty())
      d += "pg\\_stat\\_statements keeps one entry for statements that differ only in their constants, and a JSON key "
           "is a constant: the calls above are those of every statement of that shape, and the key is the one the "
           "EXPLAINed instance reads. When the application sends the same statement with other keys too, give an "
           "instance of each to `dbopt capture --explain`: instances that disagree leave the entry unattributed.\n\n";
    if (best->path.size() == 1) {
      const ProfileLookup lookup = find_profile(catalog, column);
      if (lookup.profile) {
        for (const KeyStat& k : lookup.profile->keys) {
          if (k.key != best->path.front() || k.level != 1) continue;
          const std::int64_t non_null = k.n_string + k.n_number + k.n_boolean + k.n_container;
          if (text && non_null > 0 && k.n_integer == non_null)
            d += "In the sampled documents every value of this key is an integer (" + md::escape(sql::format_count(non_null)) +
                 " values): a bigint column GENERATED ALWAYS AS ((" + md::escape(expression) +
                 ")::bigint) STORED would be smaller and compare numerically, but it changes the queries' "
                 "comparisons and the ALTER fails if any row outside the sample holds something else. The script keeps "
                 "text, which is always exact.\n\n";
        }
      }
    }
    d += "**Cost of the change:** ADD COLUMN … GENERATED ALWAYS … STORED rewrites the whole table (" +
         md::escape(sql::format_bytes(bytes_rewritten)) + " of heap and TOAST) under an ACCESS EXCLUSIVE lock: reads "
         "and writes wait until it ends, and it needs that much free disk. On a large or busy table use the "
         "no-rewrite path instead: ADD COLUMN " + md::escape(qnew) + " " + type +
         " (plain, instant), keep it in step with a trigger, backfill it in batches (UPDATE … SET " + md::escape(qnew) +
         " = " + md::escape(expression) + " WHERE the primary key is in a range, with a pause between batches), then "
         "create the index. CREATE INDEX CONCURRENTLY does not block writes; the new column and index add work to "
         "every insert and update.\n";
    f.detail = d;
    f.object = {"column", table.schemaname, table.relname, column.attname, std::nullopt};
    f.evidence = {
        text_metric("json_path", path_label(best->path)),
        text_metric("expression", expression),
        metric("statements_on_column", static_cast<double>(usage.statements), "count"),
        metric("calls_on_column", static_cast<double>(usage.calls), "count"),
        metric("calls_reading_key", static_cast<double>(best->calls), "count"),
        metric("key_share", share, "ratio"),
        metric("total_exec_time", best->total_exec_time, "ms"),
        metric("reltuples", reltuples, "rows"),
        metric("relpages", static_cast<double>(table.relpages), "pages"),
        metric("bytes_rewritten", static_cast<double>(bytes_rewritten), "bytes"),
    };
    f.impact.affected_queryids = best->queryids;
    if (workload_ms > 0) f.impact.time_share = time_share;
    f.impact.write_overhead = "+1 stored column and +1 index maintained on every insert and update of the table";
    f.impact.summary = "Column " + new_column + " with a btree index serves " + sql::format_count(best->calls) +
                       " calls (" + format_percent(share) + " of those filtering on " + column.attname + ", " +
                       sql::format_ms(best->total_exec_time) + ")";
    f.severity = sdk::Severity::Medium;
    f.confidence = sdk::Confidence::Modeled;
    f.risk = {sdk::RiskLevel::Medium,
              "ADD COLUMN … STORED rewrites the table (" + sql::format_bytes(bytes_rewritten) +
                  ") under ACCESS EXCLUSIVE; the queries must be changed to use the new column"};
    f.script = script;
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::hybrid_schema_engineer
