#include "ColumnSampleProbe.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string_view>

#include "ToastLimits.hpp"
#include "ToastWhispererPlugin.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::toast_whisperer {

namespace sql = sdk::sql;

namespace {

/// pg_type OIDs whose octet_length() reads the uncompressed size from the TOAST header without
/// detoasting (toast_raw_datum_size): text, bytea, character varying, character.
constexpr sdk::Oid kTextOid = 25, kByteaOid = 17, kVarcharOid = 1043, kBpcharOid = 1042;

/// An empty TOAST relation still has its index's metapage: pg_total_relation_size = 1 page.
constexpr std::int64_t kEmptyToastPages = 1;
/// A toastable column this wide on average (pg_stats.avg_width, stored bytes) may hold values
/// compressed inline: the table is sampled even with an empty TOAST relation. dbopt choice: an
/// eighth of TOAST_TUPLE_THRESHOLD.
constexpr int kWideColumnAvgWidth = 256;
/// First server with pg_column_compression() (PostgreSQL 14) and pg_column_toast_chunk_id() (17).
constexpr int kPg14 = 140000, kPg17 = 170000;
/// Rows per page assumed when pg_class.reltuples is unknown (never analyzed).
constexpr double kDefaultRowsPerPage = 20;
/// TABLESAMPLE SYSTEM picks whole pages; ask for this many times the pages the row cap needs so
/// that dead or empty pages do not leave the sample short. dbopt choice.
constexpr double kSampleMargin = 2.0;

/// SQL for the uncompressed size of `v` in bytes and the name of the method (README.md).
std::pair<std::string, std::string> raw_size_expression(const sdk::Column& c) {
  if (c.atttypid == kTextOid || c.atttypid == kByteaOid || c.atttypid == kVarcharOid || c.atttypid == kBpcharOid)
    return {"octet_length(v)", "octet_length"};
  if (!c.type_name.empty() && c.type_name.back() == ']')  // ARRAY[v] of an array would add a dimension
    return {"pg_column_size(v)", "stored"};
  // ARRAY[v] detoasts and decompresses its element (construct_md_array); a one-element 1-D array
  // has a 24-byte header and the element keeps a 4-byte varlena header (±3 bytes of alignment).
  return {"(pg_column_size(ARRAY[v]) - 28)", "array"};
}

std::string format_percent(double p) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4f", p);
  return buf;
}

bool probe_candidate(const sdk::Catalog& catalog, const sdk::Table& t) {
  if ((t.relkind != 'r' && t.relkind != 'm') || !t.reltoastrelid || t.relpages <= 0) return false;
  const bool toast_used = t.toast_bytes > kEmptyToastPages * catalog.block_size();
  for (const sdk::Column* c : catalog.columns_of(t.oid)) {
    if (!is_toastable(*c)) continue;
    if (toast_used || !c->stats || c->stats->avg_width >= kWideColumnAvgWidth) return true;
  }
  return false;
}

std::optional<std::int64_t> parse_int(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::int64_t v = 0;
  const char* first = text->data();
  const char* last = first + text->size();
  const auto [end, ec] = std::from_chars(first, last, v);
  if (ec != std::errc() || end != last) return std::nullopt;
  return v;
}

const sdk::ProbeResult* find_probe(const sdk::Catalog& catalog, const std::string& name) {
  const auto& all = catalog.snapshot().plugin_probes;
  auto plugin = all.find(kPluginId);
  if (plugin == all.end()) return nullptr;
  auto probe = plugin->second.find(name);
  return probe == plugin->second.end() ? nullptr : &probe->second;
}

}  // namespace

std::string column_probe_name(sdk::Oid table_oid) { return "columns-" + std::to_string(table_oid); }

bool is_toastable(const sdk::Column& column) { return column.attlen == -1 && column.attstorage != 'p'; }

const ColumnSample* TableSample::column(int attnum) const {
  for (const ColumnSample& c : columns)
    if (c.attnum == attnum) return &c;
  return nullptr;
}

