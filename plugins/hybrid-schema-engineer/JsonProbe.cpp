#include "JsonProbe.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "dbopt/sdk/sql.hpp"

namespace dbopt::plugins::hybrid_schema_engineer {

namespace sql = sdk::sql;

namespace {

// The probe. @VALUE@ is the quoted column, @TABLE@ the qualified table, @PERCENT@ the sample
// percentage, @ROWS@ the row cap, @KEYROWS@ the key rows kept, @KEYRE@/@SPLITRE@/@HEADRE@ the
// regular expressions as literals (quoted by sql::quote_literal, so standard_conforming_strings
// does not matter).
//
// Abbreviated size: the jsonb text output writes every object key as `{"key": ` or `, "key": `,
// and every '"' inside a string is escaped as '\"', so those two forms match real keys only. The
// text is split before each key, the keys longer than 3 characters are replaced by their code
// (to_hex of their frequency rank, skipping codes that are already keys of the sample), and the
// result is cast back to jsonb and measured with pg_column_size — all levels, exact.
constexpr const char* kTemplate = R"SQL(WITH RECURSIVE
sample AS MATERIALIZED (
  SELECT row_number() OVER () AS doc_id, s.doc, s.stored
  FROM (SELECT (t.@VALUE@)::jsonb AS doc, pg_column_size(t.@VALUE@) AS stored
        FROM @TABLE@ AS t TABLESAMPLE SYSTEM (@PERCENT@) REPEATABLE (0)
        LIMIT @ROWS@) AS s),
walk(doc_id, level, key, value) AS (
  SELECT doc_id, 1, NULL::text, doc FROM sample WHERE doc IS NOT NULL
  UNION ALL
  SELECT w.doc_id, w.level + 1, e.key, e.value
  FROM walk AS w CROSS JOIN LATERAL (
    SELECT o.key, o.value FROM jsonb_each(CASE WHEN jsonb_typeof(w.value) = 'object' THEN w.value END) AS o
    UNION ALL
    SELECT NULL::text, a.value FROM jsonb_array_elements(CASE WHEN jsonb_typeof(w.value) = 'array' THEN w.value END) AS a
  ) AS e
  WHERE w.level < 100),
docs AS (
  SELECT doc_id, coalesce(max(level) FILTER (WHERE jsonb_typeof(value) IN ('object', 'array')), 0) AS depth,
         count(key) AS keys
  FROM walk GROUP BY doc_id),
keys AS (
  SELECT key, count(*) AS occurrences, count(DISTINCT doc_id) AS documents, min(level) - 1 AS level,
         count(*) FILTER (WHERE level = 2 AND jsonb_typeof(value) = 'string') AS n_string,
         count(*) FILTER (WHERE level = 2 AND jsonb_typeof(value) = 'number') AS n_number,
         count(*) FILTER (WHERE level = 2 AND jsonb_typeof(value) = 'number' AND value::text ~ '^-?[0-9]+$') AS n_integer,
         count(*) FILTER (WHERE level = 2 AND jsonb_typeof(value) = 'boolean') AS n_boolean,
         count(*) FILTER (WHERE level = 2 AND jsonb_typeof(value) = 'null') AS n_null,
         count(*) FILTER (WHERE level = 2 AND jsonb_typeof(value) IN ('object', 'array')) AS n_container
  FROM walk WHERE key IS NOT NULL GROUP BY key),
mapping AS (
  SELECT to_jsonb(l.key)::text AS token, to_jsonb(c.code)::text AS code
  FROM (SELECT key, row_number() OVER (ORDER BY occurrences DESC, key) AS r FROM keys WHERE length(key) > 3) AS l
  JOIN (SELECT g.code, row_number() OVER (ORDER BY g.i) AS r
        FROM (SELECT i, to_hex(i) AS code FROM generate_series(0, (SELECT count(*) FROM keys)) AS i) AS g
        WHERE NOT EXISTS (SELECT 1 FROM keys AS k WHERE k.key = g.code)) AS c USING (r)),
sizes AS (
  SELECT s.doc_id, s.stored, pg_column_size(s.doc::text::jsonb) AS plain,
    pg_column_size((SELECT string_agg(CASE WHEN m.code IS NULL THEN p.piece
                                           ELSE p.head || m.code || substr(p.piece, length(p.head) + length(p.token) + 1) END,
                                      '' ORDER BY p.ord)
                    FROM (SELECT x.piece, x.ord, substring(x.piece FROM @HEADRE@) AS head,
                                 substring(x.piece FROM @KEYRE@) AS token
                          FROM regexp_split_to_table(s.doc::text, @SPLITRE@) WITH ORDINALITY AS x(piece, ord)) AS p
                    LEFT JOIN mapping AS m ON m.token = p.token)::jsonb) AS abbreviated
  FROM sample AS s WHERE s.doc IS NOT NULL)
SELECT 'document' AS kind, NULL::text AS key, NULL::integer AS level,
       (SELECT count(*) FROM sample) AS sampled_rows,
       (SELECT count(*) FROM sizes) AS documents,
       (SELECT coalesce(sum(occurrences), 0) FROM keys) AS occurrences,
       (SELECT count(*) FROM keys) AS distinct_keys,
       (SELECT coalesce(sum(length(key) * occurrences), 0) FROM keys) AS key_chars,
       (SELECT coalesce(sum(octet_length(key) * occurrences), 0) FROM keys) AS key_bytes,
       (SELECT coalesce(sum(stored), 0) FROM sizes) AS stored_bytes,
       (SELECT coalesce(sum(plain), 0) FROM sizes) AS plain_bytes,
       (SELECT coalesce(sum(abbreviated), 0) FROM sizes) AS abbreviated_bytes,
       (SELECT coalesce(max(keys), 0) FROM docs) AS max_keys,
       NULL::bigint AS n_string, NULL::bigint AS n_number, NULL::bigint AS n_integer, NULL::bigint AS n_boolean,
       NULL::bigint AS n_null, NULL::bigint AS n_container
UNION ALL
SELECT 'depth', NULL, depth, NULL, count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL
FROM docs GROUP BY depth
UNION ALL
(SELECT 'key', key, level, NULL, documents, occurrences, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        n_string, n_number, n_integer, n_boolean, n_null, n_container
 FROM keys ORDER BY occurrences DESC, key LIMIT @KEYROWS@))SQL";

void replace_all(std::string& text, const std::string& token, const std::string& value) {
  for (std::size_t pos = text.find(token); pos != std::string::npos; pos = text.find(token, pos + value.size()))
    text.replace(pos, token.size(), value);
}

}  // namespace

