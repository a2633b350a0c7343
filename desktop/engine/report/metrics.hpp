// Report metrics (seed 000_…, DELIVER "metrics": current and projected). Current values come from
// the snapshot; projected values only where the findings' own numbers allow an honest estimate.
#pragma once

#include <cstdint>
#include <vector>

#include "dbopt/sdk/catalog.hpp"
#include "report/report.hpp"

namespace dbopt::engine {

/// Cache hit target 0.95: seed 002_… success metrics "Cache hit ratio: >95 %"; seed 003_…
/// DB-OPT-08 flags statements below 99 % (shared_blks_hit / (hit + read)).
inline constexpr double kCacheHitTarget = 0.95;
/// Index scan share target 0.90: seed 002_… success metrics "Index scan ratio: >90 %".
inline constexpr double kIndexScanShareTarget = 0.90;
/// Dead tuple target 0.01: seed 003_… DB-OPT-12 "Dead tuples < 1 % of live tuples".
inline constexpr double kDeadTupleTarget = 0.01;

/// Storage the P1–P3 actions (the ones apply.sql holds; informational items excluded) would free,
/// in bytes: Σ of their negative Impact::storage_delta_bytes as a positive count, counting each
/// object (kind, schema, name, column) once with its largest reduction, so that e.g. a REINDEX
/// and a DROP of the same index do not add up to more than the index.
std::int64_t reclaimable_bytes(const std::vector<ReportItem>& items);

/// Storage the P1–P3 actions would add (new indexes…), in bytes: Σ of their positive
/// Impact::storage_delta_bytes, each object counted once with its largest growth.
std::int64_t added_bytes(const std::vector<ReportItem>& items);

/// The metrics, in this order (keys): cache_hit_ratio (pg_stat_database blks_hit /
/// (blks_hit + blks_read), ratio), index_scan_share (Σ idx_scan / Σ (idx_scan + seq_scan) over
/// pg_stat_user_tables, ratio), dead_tuple_ratio (Σ n_dead_tup / Σ (n_live_tup + n_dead_tup),
/// ratio), reclaimable_bytes (bytes, from the findings), total_statement_time_ms
/// (Σ pg_stat_statements.total_exec_time, ms; projected = each statement named in an item's
/// Impact::affected_queryids divided by the largest speedup claimed for it), database_size_bytes
/// (pg_database_size, bytes; projected = current − reclaimable + added, see above). Missing data → current nullopt
/// and a note saying why.
std::vector<ReportMetric> compute_metrics(const sdk::Catalog& catalog, const std::vector<ReportItem>& items);

}  // namespace dbopt::engine
