#include "CteMaterializedCheck.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "CteDeclaration.hpp"
#include "Evidence.hpp"
#include "dbopt/sdk/catalog.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::plan_decoder {

namespace md = sdk::md;

namespace {

/// Node types that stop a predicate from being pushed into the subquery once inlined, or make
/// the CTE unsafe to inline (allpaths.c subquery_is_pushdown_safe / subselect.c SS_process_ctes).
bool blocks_pushdown(const std::string& type) {
  static const char* const kBlocking[] = {"ModifyTable", "Recursive Union", "WorkTable Scan", "Limit",
                                          "Aggregate",   "WindowAgg",       "Unique",         "SetOp",
                                          "ProjectSet",  "LockRows",        "Group"};
  return std::any_of(std::begin(kBlocking), std::end(kBlocking), [&](const char* b) { return type == b; });
}

std::string count(double v) { return sdk::sql::format_count(static_cast<std::int64_t>(v)); }

}  // namespace

sdk::CheckInfo CteMaterializedCheck::info() {
  return {kId, "Materialized CTE filtered by the outer query (NOT MATERIALIZED)", "DB-OPT-09"};
}

std::vector<sdk::OptionSpec> CteMaterializedCheck::options() {
  return {
      {"cte-min-rows", sdk::OptionType::Double, "1000",
       "cte-materialized: fewest rows a CTE Scan reads (kept + removed by filter, × loops) to be reported, rows; dbopt choice",
       0.0, std::nullopt},
      {"cte-removed-share", sdk::OptionType::Double, "0.5",
       "cte-materialized: share of the CTE's rows the outer filter removes from which it is reported, 0..1; dbopt choice",
       0.0, 1.0},
      {"cte-time-share", sdk::OptionType::Double, "0.1",
       "cte-materialized: share of the statement time spent in the CTE subplan from which severity is medium, 0..1; "
       "dbopt choice",
       0.0, 1.0},
  };
}

