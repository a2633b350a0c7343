// index-analyzer — the size of a btree estimated from statistics.
//
// The model is the one of ioguix's pgsql-bloat-estimation "btree/btree_bloat.sql" (also used by
// check_pgactivity's btree_bloat service): per leaf tuple an IndexTupleData header of 8 bytes
// (+ 4 bytes of null bitmap when a column has nulls), padded to MAXALIGN, plus the data width
// (sum of (1 - null_frac) × avg_width from pg_stats) padded to MAXALIGN, plus a 4-byte line
// pointer; per page a 24-byte page header and 16 bytes of btree special space, filled up to
// fillfactor; plus one metapage. Internal pages and deduplication (PG13+) are ignored.
// Sources: src/include/access/itup.h (IndexTupleData), src/include/storage/bufpage.h
// (PageHeaderData, ItemIdData), src/include/access/nbtree.h (BTPageOpaqueData,
// BTREE_DEFAULT_FILLFACTOR = 90).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dbopt/sdk/catalog.hpp"

namespace dbopt::plugins::index_analyzer {

inline constexpr int kMaxAlign = 8;                 ///< MAXALIGN on 64-bit platforms, bytes
inline constexpr int kIndexTupleHeader = 8;         ///< sizeof(IndexTupleData), bytes
inline constexpr int kIndexNullBitmap = 4;          ///< IndexAttributeBitMapData: (INDEX_MAX_KEYS 32 + 7) / 8 bytes
inline constexpr int kLinePointer = 4;              ///< sizeof(ItemIdData), bytes
inline constexpr int kPageHeader = 24;              ///< SizeOfPageHeaderData, bytes
inline constexpr int kBtreeSpecial = 16;            ///< sizeof(BTPageOpaqueData), bytes
inline constexpr int kBtreeDefaultFillfactor = 90;  ///< BTREE_DEFAULT_FILLFACTOR, percent

/// Statistics of one indexed column as the model needs them (pg_stats.avg_width, null_frac).
struct KeyWidth {
  double avg_width = 0;  ///< bytes
  double null_frac = 0;  ///< 0..1
};

/// Width of one leaf index tuple in bytes, line pointer excluded: aligned header (+ null
/// bitmap when any null_frac > 0) + aligned data width.
double btree_tuple_bytes(const std::vector<KeyWidth>& keys);

/// Expected pages of a freshly built btree holding `reltuples` tuples of `tuple_bytes`
/// (from btree_tuple_bytes) at `fillfactor` percent on pages of `block_size` bytes:
/// 1 metapage + ceil(reltuples / floor((block_size - 40) × fillfactor/100 / (tuple_bytes + 4))).
double btree_expected_pages(double reltuples, double tuple_bytes, int fillfactor, std::int64_t block_size);

/// fillfactor from reloptions ("fillfactor=70"), or `fallback` when not set / unparsable.
int fillfactor_of(const std::vector<std::string>& reloptions, int fallback);

/// KeyWidth of each plain column `attnums` of `table_oid` from pg_stats, or nullopt (with the
/// reason in `why`) when a column has no statistics, is an expression (attnum 0), or is of type
/// `name` (stored as a fixed 64-byte cstring in indexes, which avg_width misstates; ioguix's
/// is_na flag).
std::optional<std::vector<KeyWidth>> key_widths(const sdk::Catalog& catalog, sdk::Oid table_oid,
                                                const std::vector<int>& attnums, std::string& why);

}  // namespace dbopt::plugins::index_analyzer
