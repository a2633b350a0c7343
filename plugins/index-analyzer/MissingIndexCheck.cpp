#include "MissingIndexCheck.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "BtreeSizeModel.hpp"
#include "Evidence.hpp"
#include "IndexLookupModel.hpp"
#include "IndexScripts.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::index_analyzer {

namespace sql = sdk::sql;

namespace {

/// Statements listed in a finding's detail (the rest are in affected_queryids).
constexpr std::size_t kStatementsShown = 5;
/// Query text shown per statement, bytes (cut on a UTF-8 boundary).
constexpr std::size_t kQueryTextShown = 400;
/// Leaf tuple width assumed for a JSON expression key without statistics, bytes (header 8 +
/// a short text value padded to 16): only used for the leaf-page term of the speedup model.
constexpr double kAssumedExpressionTupleBytes = 24;

enum class PredKind { Equality, InList, Range };

/// A key the check may propose: a plain column (attnum > 0) or `column ->> 'json_key'`.
struct ProposedKey {
  int attnum = 0;
  std::string column;
  std::optional<std::string> json_key;
  auto operator<=>(const ProposedKey&) const = default;
};

struct KeyChoice {
  PredKind kind = PredKind::Equality;
  double selectivity = 1;
  bool lower = false, upper = false;  // range bounds seen (>, >= / <, <=)
  bool from_default = false;          // selectivity is a planner default, not from pg_stats
};

/// Statements that would use one proposed index.
struct Group {
  std::vector<ProposedKey> keys;
  std::size_t filter_keys = 0;        // leading keys that come from predicates; the rest is ORDER BY
  double selectivity = 0;             // the least selective of its statements (conservative)
  bool heuristic = false;
  std::vector<std::size_t> statements;  // positions in catalog.statements()
};

std::string normalize_expression(std::string_view text) {
  std::string out;
  for (char ch : text)
    if (ch != ' ' && ch != '(' && ch != ')' && ch != '\n' && ch != '\t') out.push_back(ch);
  for (std::size_t pos; (pos = out.find("::text")) != std::string::npos;) out.erase(pos, 6);
  return out;
}

std::string key_sql(const ProposedKey& k) {
  if (!k.json_key) return sql::quote_ident(k.column);
  // An expression key is parenthesised inside the column list: ON t ((data ->> 'k')).
  return "(" + sql::quote_ident(k.column) + " ->> " + sql::quote_literal(*k.json_key) + ")";
}

std::string key_label(const ProposedKey& k) {
  if (!k.json_key) return sql::quote_ident(k.column);
  return sql::quote_ident(k.column) + " ->> " + sql::quote_literal(*k.json_key);
}

/// True when a valid index on the table starts with this column or expression: the planner can
/// already use it for the predicate (any access method, partial indexes included — conservative).
bool leads_an_index(const sdk::Catalog& catalog, const sdk::Table& table, const ProposedKey& k) {
  for (const sdk::Index* i : catalog.indexes_of(table.oid)) {
    if (!i->indisvalid || !i->indisready || i->keys.empty()) continue;
    const sdk::IndexKey& first = i->keys.front();
    if (!k.json_key && first.attnum == k.attnum) return true;
    if (k.json_key && first.attnum == 0 &&
        normalize_expression(first.definition) == normalize_expression(key_label(k)))
      return true;
  }
  return false;
}

std::optional<PredKind> kind_of(const std::string& op) {
  if (op == "=") return PredKind::Equality;
  if (op == "IN" || op == "= ANY") return PredKind::InList;
  if (op == "<" || op == "<=" || op == ">" || op == ">=" || op == "BETWEEN") return PredKind::Range;
  return std::nullopt;
}

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

bool is_prefix(const std::vector<ProposedKey>& a, const std::vector<ProposedKey>& b) {
  return a.size() < b.size() && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace

sdk::CheckInfo MissingIndexCheck::info() { return {kId, "Missing index for repeated full scans", ""}; }

std::vector<sdk::OptionSpec> MissingIndexCheck::options() {
  return {
      {"missing-min-rows", sdk::OptionType::Double, "10000",
       "missing-index: smallest table considered, rows (pg_class.reltuples); dbopt choice: ~10,000 narrow rows "
       "are ~1 MB, below which a cached sequential scan costs well under a millisecond",
       0.0, std::nullopt},
      {"missing-min-seq-scans", sdk::OptionType::Integer, "50",
       "missing-index: fewest sequential scans since statistics reset (pg_stat_user_tables.seq_scan); dbopt "
       "choice: a repeated pattern, not a one-off maintenance query (seed 000_…: seq_scans per table)",
       0.0, std::nullopt},
      {"missing-full-scan-fraction", sdk::OptionType::Double, "0.5",
       "missing-index: average rows per sequential scan (seq_tup_read / seq_scan) as a fraction of reltuples "
       "above which the scans are whole-table scans, 0..1; seed 002_…: avg_seq_read = seq_tup_read / seq_scan",
       0.0, 1.0},
      {"missing-max-selectivity", sdk::OptionType::Double, "0.01",
       "missing-index: a predicate is selective when it returns at most this fraction of the rows, 0..1; dbopt "
       "choice: 1 % — above a few percent the planner prefers a sequential or bitmap scan anyway",
       0.0, 1.0},
      {"missing-min-speedup", sdk::OptionType::Double, "2",
       "missing-index: smallest modeled speedup reported, ×; seed 001_…: P3 starts at 2x (below, an index costs "
       "writes for little)",
       1.0, std::nullopt},
  };
}

void MissingIndexCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  if (!catalog.has_statements()) {
    sink.log("missing-index: skipped: pg_stat_statements was not captured, so no statement shows which columns "
             "are filtered");
    return;
  }
  if (catalog.facts().empty()) {
    if (!catalog.statements().empty()) sink.log("missing-index: skipped: no statement facts were built");
    return;
  }
  const double min_rows = options.number("missing-min-rows");
  const std::int64_t min_seq_scans = options.integer("missing-min-seq-scans");
  const double full_fraction = options.number("missing-full-scan-fraction");
  const double max_sel = options.number("missing-max-selectivity");
  const double min_speedup = options.number("missing-min-speedup");
  const PageCosts costs = page_costs(catalog);
  const std::size_t n_statements = std::min(catalog.facts().size(), catalog.statements().size());
  std::vector<std::string> proposed_names;

  for (const sdk::Table& table : catalog.tables()) {
    if (table.relkind == 'p' || table.relpersistence == 't' || !table.stat || !table.reltuples) continue;
    const double reltuples = *table.reltuples;
    const sdk::TableActivity& st = *table.stat;
    if (reltuples < min_rows || st.seq_scan < min_seq_scans || st.seq_scan <= 0) continue;
    const double avg_seq_read = static_cast<double>(st.seq_tup_read) / static_cast<double>(st.seq_scan);
    if (avg_seq_read < full_fraction * reltuples) continue;

    std::map<std::vector<ProposedKey>, Group> groups;
    std::set<std::string> no_stats;
    for (std::size_t s = 0; s < n_statements; ++s) {
      const sdk::StatementFacts& sf = catalog.facts()[s];
      if (!sf.parsed) continue;
      for (const sdk::TableReference& ref : sf.tables) {
        if (!ref.table_oid || *ref.table_oid != table.oid) continue;
        std::map<ProposedKey, KeyChoice> choices;
        bool served = false;
        for (const sdk::PredicateColumn& p : ref.predicates) {
          // A predicate under an OR does not restrict the rows by itself: a btree on it alone (or
          // combined with the other arm's column) does not serve the statement.
          if (!p.compared_to_constant || p.in_disjunction) continue;
          auto kind = kind_of(p.op);
          if (!kind) continue;  // LIKE, ILIKE, regex, IS NULL, JSON containment …: not proposed
          const sdk::Column* col = catalog.column(table.oid, p.column);
          if (!col) continue;
          ProposedKey key{col->attnum, col->attname, std::nullopt};
          if (p.json_operator) {
            if (*p.json_operator != "->>" || p.json_path.size() != 1 || *kind != PredKind::Equality) continue;
            key = ProposedKey{0, col->attname, p.json_path.front()};
          }
          if (leads_an_index(catalog, table, key)) {
            served = true;
            break;
          }
          KeyChoice c;
          c.kind = *kind;
          if (*kind == PredKind::Range) {
            c.from_default = true;
            c.lower = p.op == ">" || p.op == ">=" || p.op == "BETWEEN";
            c.upper = p.op == "<" || p.op == "<=" || p.op == "BETWEEN";
          } else if (key.json_key) {
            c.selectivity = kDefaultEqSel;
            c.from_default = true;
          } else if (auto sel = equality_selectivity(*col, reltuples)) {
            c.selectivity = *sel;
          } else {
            no_stats.insert(col->attname);
            continue;
          }
          auto [it, inserted] = choices.emplace(key, c);
          if (!inserted) {
            KeyChoice& prev = it->second;
            if (c.kind == PredKind::Range && prev.kind == PredKind::Range) {
              prev.lower = prev.lower || c.lower;
              prev.upper = prev.upper || c.upper;
            } else if (c.kind != PredKind::Range &&
                       (prev.kind == PredKind::Range || c.selectivity < prev.selectivity)) {
              prev = c;
            }
          }
        }
        if (served || choices.empty()) continue;
        for (auto& [k, c] : choices)
          if (c.kind == PredKind::Range) c.selectivity = c.lower && c.upper ? kDefaultRangeIneqSel : kDefaultIneqSel;

        // btree key order: equalities (most selective first), IN lists, then one range column.
        std::vector<std::pair<ProposedKey, KeyChoice>> ordered(choices.begin(), choices.end());
        auto rank = [](PredKind k) { return k == PredKind::Equality ? 0 : k == PredKind::InList ? 1 : 2; };
        std::stable_sort(ordered.begin(), ordered.end(), [&](const auto& a, const auto& b) {
          if (rank(a.second.kind) != rank(b.second.kind)) return rank(a.second.kind) < rank(b.second.kind);
          return a.second.selectivity < b.second.selectivity;
        });
        std::vector<ProposedKey> keys;
        double selectivity = 1;
        bool heuristic = false;
        for (const auto& [k, c] : ordered) {
          keys.push_back(k);
          selectivity *= c.selectivity;
          heuristic = heuristic || c.from_default;
          if (c.kind == PredKind::Range) break;
        }
        if (selectivity > max_sel) continue;
        // Only equalities: the statement's ORDER BY columns of this table can follow them, so the
        // index returns the matching rows already sorted (no Sort node). Not after an IN list or
        // a range, whose matches do not come out in ORDER BY order.
        const bool all_equality = std::all_of(ordered.begin(), ordered.end(), [](const auto& kc) {
          return kc.second.kind == PredKind::Equality && !kc.first.json_key;
        });
        const std::size_t filter_keys = keys.size();
        if (all_equality) {
          for (const std::string& name : ref.order_by) {
            const sdk::Column* col = catalog.column(table.oid, name);
            if (!col) break;
            ProposedKey k{col->attnum, col->attname, std::nullopt};
            if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
          }
        }
        Group& g = groups[keys];
        g.keys = keys;
        g.filter_keys = std::max(g.filter_keys, filter_keys);
        g.selectivity = std::max(g.selectivity, selectivity);
        g.heuristic = g.heuristic || heuristic;
        if (std::find(g.statements.begin(), g.statements.end(), s) == g.statements.end()) g.statements.push_back(s);
      }
    }
    for (const auto& c : no_stats)
      sink.log("missing-index: column " + c + " of " + sql::qualified_name(table.schemaname, table.relname) +
               " has no pg_stats row: its predicates were not considered");
    if (groups.empty()) continue;

    // An index on (a, b) serves the lookups on (a): merge prefix groups into the longest one.
    std::vector<Group> sorted;
    for (auto& [k, g] : groups) sorted.push_back(std::move(g));
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Group& a, const Group& b) { return a.keys.size() > b.keys.size(); });
    std::vector<Group> merged;
    for (auto& g : sorted) {
      auto host = std::find_if(merged.begin(), merged.end(), [&](const Group& h) { return is_prefix(g.keys, h.keys); });
      if (host == merged.end()) {
        merged.push_back(std::move(g));
        continue;
      }
      host->selectivity = std::max(host->selectivity, g.selectivity);
      host->heuristic = host->heuristic || g.heuristic;
      for (std::size_t s : g.statements)
        if (std::find(host->statements.begin(), host->statements.end(), s) == host->statements.end())
          host->statements.push_back(s);
    }

