// plan-decoder — the columns a plan condition compares with constants, read from the text
// PostgreSQL prints for it (explain.c deparses the qual: "((status = 'paid'::text) AND
// (amount > '100'::numeric))"). Only plain AND-ed comparisons of one column (optionally
// alias-qualified and cast) against a constant or parameter are recognised; anything else
// (OR, functions, column-to-column) yields no column, so no index is ever guessed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dbopt::plugins::plan_decoder {

/// One column comparison: `column` unquoted, `op` as printed ("=", "<", ">=", "IS NULL", …).
struct ColumnComparison {
  std::string column;
  std::string op;
  bool equality() const { return op == "=" || op == "IS NULL"; }
  bool range() const { return op == "<" || op == "<=" || op == ">" || op == ">="; }
};

/// The top-level AND-ed comparisons of `condition`; `complete` is set to false when some
/// conjunct is not such a comparison (an OR, a function call, a column-to-column comparison).
std::vector<ColumnComparison> column_comparisons(std::string_view condition, bool* complete = nullptr);

/// One JSONB text extraction compared with a constant: `(data ->> 'serviceId'::text) = 'x'`.
struct JsonbKeyComparison {
  std::string column;   ///< the jsonb column, unquoted
  std::string key;      ///< the key, unquoted
};
/// The AND-ed `(col ->> 'key') = constant` comparisons of `condition`.
std::vector<JsonbKeyComparison> jsonb_key_comparisons(std::string_view condition);

}  // namespace dbopt::plugins::plan_decoder
