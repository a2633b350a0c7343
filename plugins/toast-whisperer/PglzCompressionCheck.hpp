// toast-whisperer/pglz-compression — large values still compressed with pglz.
// Seed 003_…, physical view "TOAST Strategy": "Columns >2KB must use lz4 compression"; story
// DB-OPT-03: "lz4 compression enabled on large columns". PostgreSQL 14+ (attcompression).
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::toast_whisperer {

/// Reports columns (tables, relkind r, PostgreSQL 14+) whose effective compression method is
/// pglz (pg_attribute.attcompression, or default_toast_compression when it is null) and whose
/// capture sample holds at least `pglz-min-large-values` values larger than TOAST_TUPLE_THRESHOLD
/// that are pglz-compressed or that pglz left uncompressed. Fix: ALTER TABLE … ALTER COLUMN … SET
/// COMPRESSION lz4; rollback: the captured method (pglz, or DEFAULT when attcompression was null).
/// When such a column follows default_toast_compression = pglz it also reports that setting
/// (ALTER SYSTEM, rollback to the captured source). Skipped when the server does not accept lz4.
/// README.md, section toast-whisperer/pglz-compression.
class PglzCompressionCheck {
 public:
  static constexpr const char* kId = "toast-whisperer/pglz-compression";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::toast_whisperer
