#include "HeapSizeModel.hpp"

#include <algorithm>
#include <cmath>

#include "TableFacts.hpp"

namespace dbopt::plugins::table_stats {

namespace {
constexpr double kMaxAlign = 8;
constexpr double kHeapTupleHeader = 23;   // offsetof(HeapTupleHeaderData, t_bits)
constexpr double kPageHeader = 24;        // SizeOfPageHeaderData
constexpr double kLinePointer = 4;        // sizeof(ItemIdData)
constexpr double kShortVarlenaMax = 126;  // VARATT_SHORT_MAX - 1: longer values get a 4-byte, 'i'-aligned header

double align_up(double offset, double alignment) { return std::ceil(offset / alignment) * alignment; }

double alignment_of(char attalign) {
  switch (attalign) {
    case 'c':
      return 1;
    case 's':
      return 2;
    case 'd':
      return 8;
    default:
      return 4;
  }
}
}  // namespace

std::optional<HeapEstimate> estimate_heap(const sdk::Catalog& catalog, const sdk::Table& table, std::string& why) {
  if (!table.reltuples || *table.reltuples < 0) {
    why = "reltuples unknown (never vacuumed or analyzed)";
    return std::nullopt;
  }
  const auto& columns = catalog.columns_of(table.oid);
  if (columns.empty()) {
    why = "no columns captured";
    return std::nullopt;
  }
  bool any_null = false;
  double offset = 0;
  for (const sdk::Column* c : columns) {
    if (!c->stats) {
      why = "column " + c->attname + " has no pg_stats row";
      return std::nullopt;
    }
    const double present = 1.0 - std::clamp(c->stats->null_frac, 0.0, 1.0);
    const double width = std::max(0, c->stats->avg_width);
    if (c->stats->null_frac > 0) any_null = true;
    // Fixed-width values and long varlenas are aligned to attalign; short varlenas are not.
    const bool aligned = c->attlen > 0 || width > kShortVarlenaMax;
    const double start = std::ceil(offset);
    const double pad = aligned ? align_up(start, alignment_of(c->attalign)) - start : 0;
    offset += present * (pad + width);
  }
  HeapEstimate e;
  const double natts = static_cast<double>(columns.size());
  const double bitmap = any_null ? std::floor((natts + 7) / 8) : 0;
  e.header_bytes = align_up(kHeapTupleHeader + bitmap, kMaxAlign);
  e.data_bytes = align_up(std::ceil(offset), kMaxAlign);
  e.tuple_bytes = e.header_bytes + e.data_bytes + kLinePointer;
  e.fillfactor = heap_fillfactor(table);
  const double block = static_cast<double>(catalog.block_size());
  // MaxHeapTuplesPerPage: (block - header) / (MAXALIGN(23) + line pointer), 291 for 8 kB pages.
  const double max_per_page =
      std::floor((block - kPageHeader) / (align_up(kHeapTupleHeader, kMaxAlign) + kLinePointer));
  e.tuples_per_page =
      std::clamp(std::floor((block - kPageHeader) * e.fillfactor / 100.0 / e.tuple_bytes), 1.0, max_per_page);
  e.expected_pages = std::ceil(*table.reltuples / e.tuples_per_page);
  return e;
}

}  // namespace dbopt::plugins::table_stats
