#include "PglzCompressionCheck.hpp"

#include <cstdio>
#include <optional>

#include "ColumnSampleProbe.hpp"
#include "Evidence.hpp"
#include "ToastLimits.hpp"
#include "dbopt/sdk/markdown.hpp"
#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::toast_whisperer {

namespace sql = sdk::sql;
namespace md = sdk::md;

namespace {

/// attcompression and default_toast_compression exist from PostgreSQL 14.
constexpr int kPg14 = 140000;
/// When at least this share of the large sampled values is stored uncompressed (pglz gave up),
/// the finding is Medium: lz4 may also save space there, not only time. dbopt choice.
constexpr double kGaveUpShare = 0.10;

/// The compression method new values of `c` get: attcompression, else the setting.
std::string effective_method(const sdk::Column& c, const sdk::Setting* default_setting) {
  if (c.attcompression == 'p') return "pglz";
  if (c.attcompression == 'l') return "lz4";
  return default_setting ? default_setting->setting : "pglz";  // PostgreSQL's built-in default
}

const char* kRewriteText =
    "**Only values written from now on are compressed with lz4.** ALTER TABLE … SET COMPRESSION does not rewrite "
    "the table, so existing data stays as it is (PostgreSQL documentation, ALTER TABLE: \"This does not cause the "
    "table to be rewritten, so existing data may still be compressed with other compression methods\"). A rewrite "
    "by VACUUM FULL or CLUSTER compresses with lz4 the values that are stored *uncompressed* (the toaster tries "
    "again), but copies values already compressed with pglz as they are; CREATE TABLE AS and INSERT … SELECT copy "
    "them as they are too (all verified on PostgreSQL 15 with pg\\_column\\_compression). A pglz value is "
    "recompressed only when it is decompressed and stored again: pg\\_dump + pg\\_restore (documented), COPY out "
    "and back in, logical replication into a new table, or an UPDATE that builds a new value. Each is expensive: "
    "VACUUM FULL and CLUSTER hold an ACCESS EXCLUSIVE lock for the whole rewrite and need room for a second copy; a "
    "dump/restore needs downtime or a replication switchover; an UPDATE of every row doubles the table until VACUUM "
    "FULL and writes it all to WAL. Most teams let the data turn over by itself.";

}  // namespace

sdk::CheckInfo PglzCompressionCheck::info() { return {kId, "Large values compressed with pglz", "DB-OPT-03"}; }

std::vector<sdk::OptionSpec> PglzCompressionCheck::options() {
  return {
      {"pglz-min-large-values", sdk::OptionType::Integer, "5",
       "pglz-compression: sampled values larger than TOAST_TUPLE_THRESHOLD (2032 bytes with 8 kB pages, seed 003_…: "
       "\"columns > 2KB\") on pglz needed before a column is reported, count; dbopt choice: a handful of large values "
       "in a sample is not a large column",
       1.0, std::nullopt},
  };
}

