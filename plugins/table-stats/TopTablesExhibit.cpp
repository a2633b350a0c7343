#include "TopTablesExhibit.hpp"

#include <algorithm>
#include <cstdio>

#include "Evidence.hpp"
#include "TableFacts.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::table_stats {

namespace sql = sdk::sql;

std::pair<std::string, std::size_t> plain_cell(std::string_view text, std::size_t max_chars) {
  // Split into UTF-8 sequences (a malformed lead byte counts as one character).
  std::vector<std::string_view> glyphs;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 1;
    len = std::min(len, text.size() - i);
    glyphs.push_back(text.substr(i, len));
    i += len;
  }
  const bool cut = glyphs.size() > max_chars;
  const std::size_t keep = cut ? (max_chars > 0 ? max_chars - 1 : 0) : glyphs.size();
  std::string out;
  for (std::size_t i = 0; i < keep; ++i) {
    const auto c = static_cast<unsigned char>(glyphs[i][0]);
    if (glyphs[i].size() == 1 && (c < 0x20 || c == 0x7f))
      out.push_back(' ');
    else
      out.append(glyphs[i]);
  }
  if (cut && max_chars > 0) out += "…";
  return {out, cut ? max_chars : keep};
}

sdk::CheckInfo TopTablesExhibit::info() { return {kId, "Largest tables (sizes exhibit)", ""}; }

std::vector<sdk::OptionSpec> TopTablesExhibit::options() {
  return {
      {"top-tables-count", sdk::OptionType::Integer, "20",
       "top-tables: tables listed in the sizes exhibit; seed 000_… (table_sizes), dbopt choice of 20", 1.0, 1000.0},
  };
}

void TopTablesExhibit::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  const auto count = static_cast<std::size_t>(options.integer("top-tables-count"));
  std::vector<const sdk::Table*> tables;
  for (const sdk::Table& t : catalog.tables())
    if ((t.relkind == 'r' || t.relkind == 'm') && t.total_bytes > 0) tables.push_back(&t);
  if (tables.empty()) return;
  std::sort(tables.begin(), tables.end(), [](const sdk::Table* a, const sdk::Table* b) {
    if (a->total_bytes != b->total_bytes) return a->total_bytes > b->total_bytes;
    if (a->schemaname != b->schemaname) return a->schemaname < b->schemaname;
    return a->relname < b->relname;
  });
  if (tables.size() > count) tables.resize(count);

  const auto& db = catalog.snapshot().database;
  const bool rate = db && db->stats_age_seconds && *db->stats_age_seconds >= 3600;
  const double days = rate ? *db->stats_age_seconds / 86400.0 : 0;

  std::vector<std::vector<std::string>> rows = {
      {"table", "heap", "TOAST", "indexes", "total", "rows", "dead tuples", "dead %", rate ? "inserts/day" : ""}};
  std::int64_t sum_total = 0;
  for (const sdk::Table* t : tables) {
    const std::int64_t dead = t->stat ? t->stat->n_dead_tup : 0;
    const double live = t->stat ? static_cast<double>(t->stat->n_live_tup) : 0;
    const double ratio =
        live + static_cast<double>(dead) > 0 ? static_cast<double>(dead) / (live + static_cast<double>(dead)) : 0;
    std::string ins;
    if (rate && t->stat)
      ins = sql::format_count(static_cast<std::int64_t>(static_cast<double>(t->stat->n_tup_ins) / days));
    rows.push_back(
        {plain_cell(sql::qualified_name(t->schemaname, t->relname), 60).first, sql::format_bytes(t->heap_bytes),
         sql::format_bytes(t->toast_bytes), sql::format_bytes(t->indexes_bytes), sql::format_bytes(t->total_bytes),
         t->reltuples && *t->reltuples >= 0 ? sql::format_count(static_cast<std::int64_t>(*t->reltuples)) : "?",
         t->stat ? sql::format_count(dead) : "?", t->stat ? format_percent(ratio) : "?", ins});
    sum_total += t->total_bytes;
  }
  const std::size_t ncols = rate ? 9 : 8;
  std::vector<std::size_t> width(ncols, 0);
  auto chars = [](const std::string& s) { return plain_cell(s, s.size() + 1).second; };
  for (const auto& r : rows)
    for (std::size_t c = 0; c < ncols; ++c) width[c] = std::max(width[c], chars(r[c]));
  std::string text;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::string line;
    for (std::size_t c = 0; c < ncols; ++c) {
      const std::string& cell = rows[i][c];
      const std::string pad(width[c] - chars(cell), ' ');
      if (c) line += "  ";
      line += c == 0 ? cell + pad : pad + cell;  // names left, numbers right
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + "\n";
    if (i == 0) {
      std::size_t total = 0;
      for (std::size_t c = 0; c < ncols; ++c) total += width[c] + (c ? 2 : 0);
      text += std::string(total, '-') + "\n";
    }
  }

  sdk::Exhibit e;
  e.id = kId;
  e.title = "Largest tables";
  e.detail = "The " + std::to_string(tables.size()) + " largest tables by pg\\_total\\_relation\\_size (" +
             sql::format_bytes(sum_total) +
             " together): heap = main fork (pg\\_relation\\_size), TOAST = TOAST table and its index, indexes = "
             "pg\\_indexes\\_size; rows = pg\\_class.reltuples (? = never analyzed); dead tuples = "
             "pg\\_stat\\_user\\_tables.n\\_dead\\_tup";
  if (rate)
    e.detail += "; inserts/day = n\\_tup\\_ins over the " + sql::format_count(static_cast<std::int64_t>(days)) +
                " day(s) since the statistics were reset";
  e.detail += ".";
  e.text = text;
  sink.exhibit(e);
}

}  // namespace dbopt::plugins::table_stats
