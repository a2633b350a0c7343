// table-stats — the statistics-based size of a freshly written heap: the table-bloat estimate of
// ioguix's pgsql-bloat-estimation (table/table_bloat.sql, used by postgres-checkup F004 and
// check_pgactivity), refined with the alignment padding of fixed-width columns.
// Layout: storage/bufpage.h (24-byte page header, 4-byte line pointer), access/htup_details.h
// (23-byte HeapTupleHeaderData + null bitmap, MAXALIGN 8, MaxHeapTuplesPerPage 291 for 8 kB).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "dbopt/sdk/catalog.hpp"

namespace dbopt::plugins::table_stats {

/// The estimate for one table.
struct HeapEstimate {
  double header_bytes = 0;     ///< MAXALIGN(23 + null bitmap), bytes
  double data_bytes = 0;       ///< MAXALIGN(Σ (1 − null_frac) × (alignment padding + avg_width)), bytes
  double tuple_bytes = 0;      ///< header + data + 4-byte line pointer, bytes per row
  double tuples_per_page = 0;  ///< floor((block_size − 24) × fillfactor / 100 / tuple_bytes), capped
  double expected_pages = 0;   ///< ceil(reltuples / tuples_per_page), pages
  int fillfactor = 100;        ///< heap fillfactor used, percent
};

/// Estimates the pages `table` would take if rewritten (VACUUM FULL) from pg_class.reltuples and
/// the pg_stats avg_width / null_frac of its columns. Returns nullopt and sets `why` (plain text)
/// when it cannot: reltuples unknown, no columns, or a column without statistics.
std::optional<HeapEstimate> estimate_heap(const sdk::Catalog& catalog, const sdk::Table& table, std::string& why);

}  // namespace dbopt::plugins::table_stats
