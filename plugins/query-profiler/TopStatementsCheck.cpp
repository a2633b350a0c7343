#include "TopStatementsCheck.hpp"

#include <algorithm>
#include <functional>
#include <set>
#include <string>

#include "Evidence.hpp"
#include "StatementGroups.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::query_profiler {

namespace sql = sdk::sql;

namespace {

/// One ordering of the exhibit: its short name (the "top by" column) and the value sorted on.
struct Ordering {
  const char* name;
  std::function<double(const StatementGroup&)> value;
};

/// Longest query text shown under a row of the exhibit, bytes.
constexpr std::size_t kExhibitQueryBytes = 160;

std::string pad_left(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}
std::string pad_right(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

}  // namespace

sdk::CheckInfo TopStatementsCheck::info() { return {kId, "Top statements (exhibit)", ""}; }

std::vector<sdk::OptionSpec> TopStatementsCheck::options() {
  return {
      {"top-count", sdk::OptionType::Integer, "5",
       "top-statements: statements listed per ordering (total time, mean time, stddev of the time, calls, "
       "rows, shared blocks read, temp blocks written, WAL bytes); the exhibit shows their union; dbopt choice (postgres-checkup "
       "K003 lists 50 by total time, too long for a report section)",
       1.0, 50.0},
  };
}

void TopStatementsCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  if (!catalog.has_statements()) {
    sink.log("top-statements: skipped: pg_stat_statements was not captured");
    return;
  }
  const std::vector<StatementGroup> groups = group_statements(catalog);
  if (groups.empty()) {
    sink.log("top-statements: skipped: pg_stat_statements has no rows for this database");
    return;
  }
  const auto top_count = static_cast<std::size_t>(options.integer("top-count"));
  const double total = catalog.total_exec_time();
  const std::int64_t block_size = catalog.block_size();

  const std::vector<Ordering> orderings = {
      {"total", [](const StatementGroup& g) { return g.total_exec_time; }},
      {"mean", [](const StatementGroup& g) { return g.mean_exec_time; }},
      {"stddev", [](const StatementGroup& g) { return g.stddev_exec_time; }},
      {"calls", [](const StatementGroup& g) { return static_cast<double>(g.calls); }},
      {"rows", [](const StatementGroup& g) { return static_cast<double>(g.rows); }},
      {"read", [](const StatementGroup& g) { return static_cast<double>(g.shared_blks_read); }},
      {"temp", [](const StatementGroup& g) { return static_cast<double>(g.temp_blks_written); }},
      {"wal", [](const StatementGroup& g) { return static_cast<double>(g.wal_bytes.value_or(0)); }},
  };
  // index in `groups` → the orderings that place it in the top `top_count`.
  std::vector<std::vector<std::string>> top_by(groups.size());
  for (const Ordering& o : orderings) {
    std::vector<std::size_t> idx(groups.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    // groups is sorted by total time then queryid: stable_sort keeps that as the tie-break.
    std::stable_sort(idx.begin(), idx.end(),
                     [&](std::size_t a, std::size_t b) { return o.value(groups[a]) > o.value(groups[b]); });
    for (std::size_t k = 0; k < idx.size() && k < top_count; ++k)
      if (o.value(groups[idx[k]]) > 0) top_by[idx[k]].push_back(o.name);
  }

  std::string text;
  text += pad_left("#", 3) + "  " + pad_left("share", 7) + "  " + pad_left("total", 9) + "  " + pad_left("calls", 9) +
          "  " + pad_left("mean", 9) + "  " + pad_left("stddev", 9) + "  " + pad_left("rows", 11) + "  " + pad_left("shared read", 11) + "  " +
          pad_left("temp written", 12) + "  " + pad_left("WAL", 9) + "  " + pad_right("top by", 24) + "  queryid\n";
  int rank = 0, shown = 0;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    ++rank;
    if (top_by[i].empty()) continue;
    ++shown;
    const StatementGroup& g = groups[i];
    std::string by;
    for (const std::string& n : top_by[i]) by += (by.empty() ? "" : ",") + n;
    text += pad_left(std::to_string(rank), 3) + "  " + pad_left(format_percent(time_share(g, total)), 7) + "  " +
            pad_left(sql::format_ms(g.total_exec_time), 9) + "  " + pad_left(sql::format_count(g.calls), 9) + "  " +
            pad_left(sql::format_ms(g.mean_exec_time), 9) + "  " + pad_left(sql::format_ms(g.stddev_exec_time), 9) +
            "  " + pad_left(sql::format_count(g.rows), 11) + "  " +
            pad_left(sql::format_bytes(g.shared_blks_read * block_size), 11) + "  " +
            pad_left(sql::format_bytes(g.temp_blks_written * block_size), 12) + "  " +
            pad_left(g.wal_bytes ? sql::format_bytes(*g.wal_bytes) : std::string("-"), 9) + "  " + pad_right(by, 24) +
            "  " + std::to_string(g.queryid) + "\n";
    text += "     " + statement_label(g.query, kExhibitQueryBytes) + "\n";
  }

  sdk::Exhibit e;
  e.id = kExhibitId;
  e.title = "Top statements (pg_stat_statements)";
  e.detail = "The " + sdk::md::escape(std::to_string(shown)) + " heaviest of " +
             sdk::md::escape(sql::format_count(static_cast<std::int64_t>(groups.size()))) +
             " statements: the " + std::to_string(top_count) +
             " first by each of total time, mean time, standard deviation of the time, calls, rows, shared blocks "
             "read, temp blocks written and WAL bytes (\"top by\"), in order of total time. `#` is the rank by total time; share is the part "
             "of all statement time (" +
             sdk::md::escape(sql::format_ms(total)) +
             ") since pg\\_stat\\_statements was last reset. Blocks are shown as bytes (" +
             sdk::md::escape(sql::format_count(block_size)) + "-byte pages). Rows merged per queryid.";
  e.text = text;
  sink.exhibit(e);
}

}  // namespace dbopt::plugins::query_profiler
