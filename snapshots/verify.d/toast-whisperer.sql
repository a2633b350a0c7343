-- Verifies the toast-whisperer demo cases (snapshots/demo.d/toast-whisperer.sql + workload.d):
-- one row per case (check_id | role | object | metric | value | expected | ok); fails when any
-- case does not hold. Read-only apart from a session-local temporary table. Thresholds restate
-- the defaults documented in plugins/toast-whisperer/README.md (toast-ratio 0.10, toast-min-bytes
-- 1 MB, 2032-byte TOAST_TUPLE_THRESHOLD, pglz-min-large-values 5, storage-min-calls 1000,
-- storage-main-max-bytes 4000, tetris-min-saved-bytes 1 MB).
\set ON_ERROR_STOP on
SET client_min_messages = warning;
DO $$
BEGIN
  PERFORM set_config('pg_stat_statements.track', 'none', false);
EXCEPTION WHEN insufficient_privilege THEN
  NULL;
END
$$;

CREATE TEMP TABLE toast_case (check_id text, role text, object text, metric text, value numeric, expected text, ok boolean);

-- TOAST ratio of each demo table.
INSERT INTO toast_case
SELECT 'toast-heavy-table', CASE WHEN c.relname IN ('feature_blobs', 'entity docs') THEN 'PLANTED' ELSE 'CONTROL' END,
       'toast_lab.' || c.relname, 'toast_bytes / heap_bytes',
       round(coalesce(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0)::numeric / pg_relation_size(c.oid), 3),
       CASE WHEN c.relname IN ('feature_blobs', 'entity docs') THEN '> 0.10 and TOAST >= 1 MB' ELSE '<= 0.10 or TOAST < 1 MB' END,
       (coalesce(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0) > 0.10 * pg_relation_size(c.oid)
        AND coalesce(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0) >= 1048576)
       = (c.relname IN ('feature_blobs', 'entity docs'))
FROM pg_class c
WHERE c.relnamespace = 'toast_lab'::regnamespace AND c.relname IN ('feature_blobs', 'entity docs', 'small_documents', 'narrow_events');

-- Large values left on pglz (compressed, or uncompressed because pglz gave up).
INSERT INTO toast_case
SELECT 'pglz-compression', 'PLANTED', 'toast_lab.feature_blobs.payload', 'values > 2032 bytes not compressed',
       count(*), '>= 5 (all of them)', count(*) >= 5 AND count(*) = (SELECT count(*) FROM toast_lab.feature_blobs)
FROM toast_lab.feature_blobs WHERE octet_length(payload) > 2032 AND pg_column_compression(payload) IS NULL;
INSERT INTO toast_case
SELECT 'pglz-compression', 'PLANTED', 'default_toast_compression', 'setting = pglz, payload attcompression unset',
       NULL, 'pglz / unset',
       current_setting('default_toast_compression') = 'pglz'
       AND (SELECT attcompression = '' FROM pg_attribute WHERE attrelid = 'toast_lab.feature_blobs'::regclass AND attname = 'payload');
INSERT INTO toast_case
SELECT 'pglz-compression', 'CONTROL', 'toast_lab.archive_lz4.body', 'large values compressed with lz4',
       count(*) FILTER (WHERE pg_column_compression(body) = 'lz4'), 'all', count(*) FILTER (WHERE pg_column_compression(body) = 'lz4') = count(*)
FROM toast_lab.archive_lz4 WHERE octet_length(body) > 2032;
INSERT INTO toast_case
SELECT 'pglz-compression', 'CONTROL', 'toast_lab.small_documents.doc', 'max octet_length', max(octet_length(doc)), '<= 2032',
       max(octet_length(doc)) <= 2032
FROM toast_lab.small_documents;

-- Storage strategy: the hot column is out of line, small enough for the heap, and read by >= 1000 calls.
INSERT INTO toast_case
SELECT 'storage-strategy', 'PLANTED', 'toast_lab."entity docs"."Doc Body"', 'share out of line (> 2032 bytes stored)',
       round(avg((pg_column_size("Doc Body") > 2032)::int), 3), '>= 0.5, avg stored <= 4000',
       avg((pg_column_size("Doc Body") > 2032)::int) >= 0.5 AND avg(pg_column_size("Doc Body")) <= 4000
FROM toast_lab."entity docs";
INSERT INTO toast_case
SELECT 'storage-strategy', 'PLANTED', 'toast_lab."entity docs"."Doc Body"', 'calls filtering on it', coalesce(sum(calls), 0),
       '>= 1000', coalesce(sum(calls), 0) >= 1000
FROM pg_stat_statements WHERE query LIKE '%toast_lab."entity docs"%"Doc Body" @>%';
INSERT INTO toast_case
SELECT 'storage-strategy', 'PLANTED', 'toast_lab."entity docs"', 'toast_blks_hit + toast_blks_read',
       coalesce(toast_blks_hit, 0) + coalesce(toast_blks_read, 0), '> 0', coalesce(toast_blks_hit, 0) + coalesce(toast_blks_read, 0) > 0
FROM pg_statio_user_tables WHERE schemaname = 'toast_lab' AND relname = 'entity docs';

-- Column tetris: rows and the declared order.
INSERT INTO toast_case
SELECT 'column-tetris', CASE c.relname WHEN 'sensor_readings' THEN 'PLANTED' ELSE 'CONTROL' END, 'toast_lab.' || c.relname,
       'reltuples', c.reltuples,
       CASE c.relname WHEN 'sensor_readings' THEN '>= 100000 (24 bytes/row saved)' ELSE 'already in tetris order' END,
       CASE c.relname
         WHEN 'sensor_readings' THEN c.reltuples >= 100000
         ELSE (SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = c.oid AND attnum > 0)
              = 'id,happened_at,amount,code,ok'
       END
FROM pg_class c WHERE c.relnamespace = 'toast_lab'::regnamespace AND c.relname IN ('sensor_readings', 'narrow_events');

SELECT * FROM toast_case ORDER BY check_id, role, object;
DO $$
DECLARE
  failed text;
BEGIN
  SELECT string_agg(check_id || ' ' || role || ' ' || object || ' (' || metric || ')', '; ') INTO failed
  FROM toast_case WHERE ok IS NOT TRUE;
  IF failed IS NOT NULL THEN
    RAISE EXCEPTION 'verify toast-whisperer: cases do not hold: %', failed;
  END IF;
  IF (SELECT count(*) FROM toast_case) <> 13 THEN
    RAISE EXCEPTION 'verify toast-whisperer: expected 13 cases, found %', (SELECT count(*) FROM toast_case);
  END IF;
END
$$;