    const std::string tname = sql::qualified_name(table.schemaname, table.relname);
    for (Group& g : merged) {
      std::sort(g.statements.begin(), g.statements.end(), [&](std::size_t a, std::size_t b) {
        return catalog.statements()[a].total_exec_time > catalog.statements()[b].total_exec_time;
      });
      // Size and leaf density of the new index (BtreeSizeModel); no estimate for expression keys.
      std::vector<int> attnums;
      bool has_expression = false;
      for (const auto& k : g.keys) {
        if (k.json_key) has_expression = true;
        attnums.push_back(k.attnum);
      }
      std::string why_no_size = "an expression key has no statistics until the index exists";
      std::optional<std::int64_t> est_bytes;
      double tuple_bytes = kAssumedExpressionTupleBytes;
      if (!has_expression) {
        if (auto widths = key_widths(catalog, table.oid, attnums, why_no_size)) {
          tuple_bytes = btree_tuple_bytes(*widths);
          est_bytes = static_cast<std::int64_t>(
              btree_expected_pages(reltuples, tuple_bytes, kBtreeDefaultFillfactor, catalog.block_size()) *
              static_cast<double>(catalog.block_size()));
        }
      }
      const double per_page = std::floor((catalog.block_size() - kPageHeader - kBtreeSpecial) *
                                         kBtreeDefaultFillfactor / 100.0 / (tuple_bytes + kLinePointer));
      const sdk::Column* first = g.keys.front().json_key ? nullptr : catalog.column(table.oid, g.keys.front().attnum);
      const double correlation =
          first && first->stats && first->stats->correlation ? *first->stats->correlation : 0.0;
      const double speedup = modeled_speedup(
          {static_cast<double>(table.relpages), reltuples, g.selectivity, correlation, per_page}, costs);

      std::vector<std::string> labels, keys_sql, parts;
      for (const auto& k : g.keys) {
        labels.push_back(key_label(k));
        keys_sql.push_back(key_sql(k));
        parts.push_back(k.json_key ? k.column + "_" + *k.json_key : k.column);
      }
      std::string label_list, filter_list, sort_list;
      for (std::size_t n = 0; n < labels.size(); ++n) {
        label_list += (label_list.empty() ? "" : ", ") + labels[n];
        std::string& part = n < g.filter_keys ? filter_list : sort_list;
        part += (part.empty() ? "" : ", ") + labels[n];
      }
      if (speedup < min_speedup) {
        sink.log("missing-index: index on " + tname + " (" + label_list + ") not proposed: modeled speedup " +
                 sql::format_speedup(speedup) + " is below missing-min-speedup");
        continue;
      }
      const std::string index_name = choose_index_name(catalog, table, parts, proposed_names);
      proposed_names.push_back(index_name);

      std::vector<std::int64_t> queryids;
      double affected_time = 0;
      for (std::size_t s : g.statements) {
        queryids.push_back(catalog.statements()[s].queryid);
        affected_time += catalog.statements()[s].total_exec_time;
      }
      const double total_time = catalog.total_exec_time();
      const double rows_per_lookup = g.selectivity * reltuples;

      sdk::Finding f;
      f.check_id = kId;
      f.title = "Missing index on " + tname + " (" + label_list + ")";
      std::string d;
      d += "Table " + sdk::md::escape(tname) + " (" + sdk::md::escape(sql::format_count(static_cast<std::int64_t>(reltuples))) +
           " rows, " + sdk::md::escape(sql::format_count(table.relpages)) + " pages) was read by " +
           sdk::md::escape(sql::format_count(st.seq_scan)) + " sequential scans averaging " +
           sdk::md::escape(sql::format_count(static_cast<std::int64_t>(avg_seq_read))) +
           " rows each (pg\\_stat\\_user\\_tables seq\\_tup\\_read / seq\\_scan): whole-table scans. " +
           sdk::md::escape(std::to_string(g.statements.size())) + " statement(s) filter it with constant conditions on " +
           sdk::md::escape(filter_list) + (sort_list.empty() ? "" : " and sort by " + sdk::md::escape(sort_list)) +
           ", and no index starts with any of their filtered columns.\n\n";
      d += "Estimated rows per lookup: " + sdk::md::escape(sql::format_count(static_cast<std::int64_t>(std::ceil(rows_per_lookup)))) +
           " (selectivity " + sdk::md::escape(format_number(g.selectivity)) +
           (g.heuristic ? "; includes planner default selectivities because the snapshot has no statistics for a "
                          "key or no histogram for a range — a heuristic"
                        : "; 1 / pg\\_stats.n\\_distinct per equality, multiplied across columns as the planner does") +
           "). Modeled speedup of those lookups: " + sdk::md::escape(sql::format_speedup(speedup)) +
           " (the planner's cost formulas for a sequential scan and an index scan with seq\\_page\\_cost " +
           sdk::md::escape(format_number(costs.seq_page_cost)) + " and random\\_page\\_cost " +
           sdk::md::escape(format_number(costs.random_page_cost)) + ", capped at 1000×; see README). The selectivity is an average over values: a lookup of a frequent value "
           "(pg\\_stats.most\\_common\\_vals, not in the snapshot) reads more rows and gains less. Conditions under an OR "
           "are not used (the statement facts mark them). Check with EXPLAIN (or hypopg) on a real statement before "
           "building.\n\n";
      d += "Key order: equality columns first (most selective first), then IN lists, then one range column — a btree "
           "uses conditions on columns after a range column only as filters. After equalities only, the statement's "
           "ORDER BY columns follow, so the index returns the rows already sorted.\n\n";
      if (est_bytes)
        d += "Estimated index size: " + sdk::md::escape(sql::format_bytes(*est_bytes)) +
             " (reltuples × tuple width from pg\\_stats.avg\\_width at fillfactor 90 — an estimate).\n\n";
      else
        d += "Index size not estimated: " + sdk::md::escape(why_no_size) + ".\n\n";
      d += "Statements (by total time):\n\n";
      for (std::size_t n = 0; n < g.statements.size() && n < kStatementsShown; ++n) {
        const sdk::Statement& stmt = catalog.statements()[g.statements[n]];
        d += "- queryid " + sdk::md::escape(std::to_string(stmt.queryid)) + ": " + sdk::md::escape(sql::format_count(stmt.calls)) +
             " calls, " + sdk::md::escape(sql::format_ms(stmt.total_exec_time)) + " total, " +
             sdk::md::escape(sql::format_ms(stmt.mean_exec_time)) + " mean\n\n" +
             sdk::md::code_block(stmt.query.size() > kQueryTextShown
                               ? truncate_identifier(stmt.query, kQueryTextShown) + " …"
                               : stmt.query) +
             "\n";
      }
      f.detail = d;
      f.object = {"table", table.schemaname, table.relname, std::nullopt, std::nullopt};
      f.evidence = {metric("reltuples", reltuples, "rows"),
                    metric("relpages", static_cast<double>(table.relpages), "pages"),
                    metric("seq_scan", static_cast<double>(st.seq_scan), "count"),
                    metric("seq_tup_read", static_cast<double>(st.seq_tup_read), "rows"),
                    metric("avg_rows_per_seq_scan", avg_seq_read, "rows"),
                    metric("selectivity", g.selectivity, "ratio"),
                    metric("rows_per_lookup", rows_per_lookup, "rows"),
                    metric("affected_statements", static_cast<double>(g.statements.size()), "count")};
      if (est_bytes) f.evidence.push_back(metric("estimated_index_bytes", static_cast<double>(*est_bytes), "bytes"));
      f.impact.speedup = speedup;
      f.impact.affected_queryids = queryids;
      if (total_time > 0) f.impact.time_share = affected_time / total_time;
      f.impact.storage_delta_bytes = est_bytes;
      f.impact.write_overhead = "+1 index maintained on " + sql::format_count(st.n_tup_ins + st.n_tup_upd - st.n_tup_hot_upd) +
                                " inserts and non-HOT updates since statistics reset";
      f.impact.summary = "Index on " + tname + " (" + label_list + "): modeled " + sql::format_speedup(speedup) + " for " +
                         std::to_string(g.statements.size()) + " statement(s)" +
                         (est_bytes ? ", about +" + sql::format_bytes(*est_bytes) : std::string());
      f.severity = sdk::Severity::Medium;
      f.confidence = g.heuristic ? sdk::Confidence::Heuristic : sdk::Confidence::Modeled;
      f.risk = create_index_risk(table);
      // A new index can change the plans of other statements too: never below medium.
      if (f.risk.level == sdk::RiskLevel::Low) f.risk.level = sdk::RiskLevel::Medium;
      f.risk.why += "; a new index can also change the plans of other statements on the table";
      f.script = sdk::Script{sdk::ScriptCategory::Indexes, create_index_sql(table, index_name, keys_sql),
                             drop_index_sql(table.schemaname, index_name), false};
      sink.add(f);
    }
  }
}

}  // namespace dbopt::plugins::index_analyzer