void CteMaterializedCheck::run(const PlanView& view, const sdk::Catalog& catalog, const sdk::Options& options,
                               PlanFindings& out) const {
  const double min_rows = options.number("cte-min-rows");
  const double min_share = options.number("cte-removed-share");
  const double time_share = options.number("cte-time-share");
  std::map<std::string, int> scans;
  for (const NodeView& v : view.nodes)
    if (v.node->node_type == "CTE Scan" && v.node->cte_name) ++scans[*v.node->cte_name];

  for (const NodeView& v : view.nodes) {
    const sdk::PlanNode& n = *v.node;
    if (n.node_type != "CTE Scan" || !n.cte_name || !n.filter || !n.rows_removed_by_filter || !n.actual_rows) continue;
    const std::string& name = *n.cte_name;
    const std::string where = "plan " + std::to_string(view.index + 1) + ", CTE " + name + ": ";
    if (scans[name] != 1) continue;  // referenced more than once: materializing may be the right call
    const double loops = n.actual_loops.value_or(1);
    const double removed = *n.rows_removed_by_filter * loops;
    const double read = removed + *n.actual_rows * loops;
    if (read < min_rows || read <= 0 || removed / read < min_share) continue;

    // The CTE's subplan: an InitPlan named "CTE <name>".
    const NodeView* sub = nullptr;
    for (const NodeView& c : view.nodes)
      if (c.node->subplan_name == "CTE " + name) sub = &c;
    if (!sub) {
      out.log(where + "CTE Scan without its subplan in the plan; not judged");
      continue;
    }
    std::string blocker;
    std::vector<const sdk::PlanNode*> base_scans;
    sdk::for_each_node(*sub->node, [&](const sdk::PlanNode& d, int) {
      if (blocker.empty() && blocks_pushdown(d.node_type)) blocker = d.node_type;
      if (d.relation_name) base_scans.push_back(&d);
    });
    if (!blocker.empty()) {
      out.log(where + "its subplan has a " + blocker +
              " node: inlining would not push the filter down (or is unsafe); not reported");
      continue;
    }
    if (base_scans.empty()) continue;
    for (const std::string& fn : called_functions(*n.filter)) {
      if (is_known_volatile_function(fn)) {
        blocker = fn;
        break;
      }
    }
    if (!blocker.empty()) {
      out.log(where + "the outer filter calls " + blocker + "(), which is volatile and never pushed down; not reported");
      continue;
    }

    const std::string query = view.statement ? view.statement->query : std::string();
    const CteDeclaration decl = find_cte_declaration(query, name);
    if (decl.form == CteDeclaration::Form::Default || decl.form == CteDeclaration::Form::NotMaterialized) {
      // Referenced once and not declared MATERIALIZED, yet materialized: PostgreSQL kept it because
      // inlining is not safe (volatile functions in it; queries-with.html) — NOT MATERIALIZED would
      // change which rows those functions run on.
      out.log(where + "materialized although not declared MATERIALIZED (volatile functions in it?); not reported");
      continue;
    }
    std::vector<std::string> volatile_calls, unknown_calls;
    for (const std::string& fn : decl.function_calls) {
      if (is_known_volatile_function(fn)) volatile_calls.push_back(fn);
      else if (!is_known_nonvolatile_function(fn)) unknown_calls.push_back(fn);
    }
    if (!volatile_calls.empty()) {
      out.log(where + "its query calls the volatile function " + volatile_calls.front() +
              "(): NOT MATERIALIZED would run it on fewer rows; not reported");
      continue;
    }

    sdk::Finding f = out.start(kId, "DB-OPT-09", &v, catalog);
    // The object is the table the CTE reads (its scan is where the filter would go).
    if (const sdk::Table* t = base_scans.size() == 1 ? find_table(catalog, *base_scans.front()) : nullptr)
      f.object = {"table", t->schemaname, t->relname, std::nullopt, std::nullopt};
    else if (base_scans.size() == 1)
      f.object = {"table", base_scans.front()->schema.value_or(""), *base_scans.front()->relation_name, std::nullopt,
                  std::nullopt};
    const double share = removed / read;
    const double cte_share = sub->total_ms && view.runtime_ms && *view.runtime_ms > 0 ? *sub->total_ms / *view.runtime_ms : 0;
    f.severity = cte_share >= time_share ? sdk::Severity::Medium : sdk::Severity::Low;
    f.title = "CTE " + name + " is materialized in full (" + count(read) + " rows) and the outer query keeps " +
              count(read - removed) + " of them";
    f.evidence.push_back(text_metric("cte_name", name));
    f.evidence.push_back(text_metric("filter", *n.filter));
    f.evidence.push_back(metric("rows_read", read, "rows"));
    f.evidence.push_back(metric("rows_removed_by_filter", removed, "rows"));
    if (sub->total_ms) f.evidence.push_back(metric("cte_time", *sub->total_ms, "ms"));

    std::string d = "The WITH query " + md::escape(name) + " is computed in full (" + md::escape(node_ref(*sub)) +
                    ", " + md::escape(count(read)) + " rows) and stored; " + md::escape(node_ref(v)) +
                    " then removes " + md::escape(sdk::sql::format_percent(share)) + " of them with its filter:\n\n" +
                    md::code_block(*n.filter, "") +
                    "\n\nA CTE referenced once is inlined by PostgreSQL 12+ unless it is declared MATERIALIZED "
                    "(docs, \"WITH Queries\"); inlined, it is a subquery and the planner pushes this filter down to "
                    "the scan of the table, where an index can serve it. The CTE is a plain select over tables and "
                    "its plan has no data-modifying, recursive, LIMIT, aggregate, window, DISTINCT or set "
                    "operation node, so inlining returns the same rows (in an order that is unspecified either way "
                    "without ORDER BY).";
    if (decl.form == CteDeclaration::Form::Materialized) {
      const std::string rewritten = rewrite_not_materialized(query, decl);
      f.evidence.push_back(text_metric("rewritten_query", rewritten));
      d += "\n\nThe statement with `AS NOT MATERIALIZED` instead of `AS MATERIALIZED` (nothing else changed):\n\n" +
           md::code_block(rewritten) +
           "\n\nThis is a change to the application's query text, so no apply script is written: run it with "
           "EXPLAIN (ANALYZE, BUFFERS) to see the filter reach the scan, then change the query where it is issued.";
    } else {
      d += "\n\nThe statement text ";
      d += decl.form == CteDeclaration::Form::Ambiguous ? "declares a CTE of this name more than once"
                                                         : "is not available (or does not declare this CTE)";
      d += ", so no rewritten query is given: if the CTE is declared `AS MATERIALIZED`, write `AS NOT MATERIALIZED`. "
           "If it is not declared MATERIALIZED, PostgreSQL materialized it because it is not safe to inline "
           "(it calls a volatile function): then do not force it.";
      f.confidence = sdk::Confidence::Heuristic;
    }
    if (!unknown_calls.empty()) {
      std::string list;
      for (const auto& fn : unknown_calls) list += (list.empty() ? "" : ", ") + fn + "()";
      d += "\n\nThe CTE calls " + md::escape(list) +
           ": check none is VOLATILE (`SELECT proname, provolatile FROM pg_proc WHERE proname = …`, 'v') — inlined, a "
           "volatile function would run only on the rows that pass the outer filter.";
      f.risk = {sdk::RiskLevel::Medium, "query change; the CTE calls functions whose volatility is not in the snapshot"};
    } else {
      f.risk = {sdk::RiskLevel::Low, "query change: same rows, different plan; test it with EXPLAIN ANALYZE first"};
    }
    f.detail = std::move(d);
    f.impact.summary = "the outer filter applied at the table scan instead of after materializing the whole CTE";
    out.add(f, &v, "cte-materialized");
  }
}

}  // namespace dbopt::plugins::plan_decoder
