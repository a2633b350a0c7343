// The Summary tab's charts (QtCharts), each built from the report or the snapshot it came from:
// no number is computed here that the report or the catalog does not already hold, except
// shares and unit scaling for display.
#pragma once

#include <QChart>

#include "dbopt/sdk/catalog.hpp"
#include "report/report.hpp"

namespace dbopt::studio {

/// Report items per priority (P1 red … Info grey), count axis with whole-number ticks.
QChart* priorityChart(const engine::Report& report);
/// Findings per plugin: every merged source counted (as the PDF's chart), plugin ids sorted.
QChart* pluginChart(const engine::Report& report);
/// The `limit` largest tables by pg_total_relation_size, stacked heap / TOAST / indexes
/// (Table::heap_bytes, toast_bytes, indexes_bytes) in the binary unit that fits the largest.
QChart* tableSizeChart(const sdk::Catalog& catalog, int limit = 8);
/// The `limit` statements with the largest pg_stat_statements.total_exec_time, as a share (%)
/// of the total over every captured statement. Empty chart with a note when not captured.
QChart* statementShareChart(const sdk::Catalog& catalog, int limit = 8);
/// The report's cache_hit_ratio and index_scan_share metrics (%) next to their targets
/// (report/metrics.hpp: kCacheHitTarget, kIndexScanShareTarget).
QChart* ratioChart(const engine::Report& report);

}  // namespace dbopt::studio
