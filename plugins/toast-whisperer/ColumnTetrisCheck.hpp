// toast-whisperer/column-tetris — alignment padding wasted per row by the column order.
// Seed 003_…, physical view "Column Tetris": "DDL must order columns as: wide fixed-length (bigint,
// timestamp) → narrow fixed-length → variable-length (jsonb, text)".
#pragma once

#include <vector>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::plugins::toast_whisperer {

/// Reports tables (relkind r) whose typical row (TupleLayout.hpp) takes at least
/// `tetris-min-bytes-per-row` more bytes in the current column order than in the tetris order,
/// and at least `tetris-min-saved-bytes` across pg_class.reltuples. Severity Info: reordering
/// columns needs a table rewrite, so the finding outlines the migration and carries no script.
/// README.md, section toast-whisperer/column-tetris.
class ColumnTetrisCheck {
 public:
  static constexpr const char* kId = "toast-whisperer/column-tetris";
  static sdk::CheckInfo info();
  static std::vector<sdk::OptionSpec> options();
  void run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const;
};

}  // namespace dbopt::plugins::toast_whisperer
