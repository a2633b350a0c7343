#include "SequenceExhaustionCheck.hpp"

#include <algorithm>
#include <cstdlib>

#include "Evidence.hpp"
#include "SequenceProbe.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::table_stats {

namespace sql = sdk::sql;

namespace {
/// Where a sequence's values stop, and who stops them.
struct Capacity {
  double used_ratio = 0;         // fraction of the usable range consumed, 0..1
  long double remaining = 0;     // values left before the limit (in increments)
  std::int64_t limit = 0;        // the binding bound
  bool column_binds = false;     // the column type's bound is as near as the sequence's, or nearer
  bool column_strictly = false;  // … strictly nearer: the column overflows before the sequence ends
};

Capacity capacity(const SequenceUse& u) {
  Capacity c;
  std::int64_t lo = u.min_value, hi = u.max_value;
  const auto bounds = u.column_type ? integer_bounds(*u.column_type) : std::nullopt;
  const bool ascending = u.increment_by > 0;
  if (bounds) {
    // The column binds when its bound is as near as the sequence's: widening the sequence alone
    // would not help then.
    c.column_binds = ascending ? bounds->max <= hi : bounds->min >= lo;
    c.column_strictly = ascending ? bounds->max < hi : bounds->min > lo;
    lo = std::max(lo, bounds->min);
    hi = std::min(hi, bounds->max);
  }
  const long double last = static_cast<long double>(*u.last_value);
  const long double range = static_cast<long double>(hi) - static_cast<long double>(lo);
  if (range <= 0) return c;
  const long double travelled = ascending ? last - lo : hi - last;
  c.used_ratio = static_cast<double>(std::clamp(travelled / range, 0.0L, 1.0L));
  c.limit = ascending ? hi : lo;
  const long double left = ascending ? static_cast<long double>(hi) - last : last - static_cast<long double>(lo);
  c.remaining = std::max(0.0L, left / std::abs(static_cast<long double>(u.increment_by)));
  return c;
}

std::string count(long double v) { return sql::format_count(static_cast<std::int64_t>(v)); }

/// Foreign keys elsewhere that reference the column (their columns must be widened too).
std::vector<std::string> referencing_fks(const sdk::Catalog& catalog, const SequenceUse& u) {
  std::vector<std::string> out;
  const sdk::Table* t = catalog.table(*u.table_schema, *u.table_name);
  if (!t) return out;
  const sdk::Column* c = catalog.column(t->oid, *u.column_name);
  if (!c) return out;
  for (const sdk::Table& other : catalog.tables())
    for (const sdk::Constraint* k : catalog.constraints_of(other.oid))
      if (k->contype == 'f' && k->confrelid == t->oid &&
          std::find(k->confkey.begin(), k->confkey.end(), c->attnum) != k->confkey.end())
        out.push_back(sql::qualified_name(other.schemaname, other.relname) + " (" + k->conname + ")");
  return out;
}
}  // namespace

sdk::CheckInfo SequenceExhaustionCheck::info() { return {kId, "Sequence or integer key close to its maximum", ""}; }

std::vector<sdk::OptionSpec> SequenceExhaustionCheck::options() {
  return {
      {"sequence-critical-ratio", sdk::OptionType::Double, "0.90",
       "sequence-exhaustion: used fraction of the range from which it is critical (P1), 0..1; source: issue #3 "
       "(\"critical above 90 %\")",
       0.0, 1.0},
      {"sequence-high-ratio", sdk::OptionType::Double, "0.75",
       "sequence-exhaustion: used fraction from which it is reported as high (P2), 0..1; dbopt choice: leaves time "
       "for an online migration, which takes weeks on a large table",
       0.0, 1.0},
  };
}

