#include "KeyAbbreviationCheck.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "Evidence.hpp"
#include "Format.hpp"
#include "JsonColumns.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

namespace sql = sdk::sql;
namespace md = sdk::md;

namespace {

constexpr std::size_t kMappingRowsShown = 10;
constexpr std::size_t kOutlineKeys = 20;

std::string to_hex(std::int64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(n));
  return buf;
}

/// Characters of a UTF-8 string (PostgreSQL length() in a UTF-8 database).
std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char ch : s)
    if ((ch & 0xC0) != 0x80) ++n;
  return n;
}

std::string outline_case(const std::vector<KeyCode>& mapping, bool inverse) {
  std::string s = "CASE e.key";
  for (const KeyCode& m : mapping)
    s += " WHEN " + sql::quote_literal(inverse ? m.code : m.key) + " THEN " + sql::quote_literal(inverse ? m.key : m.code);
  s += " ELSE e.key END";
  return s;
}

std::string outline_update(const std::string& table, const std::string& column, const std::vector<KeyCode>& mapping,
                           bool inverse) {
  return "UPDATE " + table + "\nSET " + column + " = (SELECT jsonb_object_agg(" + outline_case(mapping, inverse) +
         ", e.value)\n" + std::string(column.size() + 7, ' ') + "FROM jsonb_each(" + column +
         ") AS e)\nWHERE jsonb_typeof(" + column + ") = 'object' AND " + column + " <> '{}';";
}

}  // namespace

std::vector<KeyCode> abbreviation_mapping(const JsonProfile& profile) {
  std::vector<const KeyStat*> long_keys;
  std::set<std::string> existing;
  for (const KeyStat& k : profile.keys) {
    existing.insert(k.key);
    if (utf8_length(k.key) > 3) long_keys.push_back(&k);
  }
  std::stable_sort(long_keys.begin(), long_keys.end(), [](const KeyStat* a, const KeyStat* b) {
    if (a->occurrences != b->occurrences) return a->occurrences > b->occurrences;
    return a->key < b->key;
  });
  std::vector<KeyCode> out;
  std::int64_t i = 0;
  for (const KeyStat* k : long_keys) {
    std::string code = to_hex(i++);
    while (existing.count(code)) code = to_hex(i++);
    out.push_back({k->key, code});
  }
  return out;
}

sdk::CheckInfo KeyAbbreviationCheck::info() { return {kId, "Long JSONB keys repeated in every row", "DB-OPT-01"}; }

std::vector<sdk::OptionSpec> KeyAbbreviationCheck::options() {
  return {
      {"max-avg-key-length", sdk::OptionType::Double, "3",
       "key-abbreviation: average key length (characters per key occurrence in the sample) above which keys are "
       "flagged; seed 003_…, DB-OPT-01 (\"JSONB keys <= 3 chars\", \"flagged if avg key length > 3\")",
       0.0, std::nullopt},
      {"min-abbreviation-gain", sdk::OptionType::Double, "0.20",
       "key-abbreviation: smallest measured size reduction of the sampled documents with abbreviated keys, 0..1; "
       "seed 003_…, DB-OPT-01 (\"compression ratio improves > 20 %\")",
       0.0, 1.0},
      {"key-repeat-alert", sdk::OptionType::Double, "1000000",
       "key-abbreviation: estimated occurrences of one key across the table (sample frequency × reltuples) above "
       "which the finding is severity high; seed 003_…, DB-OPT-01 (\"key repetition exceeds 1M instances\")",
       0.0, std::nullopt},
  };
}

void KeyAbbreviationCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  const double max_len = options.number("max-avg-key-length");
  const double min_gain = options.number("min-abbreviation-gain");
  const double repeat_alert = options.number("key-repeat-alert");
  const double min_rows = options.number("min-rows");
  const std::int64_t min_docs = options.integer("min-sample-documents");

  for (const JsonColumn& jc : json_columns(catalog)) {
    const sdk::Table& table = *jc.table;
    const sdk::Column& column = *jc.column;
    const ProfileLookup lookup = find_profile(catalog, column);
    if (!lookup.profile) continue;  // logged once by the plugin
    const JsonProfile& p = *lookup.profile;
    const std::string label = column_label(table, column);
    const double reltuples = reltuples_or_zero(table);
    if (reltuples < min_rows || p.documents < min_docs || p.key_occurrences == 0 || p.plain_bytes == 0) continue;
    const double avg_len = static_cast<double>(p.key_chars) / static_cast<double>(p.key_occurrences);
    const double gain = 1.0 - static_cast<double>(p.abbreviated_bytes) / static_cast<double>(p.plain_bytes);
    if (avg_len <= max_len) continue;
    if (gain < min_gain) {
      sink.log("key-abbreviation: " + label + " has keys of " + format_decimal(avg_len) +
               " characters on average, but abbreviating them measured only " + format_percent(gain) +
               " smaller documents (min-abbreviation-gain " + format_percent(min_gain) + "): not reported");
      continue;
    }

    const double rows = static_cast<double>(p.sampled_rows);
    const double per_row_scale = reltuples / rows;
    const double key_bytes_per_doc = static_cast<double>(p.key_bytes) / static_cast<double>(p.documents);
    const auto key_bytes_table = static_cast<std::int64_t>(std::llround(static_cast<double>(p.key_bytes) * per_row_scale));
    const double saved_plain_per_row = static_cast<double>(p.plain_bytes - p.abbreviated_bytes) / rows;
    const double stored_ratio =
        std::min(1.0, static_cast<double>(p.stored_bytes) / static_cast<double>(p.plain_bytes));
    const auto saved_table = static_cast<std::int64_t>(std::llround(saved_plain_per_row * stored_ratio * reltuples));
    const KeyStat* top = nullptr;
    for (const KeyStat& k : p.keys)
      if (!top || k.occurrences > top->occurrences) top = &k;
    const double top_repeats = top ? static_cast<double>(top->occurrences) * per_row_scale : 0.0;
    const bool alert = top_repeats > repeat_alert;
    const std::vector<KeyCode> mapping = abbreviation_mapping(p);
    const bool complete = static_cast<std::int64_t>(p.keys.size()) == p.distinct_keys;

    sdk::Finding f;
    f.check_id = kId;
    f.story = "DB-OPT-01";
    f.title = "Long JSON keys in " + label + ": abbreviated keys measured " + format_percent(gain) +
              " smaller documents (average key " + format_decimal(avg_len) + " characters)";
    std::string d;
    d += "Every " + std::string(jc.jsonb ? "jsonb" : "json") + " document of " + md::escape(label) +
         " stores its key strings again (seed 003\\_…, technical reference 6.1: unlike relational column names, "
         "which live once in the catalog). In a sample of " + md::escape(sql::format_count(p.sampled_rows)) +
         " rows (" + md::escape(sql::format_count(p.documents)) + " documents, " +
         md::escape(sql::format_count(p.distinct_keys)) + " distinct keys), keys average " +
         md::escape(format_decimal(avg_len)) + " characters per occurrence (DB-OPT-01 asks for at most " +
         md::escape(format_decimal(max_len)) + ") and take " + md::escape(sql::format_bytes(std::llround(key_bytes_per_doc))) +
         " per document: about " + md::escape(sql::format_bytes(key_bytes_table)) + " of key strings across the table's " +
         md::escape(sql::format_count(std::llround(reltuples))) + " rows (reltuples).\n\n";
    d += "**Measured on the sample** (read-only, by the capture probe): the same documents rebuilt with every key "
         "longer than 3 characters renamed to a 1–3 character code are " + md::escape(format_percent(gain)) +
         " smaller uncompressed (pg\\_column\\_size " + md::escape(sql::format_bytes(p.plain_bytes)) + " → " +
         md::escape(sql::format_bytes(p.abbreviated_bytes)) + "; DB-OPT-01 asks for more than " +
         md::escape(format_percent(min_gain)) + "). As stored they take " + md::escape(sql::format_bytes(p.stored_bytes)) +
         (p.stored_bytes < p.plain_bytes ? " (TOAST compression already shrinks them; the saving on disk is estimated "
                                           "at the same compression ratio)"
                                         : " (not compressed)") +
         ": about " + md::escape(sql::format_bytes(saved_table)) + " across the table.\n\n";
    if (top)
      d += std::string(alert ? "**Alert:** the" : "The") + " most frequent key, " + md::escape(top->key) + ", occurs " +
           md::escape(sql::format_count(top->occurrences)) + " times in the sample: about " +
           md::escape(sql::format_count(std::llround(top_repeats))) + " times across the table" +
           (alert ? ", above the " + md::escape(sql::format_count(std::llround(repeat_alert))) +
                        " repetitions of DB-OPT-01."
                  : ".") +
           "\n\n";
    if (!mapping.empty()) {
      d += "Most frequent long keys and the codes the measurement used" +
           std::string(complete ? "" : " (the probe returned the most frequent keys only)") + ":\n\n";
      d += "| key | level | occurrences in sample | estimated in table | code |\n|---|---|---|---|---|\n";
      for (std::size_t i = 0; i < mapping.size() && i < kMappingRowsShown; ++i) {
        const KeyStat* k = nullptr;
        for (const KeyStat& s : p.keys)
          if (s.key == mapping[i].key) k = &s;
        if (!k) continue;
        d += "| " + md::escape(k->key) + " | " + std::to_string(k->level) + " | " + sql::format_count(k->occurrences) +
             " | " + sql::format_count(std::llround(static_cast<double>(k->occurrences) * per_row_scale)) + " | " +
             md::escape(mapping[i].code) + " |\n";
      }
      d += "\n";
    }
    d += "Renaming keys is an application and data migration, so dbopt gives no script: every writer must emit the "
         "short keys and every reader (queries, indexes on expressions, views, the application's models) must use "
         "them, usually with a release that reads both names during the backfill. Rewriting every row also "
         "rewrites the table's heap and TOAST data (WAL, bloat, a VACUUM afterwards). ";
    std::vector<KeyCode> top_level;
    for (const KeyCode& m : mapping) {
      for (const KeyStat& s : p.keys)
        if (s.key == m.key && s.level == 1 && top_level.size() < kOutlineKeys) top_level.push_back(m);
    }
    if (jc.jsonb && !top_level.empty()) {
      const std::string tname = sql::qualified_name(table.schemaname, table.relname);
      const std::string cname = sql::quote_ident(column.attname);
      d += "An outline of the data step for the top-level keys (nested keys need the same mapping at their level); "
           "its inverse restores the names exactly only if no document already used a code as a key:\n\n";
      d += md::code_block("-- outline, not run by dbopt: rename top-level keys\n" +
                          outline_update(tname, cname, top_level, false) + "\n-- inverse mapping\n" +
                          outline_update(tname, cname, top_level, true));
      d += "\n";
    }
    f.detail = d;
    f.object = {"column", table.schemaname, table.relname, column.attname, std::nullopt};
    f.evidence = {
        metric("avg_key_length", avg_len, "count"),
        metric("sampled_rows", rows, "rows"),
        metric("sampled_documents", static_cast<double>(p.documents), "count"),
        metric("distinct_keys", static_cast<double>(p.distinct_keys), "count"),
        metric("key_bytes_per_document", key_bytes_per_doc, "bytes"),
        metric("key_bytes_table_estimate", static_cast<double>(key_bytes_table), "bytes"),
        metric("sample_plain_bytes", static_cast<double>(p.plain_bytes), "bytes"),
        metric("sample_abbreviated_bytes", static_cast<double>(p.abbreviated_bytes), "bytes"),
        metric("sample_stored_bytes", static_cast<double>(p.stored_bytes), "bytes"),
        metric("abbreviation_gain", gain, "ratio"),
        metric("reltuples", reltuples, "rows"),
    };
    if (top) {
      f.evidence.push_back(text_metric("most_frequent_key", top->key));
      f.evidence.push_back(metric("most_frequent_key_table_estimate", top_repeats, "count"));
    }
    f.impact.storage_delta_bytes = -saved_table;
    f.impact.summary = "Abbreviated keys measured " + format_percent(gain) + " smaller documents; about " +
                       sql::format_bytes(saved_table) + " less across " + sql::format_count(std::llround(reltuples)) +
                       " rows";
    f.severity = alert ? sdk::Severity::High : sdk::Severity::Medium;
    f.confidence = sdk::Confidence::Measured;
    f.risk = {sdk::RiskLevel::High,
              "Application and data migration: every reader and writer must change together; rewriting every row "
              "generates WAL and dead tuples the size of the table"};
    sink.add(f);
  }
}

}  // namespace dbopt::plugins::hybrid_schema_engineer
