// toast-whisperer — PostgreSQL's TOAST size limits, computed for the captured block size.
// Source: src/include/access/heaptoast.h (PostgreSQL 15): MaximumBytesPerTuple,
// TOAST_TUPLE_THRESHOLD, TOAST_TUPLE_TARGET, TOAST_TUPLE_TARGET_MAIN; page header and line
// pointer sizes from src/include/storage/bufpage.h and itemid.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dbopt::plugins::toast_whisperer {

/// SizeOfPageHeaderData, bytes (bufpage.h).
inline constexpr std::int64_t kPageHeaderBytes = 24;
/// sizeof(ItemIdData), bytes (itemid.h).
inline constexpr std::int64_t kLinePointerBytes = 4;
/// MAXIMUM_ALIGNOF on every 64-bit platform PostgreSQL supports, bytes.
inline constexpr std::int64_t kMaxAlign = 8;

/// MaximumBytesPerTuple(tuples_per_page) for a page of `block_size` bytes (heaptoast.h):
/// MAXALIGN_DOWN((BLCKSZ - MAXALIGN(SizeOfPageHeaderData + n * sizeof(ItemIdData))) / n).
constexpr std::int64_t maximum_bytes_per_tuple(std::int64_t block_size, std::int64_t tuples_per_page) {
  const std::int64_t header = kPageHeaderBytes + tuples_per_page * kLinePointerBytes;
  const std::int64_t aligned_header = (header + kMaxAlign - 1) / kMaxAlign * kMaxAlign;
  return (block_size - aligned_header) / tuples_per_page / kMaxAlign * kMaxAlign;
}

/// TOAST_TUPLE_THRESHOLD = TOAST_TUPLE_TARGET (default): a row larger than this, bytes, is
/// compressed and then moved out of line, largest values first. 2032 bytes with 8 kB pages.
constexpr std::int64_t toast_tuple_threshold(std::int64_t block_size) { return maximum_bytes_per_tuple(block_size, 4); }

/// TOAST_TUPLE_TARGET_MAIN: a STORAGE MAIN value goes out of line only when the row still exceeds
/// this after every other value was handled, bytes. 8160 bytes with 8 kB pages.
constexpr std::int64_t toast_tuple_target_main(std::int64_t block_size) { return maximum_bytes_per_tuple(block_size, 1); }

static_assert(toast_tuple_threshold(8192) == 2032, "heaptoast.h: TOAST_TUPLE_THRESHOLD is 2032 with 8 kB pages");
static_assert(toast_tuple_target_main(8192) == 8160, "heaptoast.h: TOAST_TUPLE_TARGET_MAIN is 8160 with 8 kB pages");

/// The table's toast_tuple_target reloption ("toast_tuple_target=4080" in pg_class.reloptions),
/// bytes, or nullopt when not set or unreadable.
std::optional<std::int64_t> toast_tuple_target_option(const std::vector<std::string>& reloptions);

/// Name of a pg_attribute.attstorage code as ALTER TABLE … SET STORAGE spells it
/// ('p' PLAIN, 'e' EXTERNAL, 'm' MAIN, 'x' EXTENDED); "" for an unknown code.
std::string storage_keyword(char attstorage);

}  // namespace dbopt::plugins::toast_whisperer