std::string column_probe_sql(const sdk::Catalog& catalog, const sdk::Table& table, const ProbeSettings& settings) {
  const int version = catalog.snapshot().server.server_version_num;
  const std::int64_t block_size = catalog.block_size();
  const std::int64_t threshold = toast_tuple_threshold(block_size);
  const std::int64_t target = std::max(threshold, toast_tuple_target_option(table.reloptions).value_or(threshold));
  const std::int64_t target_main = toast_tuple_target_main(block_size);

  const double rows_per_page = table.reltuples && *table.reltuples > 0 && table.relpages > 0
                                   ? *table.reltuples / static_cast<double>(table.relpages)
                                   : kDefaultRowsPerPage;
  const double pages_wanted = kSampleMargin * static_cast<double>(settings.sample_rows) / std::max(rows_per_page, 1e-6);
  const double percent = std::clamp(100.0 * pages_wanted / static_cast<double>(std::max<std::int64_t>(table.relpages, 1)),
                                    0.0001, 100.0);

  std::vector<const sdk::Column*> cols;
  for (const sdk::Column* c : catalog.columns_of(table.oid))
    if (is_toastable(*c)) cols.push_back(c);
  if (cols.empty())
    throw std::invalid_argument("column_probe_sql: " + sql::qualified_name(table.schemaname, table.relname) +
                                " has no toastable column");

  std::string s = "WITH s AS MATERIALIZED (SELECT ";
  for (std::size_t i = 0; i < cols.size(); ++i)
    s += (i ? ", " : "") + sql::quote_ident(cols[i]->attname) + " AS c" + std::to_string(i + 1);
  s += " FROM " + sql::qualified_name(table.schemaname, table.relname) + " TABLESAMPLE SYSTEM (" +
       format_percent(percent) + ") REPEATABLE (0) LIMIT " + std::to_string(settings.sample_rows) + ")\n";
  for (std::size_t i = 0; i < cols.size(); ++i) {
    const sdk::Column& c = *cols[i];
    const auto [raw, raw_method] = raw_size_expression(c);
    std::string ool, ool_method;
    if (version >= kPg17) {
      ool = "pg_column_toast_chunk_id(v) IS NOT NULL";
      ool_method = "toast_chunk_id";
    } else {
      ool = "pg_column_size(v) > " + std::to_string(c.attstorage == 'm' ? target_main : target);
      ool_method = "size";
    }
    const std::string large = raw + " > " + std::to_string(threshold);
    if (i) s += "UNION ALL\n";
    s += "SELECT " + std::to_string(c.attnum) + " AS attnum, count(*) AS sampled_rows, count(v) AS non_null, ";
    s += "coalesce(sum(pg_column_size(v)), 0) AS stored_bytes, coalesce(max(pg_column_size(v)), 0) AS max_stored_bytes, ";
    s += "coalesce(sum(" + raw + "), 0) AS raw_bytes, '" + raw_method + "' AS raw_method, ";
    s += "count(*) FILTER (WHERE " + ool + ") AS out_of_line, ";
    s += "coalesce(sum(pg_column_size(v)) FILTER (WHERE " + ool + "), 0) AS out_of_line_stored_bytes, '" + ool_method +
         "' AS out_of_line_method, ";
    if (version >= kPg14) {
      s += "count(*) FILTER (WHERE pg_column_compression(v) = 'pglz') AS pglz, ";
      s += "count(*) FILTER (WHERE pg_column_compression(v) = 'lz4') AS lz4, ";
    } else {
      s += "NULL::bigint AS pglz, NULL::bigint AS lz4, ";
    }
    s += "count(*) FILTER (WHERE " + large + ") AS large_values, ";
    if (version >= kPg14) {
      s += "count(*) FILTER (WHERE " + large + " AND pg_column_compression(v) = 'pglz') AS large_pglz, ";
      s += "count(*) FILTER (WHERE " + large + " AND pg_column_compression(v) IS NULL) AS large_uncompressed, ";
    } else {
      s += "NULL::bigint AS large_pglz, NULL::bigint AS large_uncompressed, ";
    }
    s += "coalesce(sum(pg_column_size(v)) FILTER (WHERE " + large + "), 0) AS large_stored_bytes, ";
    s += "coalesce(sum(" + raw + ") FILTER (WHERE " + large + "), 0) AS large_raw_bytes\n";
    s += "FROM (SELECT c" + std::to_string(i + 1) + " AS v FROM s) x\n";
  }
  return s;
}

