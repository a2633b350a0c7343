#include "BtreeSizeModel.hpp"

#include <cmath>

namespace dbopt::plugins::index_analyzer {

namespace {
double align_up(double bytes) {
  return std::ceil(bytes / kMaxAlign) * kMaxAlign;
}
}  // namespace

double btree_tuple_bytes(const std::vector<KeyWidth>& keys) {
  bool has_nulls = false;
  double data = 0;
  for (const auto& k : keys) {
    if (k.null_frac > 0) has_nulls = true;
    data += (1.0 - k.null_frac) * k.avg_width;
  }
  const double header = has_nulls ? kIndexTupleHeader + kIndexNullBitmap : kIndexTupleHeader;
  return align_up(header) + align_up(data);
}

double btree_expected_pages(double reltuples, double tuple_bytes, int fillfactor, std::int64_t block_size) {
  const double usable = static_cast<double>(block_size - kPageHeader - kBtreeSpecial) * fillfactor / 100.0;
  const double per_page = std::max(1.0, std::floor(usable / (tuple_bytes + kLinePointer)));
  return 1.0 + std::ceil(std::max(0.0, reltuples) / per_page);
}

int fillfactor_of(const std::vector<std::string>& reloptions, int fallback) {
  const std::string prefix = "fillfactor=";
  for (const auto& o : reloptions) {
    if (o.rfind(prefix, 0) != 0) continue;
    try {
      std::size_t pos = 0;
      const int v = std::stoi(o.substr(prefix.size()), &pos);
      if (pos == o.size() - prefix.size() && v >= 10 && v <= 100) return v;
    } catch (...) {
    }
  }
  return fallback;
}

std::optional<std::vector<KeyWidth>> key_widths(const sdk::Catalog& catalog, sdk::Oid table_oid,
                                                const std::vector<int>& attnums, std::string& why) {
  std::vector<KeyWidth> out;
  for (int attnum : attnums) {
    if (attnum == 0) {
      why = "an expression key has no pg_stats row in the snapshot";
      return std::nullopt;
    }
    const sdk::Column* col = catalog.column(table_oid, attnum);
    if (!col) {
      why = "column attnum " + std::to_string(attnum) + " is not in the snapshot";
      return std::nullopt;
    }
    if (col->type_name == "name") {
      why = "column " + col->attname + " is of type name (avg_width misstates its index width)";
      return std::nullopt;
    }
    if (!col->stats) {
      why = "column " + col->attname + " has no pg_stats row (never analyzed, or not readable)";
      return std::nullopt;
    }
    out.push_back({static_cast<double>(col->stats->avg_width), col->stats->null_frac});
  }
  return out;
}

}  // namespace dbopt::plugins::index_analyzer
