#include "TupleLayout.hpp"

#include <algorithm>

namespace dbopt::plugins::toast_whisperer {

namespace {
/// HeapTupleHeaderData without a null bitmap, MAXALIGNed (htup_details.h: SizeofHeapTupleHeader 23).
constexpr std::int64_t kRowHeaderBytes = 24;
constexpr std::int64_t kMaxAlign = 8;
/// A varlena value up to this many stored bytes has a 1-byte header and is not aligned
/// (VARATT_CAN_MAKE_SHORT: data of at most 126 bytes + 1 header byte).
constexpr int kShortVarlenaMax = 127;

std::int64_t align_up(std::int64_t offset, std::int64_t alignment) { return (offset + alignment - 1) / alignment * alignment; }
}  // namespace

int alignment_bytes(char attalign) {
  switch (attalign) {
    case 'c': return 1;
    case 's': return 2;
    case 'i': return 4;
    case 'd': return 8;
  }
  return 1;
}

std::optional<TupleLayout> tuple_layout(const std::vector<const sdk::Column*>& order) {
  TupleLayout layout;
  std::int64_t offset = 0;
  for (const sdk::Column* c : order) {
    std::int64_t width = 0;
    std::int64_t alignment = 1;
    if (c->attlen > 0) {
      width = c->attlen;
      alignment = alignment_bytes(c->attalign);
    } else if (c->stats) {
      width = c->stats->avg_width;
      alignment = (c->attlen == -1 && width >= kShortVarlenaMax) ? alignment_bytes(c->attalign) : 1;
    } else {
      return std::nullopt;  // its width decides the offset of everything after it
    }
    const std::int64_t start = align_up(offset, alignment);
    layout.padding_bytes += start - offset;
    offset = start + width;
  }
  layout.data_bytes = offset;
  layout.row_bytes = align_up(kRowHeaderBytes + offset, kMaxAlign);
  return layout;
}

std::vector<const sdk::Column*> tetris_order(const std::vector<const sdk::Column*>& order) {
  std::vector<const sdk::Column*> fixed, variable;
  for (const sdk::Column* c : order) (c->attlen > 0 ? fixed : variable).push_back(c);
  std::stable_sort(fixed.begin(), fixed.end(), [](const sdk::Column* a, const sdk::Column* b) {
    const int aa = alignment_bytes(a->attalign), ab = alignment_bytes(b->attalign);
    if (aa != ab) return aa > ab;
    return a->attlen > b->attlen;
  });
  fixed.insert(fixed.end(), variable.begin(), variable.end());
  return fixed;
}

}  // namespace dbopt::plugins::toast_whisperer