std::vector<sdk::OptionSpec> probe_options() {
  const ProbeSettings d;
  return {
      {"sample-rows", sdk::OptionType::Integer, std::to_string(d.sample_rows),
       "probes: rows sampled per table (TABLESAMPLE SYSTEM sized for 2 × this, then LIMIT); dbopt choice: "
       "shares of out-of-line and compressed values within a few percent",
       1.0, 1000000.0},
      {"probe-budget", sdk::OptionType::Double, "60000",
       "probes: time for all table samples together, ms, split evenly (each probe gets probe-budget / tables, "
       "clamped to [min(1000, probe-timeout), probe-timeout]); dbopt choice: one minute added to a capture at most",
       1.0, 86400000.0},
      {"probe-timeout", sdk::OptionType::Double, "10000",
       "probes: statement_timeout cap of one table's sample, ms; dbopt choice", 1.0, 86400000.0},
      {"max-tables", sdk::OptionType::Integer, std::to_string(d.max_tables),
       "probes: tables sampled at most, largest heap + TOAST first (pg_relation_size + TOAST size); dbopt choice",
       1.0, 100000.0},
  };
}

ProbeSettings probe_settings(const sdk::Options& options) {
  ProbeSettings s;
  s.sample_rows = options.integer("sample-rows");
  s.total_budget_ms = options.number("probe-budget");
  s.max_probe_timeout_ms = options.number("probe-timeout");
  s.max_tables = static_cast<std::size_t>(options.integer("max-tables"));
  return s;
}

std::vector<sdk::Probe> column_sample_probes(const sdk::Catalog& catalog, const ProbeSettings& settings) {
  std::vector<const sdk::Table*> tables;
  for (const sdk::Table& t : catalog.tables())
    if (probe_candidate(catalog, t)) tables.push_back(&t);
  std::stable_sort(tables.begin(), tables.end(), [](const sdk::Table* a, const sdk::Table* b) {
    return a->heap_bytes + a->toast_bytes > b->heap_bytes + b->toast_bytes;
  });
  if (tables.size() > settings.max_tables) tables.resize(settings.max_tables);

  std::vector<sdk::Probe> probes;
  if (catalog.snapshot().server.server_version_num >= kPg14)
    probes.push_back({kServerCompressionProbe,
                      "compression methods this server accepts (pg_settings.enumvals of default_toast_compression)",
                      "SELECT enumvals::text AS enumvals FROM pg_settings WHERE name = 'default_toast_compression'",
                      std::nullopt});
  if (tables.empty()) return probes;
  // std::clamp needs floor <= cap: a probe-timeout below the floor lowers the floor.
  const double floor_ms = std::min(settings.min_probe_timeout_ms, settings.max_probe_timeout_ms);
  const double per_probe =
      std::clamp(settings.total_budget_ms / static_cast<double>(tables.size()), floor_ms, settings.max_probe_timeout_ms);
  for (const sdk::Table* t : tables)
    probes.push_back({column_probe_name(t->oid),
                      "bounded sample of the variable-length columns of " + sql::qualified_name(t->schemaname, t->relname) +
                          ": stored vs uncompressed size, out-of-line values, compression method",
                      column_probe_sql(catalog, *t, settings), per_probe});
  return probes;
}