void PglzCompressionCheck::run(const sdk::Catalog& catalog, const sdk::Options& options, sdk::FindingSink& sink) const {
  if (catalog.snapshot().server.server_version_num < kPg14) return;  // no attcompression before 14
  const std::int64_t min_large = options.integer("pglz-min-large-values");
  const sdk::Setting* default_setting = catalog.setting("default_toast_compression");
  const std::optional<bool> lz4 = lz4_available(catalog);
  if (lz4 == false) {
    sink.log("pglz-compression: skipped: this server does not accept lz4 (pg_settings.enumvals of "
             "default_toast_compression has no lz4; PostgreSQL was built without --with-lz4)");
    return;
  }
  const std::int64_t threshold = toast_tuple_threshold(catalog.block_size());
  std::vector<std::string> following_default;  // reported columns whose attcompression is null

  for (const sdk::Table& t : catalog.tables()) {
    if (t.relkind != 'r') continue;
    std::optional<TableSample> sample;
    bool sample_read = false;
    for (const sdk::Column* c : catalog.columns_of(t.oid)) {
      // EXTERNAL never compresses, PLAIN never TOASTs: only EXTENDED and MAIN use a method.
      if (!is_toastable(*c) || (c->attstorage != 'x' && c->attstorage != 'm')) continue;
      if (effective_method(*c, default_setting) != "pglz") continue;
      if (!sample_read) {
        sample = read_table_sample(catalog, t, sink);
        sample_read = true;
      }
      if (!sample) break;
      const ColumnSample* s = sample->column(c->attnum);
      if (!s || !s->large_pglz || !s->large_uncompressed) continue;
      const std::int64_t on_pglz = *s->large_pglz + *s->large_uncompressed;
      if (on_pglz < min_large) continue;

      const std::string tname = sql::qualified_name(t.schemaname, t.relname);
      const std::string cname = sql::quote_ident(c->attname);
      const double gave_up_share = static_cast<double>(*s->large_uncompressed) / static_cast<double>(on_pglz);
      const std::int64_t avg_raw = s->large_values ? s->large_raw_bytes / s->large_values : 0;
      const std::int64_t avg_stored = s->large_values ? s->large_stored_bytes / s->large_values : 0;

      sdk::Finding f;
      f.check_id = kId;
      f.story = "DB-OPT-03";
      f.title = "Large values of " + tname + "." + cname + " are on pglz: switch the column to lz4";
      std::string d;
      d += "In a sample of " + md::escape(sql::format_count(s->sampled_rows)) + " rows of " + md::escape(tname) + ", " +
           md::escape(sql::format_count(s->large_values)) + " values of column " + md::escape(cname) +
           " are larger than " + md::escape(sql::format_count(threshold)) +
           " bytes uncompressed (TOAST\\_TUPLE\\_THRESHOLD: the row size above which PostgreSQL compresses and moves "
           "values out of line; seed 003\\_…: \"Columns >2KB must use lz4 compression\"). The column's compression "
           "method is pglz (" +
           (c->attcompression ? std::string("attcompression = 'p'")
                              : "attcompression not set, default\\_toast\\_compression = " +
                                    md::escape(default_setting ? default_setting->setting : "pglz")) +
           ").\n\n";
      d += "- " + md::escape(sql::format_count(*s->large_pglz)) + " are compressed with pglz;\n";
      d += "- " + md::escape(sql::format_count(*s->large_uncompressed)) + " (" + md::escape(sql::format_percent(gave_up_share, 0)) +
           ") are stored uncompressed: pglz gave up on them (PGLZ\\_strategy\\_default, src/common/pg\\_lzcompress.c: "
           "it abandons a value when its first 1 kB yields no match, or when it saves less than 25 %), or they are "
           "incompressible;\n";
      d += "- average size " + md::escape(sql::format_bytes(avg_raw)) + " uncompressed, " +
           md::escape(sql::format_bytes(avg_stored)) + " as stored (pg\\_column\\_size).\n\n";
      d += "lz4 compresses and decompresses much faster than pglz, so every read of these values spends less CPU; it "
           "keeps any result that saves more than 2 bytes (toast\\_compress\\_datum), so it can also shrink values pglz "
           "gave up on. Its ratio on text and JSON is often a little worse than pglz: values pglz compressed well may "
           "take slightly more space. The sample cannot measure lz4's size (no SQL function compresses with it): "
           "try it on a copy if space matters more than CPU.\n\n";
      d += kRewriteText;
      d += "\n\n";
      if (lz4 == true)
        d += "This server accepts lz4 (pg\\_settings.enumvals of default\\_toast\\_compression).\n";
      else
        d += "Whether this server accepts lz4 was not captured: it needs PostgreSQL built with --with-lz4 (check "
             "pg\\_settings.enumvals of default\\_toast\\_compression); without it the script fails with \"compression "
             "method lz4 not supported\".\n";
      f.detail = d;
      f.object = {"column", t.schemaname, t.relname, c->attname, std::nullopt};
      f.evidence = {metric("sampled_rows", static_cast<double>(s->sampled_rows), "rows"),
                    metric("large_values", static_cast<double>(s->large_values), "count"),
                    metric("large_pglz", static_cast<double>(*s->large_pglz), "count"),
                    metric("large_uncompressed", static_cast<double>(*s->large_uncompressed), "count"),
                    metric("large_raw_bytes_avg", static_cast<double>(avg_raw), "bytes"),
                    metric("large_stored_bytes_avg", static_cast<double>(avg_stored), "bytes"),
                    metric("toast_tuple_threshold", static_cast<double>(threshold), "bytes"),
                    text_metric("attcompression", c->attcompression ? std::string(1, *c->attcompression) : "default")};
      f.impact.summary = "new values of " + cname + " compressed with lz4: faster compression and decompression on every "
                         "write and read of the column; existing values change only when rewritten";
      f.severity = gave_up_share >= kGaveUpShare ? sdk::Severity::Medium : sdk::Severity::Low;
      f.confidence = sdk::Confidence::Measured;
      f.risk = {sdk::RiskLevel::Low,
                "ALTER TABLE … SET COMPRESSION changes the catalog only but takes an ACCESS EXCLUSIVE lock on the "
                "table for that instant: it waits behind running transactions and queries queue behind it (set "
                "lock_timeout). Rewriting existing values is a separate, expensive operation (see the detail)"};
      sdk::Script script;
      script.category = sdk::ScriptCategory::Schema;
      script.apply = "ALTER TABLE " + tname + " ALTER COLUMN " + cname + " SET COMPRESSION lz4;";
      script.rollback = "ALTER TABLE " + tname + " ALTER COLUMN " + cname + " SET COMPRESSION " +
                        (c->attcompression ? "pglz" : "DEFAULT") + ";";
      f.script = script;
      sink.add(f);
      if (!c->attcompression) following_default.push_back(tname + "." + cname);
    }
  }

  if (following_default.empty() || !default_setting || default_setting->setting != "pglz") return;
  if (default_setting->source != "default" && default_setting->source != "configuration file") {
    sink.log("pglz-compression: default_toast_compression is not recommended: it is set by source '" +
             default_setting->source + "', which ALTER SYSTEM does not override");
    return;
  }
  sdk::Finding f;
  f.check_id = kId;
  f.story = "DB-OPT-03";
  f.title = "default_toast_compression is pglz: make lz4 the default for new values";
  std::string d;
  d += "default\\_toast\\_compression = pglz (source: " + md::escape(default_setting->source) +
       ") decides the compression of every column whose attcompression is not set, including " +
       md::escape(sql::format_count(static_cast<std::int64_t>(following_default.size()))) +
       " column(s) reported above with large pglz values: " ;
  for (std::size_t i = 0; i < following_default.size(); ++i) d += (i ? ", " : "") + md::escape(following_default[i]);
  d += ". Setting it to lz4 makes lz4 the method of new values in every such column and in columns created later "
       "(seed 003\\_…, physical view \"TOAST Strategy\").\n\n";
  d += "The setting has context user: it needs no restart; it applies to sessions that start after SELECT "
       "pg\\_reload\\_conf(), and a role or database setting (ALTER ROLE/DATABASE … SET) still overrides it. Existing "
       "values keep their compression until rewritten (see the column findings).\n";
  f.detail = d;
  f.object = {"setting", "", "default_toast_compression", std::nullopt, std::nullopt};
  f.evidence = {text_metric("default_toast_compression", default_setting->setting),
                text_metric("source", default_setting->source),
                metric("columns_following_default", static_cast<double>(following_default.size()), "count")};
  f.impact.summary = "lz4 for new values of every column without its own compression method";
  f.severity = sdk::Severity::Low;
  f.confidence = sdk::Confidence::Measured;
  f.risk = {sdk::RiskLevel::Low,
            "no lock and no rewrite; new values compress slightly less well on some data (lz4 trades ratio for speed)"};
  sdk::Script script;
  script.category = sdk::ScriptCategory::Config;
  script.apply = "ALTER SYSTEM SET default_toast_compression = 'lz4';\n-- takes effect for new sessions after: SELECT pg_reload_conf();";
  script.rollback = default_setting->source == "default"
                        ? "ALTER SYSTEM RESET default_toast_compression;\n-- then: SELECT pg_reload_conf();"
                        : "ALTER SYSTEM SET default_toast_compression = 'pglz';\n-- then: SELECT pg_reload_conf();";
  f.script = script;
  sink.add(f);
}

}  // namespace dbopt::plugins::toast_whisperer
