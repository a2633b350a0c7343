// toast-whisperer — the data area of a heap row under PostgreSQL's alignment rules, for a given
// column order (column tetris, seed 003_…, physical view "Column Tetris").
//
// Rules (src/include/access/tupmacs.h att_align_nominal / att_align_datum, heap_fill_tuple):
// a fixed-width value (pg_type.typlen > 0) starts at the next multiple of its alignment
// (attalign 'c' 1, 's' 2, 'i' 4, 'd' 8 bytes); a variable-length value with a 1-byte header
// (short varlena: under 127 bytes, or a TOAST pointer) is not aligned; a longer one is aligned to
// its attalign. The row (23-byte header padded to 24 + data) is padded to MAXALIGN (8 bytes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dbopt/sdk/model.hpp"

namespace dbopt::plugins::toast_whisperer {

/// Bytes of one attalign code ('c' 1, 's' 2, 'i' 4, 'd' 8); 1 for an unknown code.
int alignment_bytes(char attalign);

/// The typical row's data area for one column order. Sizes in bytes.
struct TupleLayout {
  std::int64_t data_bytes = 0;     ///< values + padding, from the start of the data area
  std::int64_t padding_bytes = 0;  ///< alignment padding between values
  std::int64_t row_bytes = 0;      ///< MAXALIGN(24-byte header + data_bytes): what one row takes in the page
};

/// Layout of `order`: every value non-null, fixed-width values at attlen, variable-length values at
/// pg_stats.avg_width (stored width). Returns nullopt when a variable-length column has no
/// pg_stats row (never analyzed, or not readable): its width decides every offset after it.
std::optional<TupleLayout> tuple_layout(const std::vector<const sdk::Column*>& order);

/// The order that wastes the least padding (seed 003_…, "Column Tetris": wide fixed-length →
/// narrow fixed-length → variable-length): fixed-width columns by alignment then length,
/// descending, then the variable-length columns in their current order. Stable.
std::vector<const sdk::Column*> tetris_order(const std::vector<const sdk::Column*>& order);

}  // namespace dbopt::plugins::toast_whisperer