std::optional<TableSample> read_table_sample(const sdk::Catalog& catalog, const sdk::Table& table, sdk::FindingSink& sink) {
  const std::string name = column_probe_name(table.oid);
  const std::string what = "probe " + name + " (" + sql::qualified_name(table.schemaname, table.relname) + ")";
  const sdk::ProbeResult* r = find_probe(catalog, name);
  if (!r) return std::nullopt;  // not sampled (not a candidate, or captured without this plugin)
  if (r->status != "ok") {
    sink.log(what + " failed at capture: " + r->error.value_or("no error text") + "; table skipped");
    return std::nullopt;
  }
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < r->columns.size(); ++i) col[r->columns[i]] = i;
  auto garbage = [&](const std::string& why) {
    sink.log(what + " returned unreadable rows (" + why + "); table skipped");
    return std::nullopt;
  };
  static const char* const kRequired[] = {
      "attnum", "sampled_rows", "non_null", "stored_bytes", "max_stored_bytes", "raw_bytes", "raw_method",
      "out_of_line", "out_of_line_stored_bytes", "out_of_line_method", "pglz", "lz4", "large_values",
      "large_pglz", "large_uncompressed", "large_stored_bytes", "large_raw_bytes"};
  for (const char* c : kRequired)
    if (!col.count(c)) return garbage(std::string("no column ") + c);

  TableSample sample;
  sample.table_oid = table.oid;
  for (const auto& row : r->rows) {
    if (row.size() != r->columns.size()) return garbage("row width differs from the column list");
    auto at = [&](const char* c) -> const std::optional<std::string>& { return row[col.at(c)]; };
    auto count = [&](const char* c, std::int64_t& out) {
      const auto v = parse_int(at(c));
      if (!v || *v < 0) return false;
      out = *v;
      return true;
    };
    auto optional_count = [&](const char* c, std::optional<std::int64_t>& out) {
      if (!at(c)) return true;
      const auto v = parse_int(at(c));
      if (!v || *v < 0) return false;
      out = *v;
      return true;
    };
    ColumnSample s;
    std::int64_t attnum = 0;
    if (!count("attnum", attnum) || attnum > 1600) return garbage("bad attnum");
    s.attnum = static_cast<int>(attnum);
    const sdk::Column* c = catalog.column(table.oid, s.attnum);
    if (!c || !is_toastable(*c)) return garbage("attnum " + std::to_string(attnum) + " is not a sampled column");
    if (!count("sampled_rows", s.sampled_rows) || !count("non_null", s.non_null) ||
        !count("stored_bytes", s.stored_bytes) || !count("max_stored_bytes", s.max_stored_bytes) ||
        !count("out_of_line", s.out_of_line) || !count("out_of_line_stored_bytes", s.out_of_line_stored_bytes) ||
        !count("large_values", s.large_values) || !count("large_stored_bytes", s.large_stored_bytes) ||
        !count("large_raw_bytes", s.large_raw_bytes) || !optional_count("pglz", s.pglz) ||
        !optional_count("lz4", s.lz4) || !optional_count("large_pglz", s.large_pglz) ||
        !optional_count("large_uncompressed", s.large_uncompressed))
      return garbage("a count is missing, negative or not an integer");
    // raw_bytes may be negative by a few bytes per value with the "array" method only when the
    // values are tiny; clamp rather than reject.
    const auto raw = parse_int(at("raw_bytes"));
    if (!raw) return garbage("raw_bytes is not an integer");
    s.raw_bytes = std::max<std::int64_t>(*raw, 0);
    s.raw_method = at("raw_method").value_or("");
    s.out_of_line_method = at("out_of_line_method").value_or("");
    if (s.raw_method != "octet_length" && s.raw_method != "array" && s.raw_method != "stored")
      return garbage("unknown raw_method");
    if (s.out_of_line_method != "toast_chunk_id" && s.out_of_line_method != "size")
      return garbage("unknown out_of_line_method");
    if (s.non_null > s.sampled_rows || s.out_of_line > s.non_null || s.large_values > s.non_null ||
        s.large_pglz.value_or(0) + s.large_uncompressed.value_or(0) > s.large_values ||
        s.pglz.value_or(0) + s.lz4.value_or(0) > s.non_null)
      return garbage("counts are inconsistent");
    if (sample.column(s.attnum)) return garbage("attnum " + std::to_string(attnum) + " twice");
    sample.columns.push_back(std::move(s));
  }
  return sample;
}

std::optional<bool> lz4_available(const sdk::Catalog& catalog) {
  const sdk::ProbeResult* r = find_probe(catalog, kServerCompressionProbe);
  if (!r || r->status != "ok" || r->rows.empty() || r->rows[0].empty() || !r->rows[0][0]) return std::nullopt;
  std::string_view v = *r->rows[0][0];  // text form of a text[]: {pglz,lz4}
  if (v.size() < 2 || v.front() != '{' || v.back() != '}') return std::nullopt;
  v = v.substr(1, v.size() - 2);
  while (!v.empty()) {
    const auto comma = v.find(',');
    if (v.substr(0, comma) == "lz4") return true;
    if (comma == std::string_view::npos) break;
    v.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace dbopt::plugins::toast_whisperer