ProbeSettings probe_settings(const sdk::Options& options) {
  ProbeSettings s;
  s.sample_rows = options.integer("sample-rows");
  s.column_timeout_ms = options.number("probe-timeout");
  s.total_budget_ms = options.number("probe-budget");
  return s;
}

std::string probe_name(const sdk::Column& column) {
  return "json-sample-" + std::to_string(column.table_oid) + "-" + std::to_string(column.attnum);
}

double sample_percent(const sdk::Table& table, std::int64_t rows) {
  const double reltuples = reltuples_or_zero(table);
  if (reltuples <= 0 || table.relpages <= 0) return 100.0;
  const double wanted = 100.0 * 1.5 * static_cast<double>(rows) / reltuples;
  const double one_page = 100.0 / static_cast<double>(table.relpages);
  return std::clamp(std::max(wanted, one_page), 0.0, 100.0);
}

std::string probe_sql(const sdk::Table& table, const sdk::Column& column, const ProbeSettings& settings) {
  char percent[64];
  std::snprintf(percent, sizeof percent, "%.6f", sample_percent(table, settings.sample_rows));
  std::string text = kTemplate;
  // Literals first: the identifiers substituted afterwards may contain anything, even "@KEYRE@".
  replace_all(text, "@HEADRE@", sql::quote_literal(R"re(^([{,] ?)")re"));
  replace_all(text, "@KEYRE@", sql::quote_literal(R"re(^[{,] ?("(?:[^"\\]|\\.)*"): )re"));
  replace_all(text, "@SPLITRE@", sql::quote_literal(R"re((?=[{,] ?"(?:[^"\\]|\\.)*": ))re"));
  replace_all(text, "@PERCENT@", percent);
  replace_all(text, "@ROWS@", std::to_string(std::max<std::int64_t>(1, settings.sample_rows)));
  replace_all(text, "@KEYROWS@", std::to_string(std::max(1, settings.max_key_rows)));
  // Identifiers last, each substituted at known positions only (no later replace sees them).
  const std::string value = sql::quote_ident(column.attname);
  const std::string relation = sql::qualified_name(table.schemaname, table.relname);
  std::string out;
  out.reserve(text.size() + 4 * value.size() + relation.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 7, "@VALUE@") == 0) {
      out += value;
      i += 7;
    } else if (text.compare(i, 7, "@TABLE@") == 0) {
      out += relation;
      i += 7;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

std::vector<sdk::Probe> json_probes(const sdk::Catalog& catalog, const ProbeSettings& settings) {
  const std::vector<JsonColumn> columns = json_columns(catalog);
  std::vector<sdk::Probe> probes;
  if (columns.empty()) return probes;
  const double timeout =
      std::max(1.0, std::floor(std::min(settings.column_timeout_ms,
                                        settings.total_budget_ms / static_cast<double>(columns.size()))));
  for (const JsonColumn& c : columns) {
    sdk::Probe p;
    p.name = probe_name(*c.column);
    p.description = "JSON key statistics and measured key-abbreviation size on a sample of " +
                    std::to_string(settings.sample_rows) + " rows of " + column_label(*c.table, *c.column);
    p.sql = probe_sql(*c.table, *c.column, settings);
    p.statement_timeout_ms = timeout;
    probes.push_back(std::move(p));
  }
  return probes;
}

}  // namespace dbopt::plugins::hybrid_schema_engineer
