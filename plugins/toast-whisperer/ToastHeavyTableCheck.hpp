// toast-whisperer/toast-heavy-table — a TOAST relation above `toast-ratio` of its table.
// Seed 003_…, story DB-OPT-03 "TOAST Threshold Monitoring": "Alert fires when toast table > 10 % of
// main table" (pg_class.reltoastrelid size); the seed's monitor_toast_usage.py uses 15 %.
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::toast_whisperer {

/// Reports tables whose TOAST relation (pg_total_relation_size(reltoastrelid)) exceeds
/// `toast-ratio` × pg_relation_size(table) and `toast-min-bytes`, naming the columns responsible
/// from the capture sample (out-of-line bytes per column, extrapolated to reltuples). No script:
/// the remedies are the pglz-compression and storage-strategy findings. README.md, section
/// toast-whisperer/toast-heavy-table.
class ToastHeavyTableCheck {
 public:
  static constexpr const char* kId = "toast-whisperer/toast-heavy-table";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::toast_whisperer
