#include "Check.hpp"
#include "Evidence.hpp"
#include "dbopt/sdk/catalog.hpp"

namespace dbopt::plugins::plan_decoder {

sdk::Finding PlanFindings::start(std::string_view check_id, std::string_view story, const NodeView* node,
                                 const sdk::Catalog& catalog) const {
  sdk::Finding f;
  f.check_id = std::string(check_id);
  f.story = std::string(story);
  f.exhibit = view_.exhibit_id;
  const sdk::Table* table = node ? find_table(catalog, *node->node) : nullptr;
  if (table) {
    f.object = {"table", table->schemaname, table->relname, std::nullopt, std::nullopt};
  } else if (node && node->node->relation_name) {
    f.object = {"table", node->node->schema.value_or(""), *node->node->relation_name, std::nullopt, std::nullopt};
  } else {
    f.object = {"statement", "", "plan " + std::to_string(view_.index + 1), std::nullopt, std::nullopt};
  }
  const bool analyzed = view_.nodes[0].node->actual_loops.has_value();
  f.confidence = analyzed ? sdk::Confidence::Measured : sdk::Confidence::Modeled;
  f.evidence.push_back(text_metric("plan", view_.exhibit_id));
  if (!view_.workload.empty()) {
    // The statement's weight in the workload, from the pg_stat_statements entries it is an
    // instance of: every call of those entries runs this plan shape (or one like it).
    for (const sdk::Statement* s : view_.workload) f.impact.affected_queryids.push_back(s->queryid);
    f.impact.time_share = view_.workload_time_share;
    f.evidence.push_back(metric("statement_calls", static_cast<double>(view_.workload_calls), "count"));
    f.evidence.push_back(metric("statement_total_exec_time", view_.workload_total_exec_time, "ms"));
  }
  if (!node) return f;
  const sdk::PlanNode& n = *node->node;
  f.evidence.push_back(text_metric("node", node_ref(*node)));
  f.evidence.push_back(text_metric("node_path", node->path));
  if (n.plan_rows) f.evidence.push_back(metric("plan_rows", *n.plan_rows, "rows"));
  if (n.actual_rows) f.evidence.push_back(metric("actual_rows", *n.actual_rows, "rows"));
  if (n.actual_loops) f.evidence.push_back(metric("actual_loops", *n.actual_loops, "count"));
  if (node->exclusive_ms) f.evidence.push_back(metric("exclusive_time", *node->exclusive_ms, "ms"));
  if (n.buffers.shared_hit_blocks) f.evidence.push_back(metric("shared_hit_blocks", *n.buffers.shared_hit_blocks, "pages"));
  if (n.buffers.shared_read_blocks)
    f.evidence.push_back(metric("shared_read_blocks", *n.buffers.shared_read_blocks, "pages"));
  return f;
}

void PlanFindings::add(const sdk::Finding& finding, const NodeView* node, std::string_view mark) {
  sink_.add(finding);
  if (node) marks_[node->id].emplace_back(mark);
  else ++plan_marks_;
}

}  // namespace dbopt::plugins::plan_decoder
