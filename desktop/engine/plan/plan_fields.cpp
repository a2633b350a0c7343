#include "plan/plan_fields.hpp"

namespace dbopt::engine {

using sdk::PlanBuffers;
using sdk::PlanNode;
using sdk::PlanWal;

const std::vector<PlanField<PlanNode, std::string>>& node_text_fields() {
  static const std::vector<PlanField<PlanNode, std::string>> f = {
      {"Parent Relationship", &PlanNode::parent_relationship},
      {"Subplan Name", &PlanNode::subplan_name},
      {"Join Type", &PlanNode::join_type},
      {"Strategy", &PlanNode::strategy},
      {"Partial Mode", &PlanNode::partial_mode},
      {"Operation", &PlanNode::operation},
      {"Command", &PlanNode::command},
      {"Scan Direction", &PlanNode::scan_direction},
      {"Relation Name", &PlanNode::relation_name},
      {"Schema", &PlanNode::schema},
      {"Alias", &PlanNode::alias},
      {"Index Name", &PlanNode::index_name},
      {"CTE Name", &PlanNode::cte_name},
      {"Function Name", &PlanNode::function_name},
      {"Filter", &PlanNode::filter},
      {"Join Filter", &PlanNode::join_filter},
      {"Index Cond", &PlanNode::index_cond},
      {"Recheck Cond", &PlanNode::recheck_cond},
      {"Hash Cond", &PlanNode::hash_cond},
      {"Merge Cond", &PlanNode::merge_cond},
      {"TID Cond", &PlanNode::tid_cond},
      {"One-Time Filter", &PlanNode::one_time_filter},
      {"Sort Method", &PlanNode::sort_method},
      {"Sort Space Type", &PlanNode::sort_space_type},
  };
  return f;
}

const std::vector<PlanField<PlanNode, double>>& node_double_fields() {
  static const std::vector<PlanField<PlanNode, double>> f = {
      {"Startup Cost", &PlanNode::startup_cost},
      {"Total Cost", &PlanNode::total_cost},
      {"Plan Rows", &PlanNode::plan_rows},
      {"Actual Startup Time", &PlanNode::actual_startup_time},
      {"Actual Total Time", &PlanNode::actual_total_time},
      {"Actual Rows", &PlanNode::actual_rows},
      {"Actual Loops", &PlanNode::actual_loops},
      {"Rows Removed by Filter", &PlanNode::rows_removed_by_filter},
      {"Rows Removed by Join Filter", &PlanNode::rows_removed_by_join_filter},
      {"Rows Removed by Index Recheck", &PlanNode::rows_removed_by_index_recheck},
      {"Heap Fetches", &PlanNode::heap_fetches},
  };
  return f;
}

const std::vector<PlanField<PlanNode, std::int64_t>>& node_int_fields() {
  static const std::vector<PlanField<PlanNode, std::int64_t>> f = {
      {"Plan Width", &PlanNode::plan_width},
      {"Sort Space Used", &PlanNode::sort_space_used},
      {"Hash Buckets", &PlanNode::hash_buckets},
      {"Original Hash Buckets", &PlanNode::original_hash_buckets},
      {"Hash Batches", &PlanNode::hash_batches},
      {"Original Hash Batches", &PlanNode::original_hash_batches},
      {"Peak Memory Usage", &PlanNode::peak_memory_usage},
      {"Planned Partitions", &PlanNode::planned_partitions},
      {"HashAgg Batches", &PlanNode::hashagg_batches},
      {"Disk Usage", &PlanNode::disk_usage},
      {"Exact Heap Blocks", &PlanNode::exact_heap_blocks},
      {"Lossy Heap Blocks", &PlanNode::lossy_heap_blocks},
      {"Workers Planned", &PlanNode::workers_planned},
      {"Workers Launched", &PlanNode::workers_launched},
  };
  return f;
}

const std::vector<PlanListField>& node_list_fields() {
  static const std::vector<PlanListField> f = {
      {"Output", &PlanNode::output},
      {"Group Key", &PlanNode::group_key},
      {"Sort Key", &PlanNode::sort_key},
      {"Presorted Key", &PlanNode::presorted_key},
  };
  return f;
}

const std::vector<PlanField<PlanBuffers, std::int64_t>>& buffer_block_fields() {
  static const std::vector<PlanField<PlanBuffers, std::int64_t>> f = {
      {"Shared Hit Blocks", &PlanBuffers::shared_hit_blocks},
      {"Shared Read Blocks", &PlanBuffers::shared_read_blocks},
      {"Shared Dirtied Blocks", &PlanBuffers::shared_dirtied_blocks},
      {"Shared Written Blocks", &PlanBuffers::shared_written_blocks},
      {"Local Hit Blocks", &PlanBuffers::local_hit_blocks},
      {"Local Read Blocks", &PlanBuffers::local_read_blocks},
      {"Local Dirtied Blocks", &PlanBuffers::local_dirtied_blocks},
      {"Local Written Blocks", &PlanBuffers::local_written_blocks},
      {"Temp Read Blocks", &PlanBuffers::temp_read_blocks},
      {"Temp Written Blocks", &PlanBuffers::temp_written_blocks},
  };
  return f;
}

const std::vector<PlanField<PlanBuffers, double>>& buffer_time_fields() {
  static const std::vector<PlanField<PlanBuffers, double>> f = {
      {"I/O Read Time", &PlanBuffers::io_read_time},
      {"I/O Write Time", &PlanBuffers::io_write_time},
      {"Shared I/O Read Time", &PlanBuffers::shared_io_read_time},
      {"Shared I/O Write Time", &PlanBuffers::shared_io_write_time},
      {"Local I/O Read Time", &PlanBuffers::local_io_read_time},
      {"Local I/O Write Time", &PlanBuffers::local_io_write_time},
      {"Temp I/O Read Time", &PlanBuffers::temp_io_read_time},
      {"Temp I/O Write Time", &PlanBuffers::temp_io_write_time},
  };
  return f;
}

const std::vector<PlanField<PlanWal, std::int64_t>>& wal_fields() {
  static const std::vector<PlanField<PlanWal, std::int64_t>> f = {
      {"WAL Records", &PlanWal::wal_records},
      {"WAL FPI", &PlanWal::wal_fpi},
      {"WAL Bytes", &PlanWal::wal_bytes},
  };
  return f;
}

}  // namespace dbopt::engine
