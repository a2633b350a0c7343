-- Verifies the hybrid-schema-engineer demo cases (snapshots/demo.d/hybrid-schema-engineer.sql):
-- one row per case (check_id | role | object | metric | value | ok) and an error when any does not
-- hold. The metrics restate the check rules of plugins/hybrid-schema-engineer/README.md, computed
-- here on every row (the plugin measures a sample). Read-only.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE TEMP VIEW hybrid_case AS
WITH key_stats AS (
  SELECT 'hybrid.events' AS rel, avg(length(k)) AS avg_len FROM hybrid.events, jsonb_object_keys(payload) AS k
  UNION ALL SELECT 'hybrid.profiles', avg(length(k)) FROM hybrid.profiles, jsonb_object_keys(attrs) AS k
  UNION ALL SELECT 'hybrid.telemetry', avg(length(k)) FROM hybrid.telemetry, jsonb_object_keys(reading) AS k),
-- gain of renaming every top-level key of more than 3 characters (the documents are flat)
gains AS (
  SELECT 'hybrid.events' AS rel,
         1 - sum(pg_column_size((SELECT jsonb_object_agg(CASE WHEN length(e.key) > 3 THEN left(md5(e.key), 2) ELSE e.key END, e.value)
                                 FROM jsonb_each(payload) AS e)))::numeric / sum(pg_column_size(payload::text::jsonb)) AS gain
  FROM hybrid.events
  UNION ALL
  SELECT 'hybrid.attachments',
         1 - sum(pg_column_size((SELECT jsonb_object_agg(CASE WHEN length(e.key) > 3 THEN left(md5(e.key), 2) ELSE e.key END, e.value)
                                 FROM jsonb_each(meta) AS e)))::numeric / sum(pg_column_size(meta::text::jsonb))
  FROM hybrid.attachments)
SELECT 'key-abbreviation' AS check_id, 'PLANTED' AS role, 'hybrid.events' AS object, 'avg key length' AS metric,
       round(avg_len, 1) AS value, avg_len > 3 AS ok FROM key_stats WHERE rel = 'hybrid.events'
UNION ALL
SELECT 'key-abbreviation', 'PLANTED', 'hybrid.events', 'abbreviation gain', round(gain, 3), gain > 0.2
FROM gains WHERE rel = 'hybrid.events'
UNION ALL
SELECT 'key-abbreviation', 'PLANTED', 'hybrid.events', 'reltuples', reltuples::numeric, reltuples >= 1000
FROM pg_class WHERE oid = 'hybrid.events'::regclass
UNION ALL
SELECT 'key-abbreviation', 'CONTROL', 'hybrid.profiles', 'avg key length', round(avg_len, 1), avg_len <= 3
FROM key_stats WHERE rel = 'hybrid.profiles'
UNION ALL
SELECT 'key-abbreviation', 'CONTROL', 'hybrid.telemetry', 'avg key length', round(avg_len, 1), avg_len <= 3
FROM key_stats WHERE rel = 'hybrid.telemetry'
UNION ALL
SELECT 'key-abbreviation', 'CONTROL', 'hybrid.attachments', 'abbreviation gain', round(gain, 3), gain < 0.2
FROM gains WHERE rel = 'hybrid.attachments'
UNION ALL
SELECT 'key-abbreviation', 'CONTROL', 'hybrid.settings', 'reltuples', reltuples::numeric, reltuples < 1000
FROM pg_class WHERE oid = 'hybrid.settings'::regclass
UNION ALL
SELECT 'deep-nesting', 'PLANTED', 'hybrid.telemetry', 'documents of depth 5', count(*),
       count(*) = (SELECT count(*) FROM hybrid.telemetry)
FROM hybrid.telemetry WHERE jsonb_typeof(reading #> '{d,s,r,c}') = 'object'
UNION ALL
SELECT 'deep-nesting', 'PLANTED', 'hybrid.telemetry', '@> calls', sum(calls), sum(calls) >= 1
FROM pg_stat_statements WHERE query LIKE '%hybrid.telemetry WHERE reading @>%'
UNION ALL
SELECT 'deep-nesting', 'CONTROL', 'hybrid.events', 'nested values', count(*), count(*) = 0
FROM hybrid.events, jsonb_each(payload) AS e WHERE jsonb_typeof(e.value) IN ('object', 'array')
UNION ALL
SELECT 'json-not-jsonb', 'PLANTED', 'hybrid.legacy_log', 'type ' || format_type(atttypid, atttypmod), NULL,
       atttypid = 'json'::regtype AND NOT atthasdef
FROM pg_attribute WHERE attrelid = 'hybrid.legacy_log'::regclass AND attname = 'body'
UNION ALL
SELECT 'column-extraction', 'CONTROL', 'hybrid.profiles', 'calls filtering on attrs', sum(calls),
       sum(calls) >= 100
FROM pg_stat_statements WHERE query LIKE '%hybrid.profiles WHERE attrs ->>%'
UNION ALL
SELECT 'column-extraction', 'PLANTED', 'hybrid.orders_doc', 'share of calls reading customer_id',
       round(sum(calls) FILTER (WHERE query LIKE '%WHERE doc ->>%') / sum(calls), 3),
       sum(calls) FILTER (WHERE query LIKE '%WHERE doc ->>%') >= 100
       AND sum(calls) FILTER (WHERE query LIKE '%WHERE doc ->>%') / sum(calls) > 0.8
FROM pg_stat_statements WHERE query LIKE '%FROM hybrid.orders_doc WHERE%'
UNION ALL
SELECT 'column-extraction', 'PLANTED', 'hybrid.orders_doc', 'reltuples', reltuples::numeric, reltuples >= 1000
FROM pg_class WHERE oid = 'hybrid.orders_doc'::regclass;

SELECT * FROM hybrid_case;

DO $$
DECLARE
  failed text;
BEGIN
  SELECT string_agg(check_id || ' ' || role || ' ' || object || ' (' || metric || ')', '; ') INTO failed
  FROM hybrid_case WHERE NOT coalesce(ok, false);
  IF failed IS NOT NULL THEN
    RAISE EXCEPTION 'hybrid-schema-engineer demo cases do not hold: %', failed;
  END IF;
END
$$;