void SequenceExhaustionCheck::run(const sdk::Catalog& catalog, const sdk::Options& options,
                                  sdk::FindingSink& sink) const {
  const double critical = options.number("sequence-critical-ratio");
  const double high = options.number("sequence-high-ratio");
  const SequenceProbeData data = read_sequence_probe(catalog);
  for (const std::string& p : data.problems) sink.log("sequence-exhaustion: " + p);
  if (!data.available) {
    sink.log("sequence-exhaustion: skipped, no usable sequences probe");
    return;
  }
  std::size_t unread = 0;
  for (const SequenceUse& u : data.uses) {
    if (!u.last_value) {
      ++unread;
      continue;
    }
    const Capacity cap = capacity(u);
    if (cap.used_ratio < high && cap.used_ratio < critical) continue;
    const bool has_column = u.table_name.has_value();
    const std::string seq = sql::qualified_name(u.schemaname, u.sequencename);
    const std::string table = has_column ? sql::qualified_name(*u.table_schema, *u.table_name) : "";
    const std::string column = has_column ? table + "." + sql::quote_ident(*u.column_name) : "";
    const std::string ctype = u.column_type.value_or("");
    const bool ascending = u.increment_by > 0;
    const auto seq_type_max = integer_bounds(u.data_type);
    const bool script_ok = has_column && !cap.column_binds && ascending && u.data_type != "bigint" && seq_type_max &&
                           u.max_value == seq_type_max->max && ctype == "bigint";

    sdk::Finding f;
    f.check_id = kId;
    f.object = has_column ? sdk::ObjectRef{"column", *u.table_schema, *u.table_name, *u.column_name, std::nullopt}
                          : sdk::ObjectRef{"sequence", u.schemaname, u.sequencename, std::nullopt, std::nullopt};
    f.title = (has_column ? "Column " + column + " (sequence " + seq + ")" : "Sequence " + seq) + " has used " +
              format_percent(cap.used_ratio) + " of its range";
    std::string d = "Sequence " + sdk::md::escape(seq) + " (" + sdk::md::escape(u.data_type) + ", increment " +
                    sdk::md::escape(sql::format_count(u.increment_by)) + ", range " +
                    sdk::md::escape(sql::format_count(u.min_value)) + " … " +
                    sdk::md::escape(sql::format_count(u.max_value)) + ") is at last\\_value " +
                    sdk::md::escape(sql::format_count(*u.last_value)) + " (pg\\_sequences).";
    if (has_column)
      d += " It feeds " + sdk::md::escape(column) + " of type " + sdk::md::escape(ctype) + " (" +
           (u.dependency == 'i'   ? "identity column"
            : u.dependency == 'a' ? "OWNED BY, e.g. serial"
                                  : "column default calling nextval()") +
           ").";
    d += "\n\nThe binding limit is " + sdk::md::escape(sql::format_count(cap.limit)) + ", set by " +
         (cap.column_strictly ? "the column type " + sdk::md::escape(ctype)
          : cap.column_binds  ? "both the sequence and the column type " + sdk::md::escape(ctype)
                              : std::string("the sequence's own bound")) +
         ": " + sdk::md::escape(format_percent(cap.used_ratio)) + " of the range is used, about " +
         sdk::md::escape(count(cap.remaining)) + " values remain. Then ";
    if (cap.column_strictly)
      d += "every INSERT fails with \"" + sdk::md::escape(ctype) + " out of range\" (SQLSTATE 22003)";
    else if (u.cycle)
      d += "the sequence wraps to its start (CYCLE) and hands out values again: duplicate keys where they are unique";
    else
      d += "nextval() fails (\"reached maximum value of sequence\", SQLSTATE 2200H) and so does every INSERT that "
           "needs it";
    d += ". The sequence's last\\_value may run ahead of the largest stored value by its cache size.\n\n";
    if (script_ok) {
      d += "The sequence is narrower than the bigint column it feeds (a column widened with ALTER COLUMN TYPE keeps "
           "its sequence's type). The script widens the sequence: ALTER SEQUENCE … AS bigint raises max\\_value to "
           "the bigint maximum because it is at the " +
           sdk::md::escape(u.data_type) +
           " maximum; it takes a brief lock on the sequence only. The rollback restores the old type and maximum, "
           "and fails once the sequence has passed the old maximum.";
    } else {
      d += "Migration outline (no script: each step needs a decision and a window):\n\n";
      if (has_column && cap.column_binds) {
        d += "1. Quick, with downtime: " +
             code_span("ALTER TABLE " + table + " ALTER COLUMN " + sql::quote_ident(*u.column_name) + " TYPE bigint;") +
             " rewrites the table and all its indexes under ACCESS EXCLUSIVE (no reads or writes for "
             "the whole rewrite, free disk for a copy).\n";
        d += "2. Online: add a bigint column, keep it in sync with a trigger, backfill it in batches, build a unique "
             "index on it CONCURRENTLY, then in one short transaction swap the columns and make the new index the "
             "primary key (`ADD CONSTRAINT … PRIMARY KEY USING INDEX`).\n";
        int step = 3;
        if (u.data_type != "bigint")
          d += std::to_string(step++) + ". Then " + code_span("ALTER SEQUENCE " + seq + " AS bigint;") + " (it is " +
               sdk::md::escape(u.data_type) +
               "), so that it does not become the next limit; an identity column's "
               "sequence follows ALTER COLUMN TYPE by itself.\n";
        const auto fks = referencing_fks(catalog, u);
        if (!fks.empty()) {
          d += std::to_string(step) + ". Widen the referencing foreign-key columns the same way:";
          for (const auto& fk : fks) d += " " + sdk::md::escape(fk) + ";";
          d += "\n";
        }
      } else if (has_column) {
        d += "- The column type is not the limit: widen the sequence (" +
             code_span("ALTER SEQUENCE " + seq + " AS bigint;") +
             " or a larger MAXVALUE) after checking that every column it feeds accepts the larger values.\n";
      } else {
        d += "- The sequence feeds no column dbopt can see (no OWNED BY, identity or default): find where the "
             "application stores its values, check those columns' types, then widen the sequence with " +
             code_span("ALTER SEQUENCE " + seq + " AS bigint;") + ".\n";
      }
    }
    f.detail = d;
    f.evidence = {metric("last_value", static_cast<double>(*u.last_value), "count"),
                  metric("limit", static_cast<double>(cap.limit), "count"),
                  metric("used_ratio", cap.used_ratio, "ratio"),
                  metric("remaining_values", static_cast<double>(cap.remaining), "count"),
                  text_metric("sequence_data_type", u.data_type)};
    if (has_column) f.evidence.push_back(text_metric("column_type", ctype));
    f.impact.summary = "About " + count(cap.remaining) + " values left before inserts fail";
    f.severity = cap.used_ratio >= critical ? sdk::Severity::Critical : sdk::Severity::High;
    f.confidence = sdk::Confidence::Measured;
    if (script_ok) {
      f.risk = {sdk::RiskLevel::Low,
                "ALTER SEQUENCE … AS bigint changes only the sequence's type and bounds (brief exclusive lock on the "
                "sequence, no table rewrite)"};
      f.script = sdk::Script{
          sdk::ScriptCategory::Schema, "ALTER SEQUENCE " + seq + " AS bigint;",
          "-- fails once the sequence has passed the old maximum\nALTER SEQUENCE " + seq + " AS " + u.data_type + ";",
          false};
    } else {
      f.risk = {sdk::RiskLevel::High,
                cap.column_binds ? "widening the column rewrites the table and its indexes under ACCESS EXCLUSIVE, or "
                                   "needs an online column swap"
                                 : "widening the sequence is safe only if every column it feeds accepts larger values"};
    }
    sink.add(f);
  }
  if (unread)
    sink.log("sequence-exhaustion: " + std::to_string(unread) +
             " sequence(s) without last_value (never used, or not readable by the capturing role)");
}

}  // namespace dbopt::plugins::table_stats
