-- Verifies the table-stats planted cases and controls of demo.d/table-stats.sql +
-- workload.d/table-stats.sql with the numbers the checks use (plugins/table-stats/README.md).
-- Prints one row per case and fails (RAISE EXCEPTION) when any does not hold. Read-only apart
-- from a session-local temporary table.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
DO $$
BEGIN
  PERFORM set_config('pg_stat_statements.track', 'none', false);
EXCEPTION WHEN insufficient_privilege THEN
  NULL;
END
$$;

CREATE TEMP TABLE ts_check (n int, check_id text, role text, object text, metric text, value numeric,
                            expected text, ok boolean);

-- dead-tuples: n_dead_tup >= 1000 and n_dead_tup / (live + dead) >= 0.20
INSERT INTO ts_check
SELECT CASE relname WHEN 'job_queue' THEN 1 ELSE 2 END, 'dead-tuples',
       CASE relname WHEN 'job_queue' THEN 'PLANTED' ELSE 'CONTROL' END, 'ops.' || relname, 'dead_ratio',
       round(n_dead_tup::numeric / nullif(n_live_tup + n_dead_tup, 0), 3),
       CASE relname WHEN 'job_queue' THEN '>= 0.20 and n_dead_tup >= 1000' ELSE '< 0.20' END,
       CASE relname WHEN 'job_queue'
         THEN n_dead_tup >= 1000 AND n_dead_tup::numeric / (n_live_tup + n_dead_tup) >= 0.20
         ELSE n_dead_tup::numeric / nullif(n_live_tup + n_dead_tup, 0) < 0.20 END
FROM pg_stat_user_tables WHERE schemaname = 'ops' AND relname IN ('job_queue', 'job_queue_archive');

-- never-analyzed: no analyze recorded, no pg_stats row, >= 1000 live rows (planted)
INSERT INTO ts_check
SELECT CASE s.relname WHEN 'import_batch' THEN 3 ELSE 4 END, 'never-analyzed',
       CASE s.relname WHEN 'import_batch' THEN 'PLANTED' ELSE 'CONTROL' END, 'ops.' || s.relname, 'pg_stats rows',
       (SELECT count(*) FROM pg_stats p WHERE p.schemaname = 'ops' AND p.tablename = s.relname),
       CASE s.relname WHEN 'import_batch' THEN '0, never analyzed, n_live_tup >= 1000' ELSE '> 0, n_mod_since_analyze = 0' END,
       CASE s.relname WHEN 'import_batch'
         THEN s.last_analyze IS NULL AND s.last_autoanalyze IS NULL AND s.analyze_count + s.autoanalyze_count = 0
              AND s.n_live_tup >= 1000
              AND NOT EXISTS (SELECT 1 FROM pg_stats p WHERE p.schemaname = 'ops' AND p.tablename = s.relname)
         ELSE EXISTS (SELECT 1 FROM pg_stats p WHERE p.schemaname = 'ops' AND p.tablename = s.relname)
              AND s.n_mod_since_analyze = 0 END
FROM pg_stat_user_tables s WHERE s.schemaname = 'ops' AND s.relname IN ('import_batch', 'import_batch_done');

-- stale-statistics: n_mod_since_analyze > 2 × (threshold + scale × reltuples), >= 1000
INSERT INTO ts_check
SELECT CASE s.relname WHEN 'sensor_reading' THEN 5 ELSE 6 END, 'stale-statistics',
       CASE s.relname WHEN 'sensor_reading' THEN 'PLANTED' ELSE 'CONTROL' END, 'ops.' || s.relname,
       'n_mod_since_analyze / trigger', round(s.n_mod_since_analyze / t.trigger, 2),
       CASE s.relname WHEN 'sensor_reading' THEN '> 2' ELSE '<= 2' END,
       CASE s.relname WHEN 'sensor_reading' THEN s.n_mod_since_analyze > 2 * t.trigger AND s.n_mod_since_analyze >= 1000
                      ELSE s.n_mod_since_analyze <= 2 * t.trigger END
FROM pg_stat_user_tables s
JOIN pg_class c ON c.oid = s.relid
CROSS JOIN LATERAL (
  SELECT coalesce((SELECT substring(o FROM '=(.*)')::numeric FROM unnest(c.reloptions) o
                   WHERE o LIKE 'autovacuum_analyze_threshold=%'), current_setting('autovacuum_analyze_threshold')::numeric)
       + coalesce((SELECT substring(o FROM '=(.*)')::numeric FROM unnest(c.reloptions) o
                   WHERE o LIKE 'autovacuum_analyze_scale_factor=%'), current_setting('autovacuum_analyze_scale_factor')::numeric)
         * greatest(c.reltuples, 0)::numeric AS trigger) t
WHERE s.schemaname = 'ops' AND s.relname IN ('sensor_reading', 'sensor_reading_tuned');

-- table-bloat: relpages vs the ioguix estimate (tuple header 24 + data MAXALIGNed + 4, 8168 bytes
-- per page); planted >= 20 % and >= 10 MB, control < 20 %.
INSERT INTO ts_check
SELECT CASE c.relname WHEN 'audit_trail' THEN 7 ELSE 8 END, 'table-bloat',
       CASE c.relname WHEN 'audit_trail' THEN 'PLANTED' ELSE 'CONTROL' END, 'ops.' || c.relname, 'bloat_ratio',
       round(1 - e.pages / c.relpages, 3),
       CASE c.relname WHEN 'audit_trail' THEN '>= 0.20 and >= 10 MB' ELSE '< 0.20' END,
       CASE c.relname WHEN 'audit_trail'
         THEN 1 - e.pages / c.relpages >= 0.20 AND (c.relpages - e.pages) * 8192 >= 10 * 1024 * 1024
         ELSE 1 - e.pages / c.relpages < 0.20 END
FROM pg_class c
CROSS JOIN LATERAL (
  SELECT ceil(c.reltuples / floor((current_setting('block_size')::int - 24)
                                  / (24 + ceil(sum((1 - s.null_frac) * s.avg_width) / 8) * 8 + 4)))::numeric AS pages
  FROM pg_stats s WHERE s.schemaname = 'ops' AND s.tablename = c.relname) e
WHERE c.relnamespace = 'ops'::regnamespace AND c.relname IN ('audit_trail', 'audit_trail_compact');

-- sequence-exhaustion: used fraction of the binding limit
INSERT INTO ts_check
SELECT CASE v.seq WHEN 'invoice_id_seq' THEN 9 WHEN 'ledger_id_seq' THEN 10 ELSE 11 END, 'sequence-exhaustion',
       CASE WHEN v.seq LIKE 'invoice_v2%' THEN 'CONTROL' ELSE 'PLANTED' END, 'ops.' || v.seq, 'used of limit',
       round(s.last_value::numeric / v.lim, 4), v.expected,
       CASE v.seq WHEN 'invoice_id_seq' THEN s.last_value::numeric / v.lim >= 0.90
                  WHEN 'ledger_id_seq' THEN s.last_value::numeric / v.lim >= 0.75 AND s.last_value::numeric / v.lim < 0.90
                                            AND s.data_type = 'integer'::regtype
                                            AND format_type(a.atttypid, a.atttypmod) = 'bigint'
                  ELSE s.last_value::numeric / v.lim < 0.75 END
FROM (VALUES ('invoice_id_seq', 2147483647::numeric, '>= 0.90 of integer', 'invoice'),
             ('ledger_id_seq', 2147483647::numeric, '0.75 .. 0.90 of its integer sequence, bigint column', 'ledger'),
             ('invoice_v2_id_seq', 9223372036854775807::numeric, '< 0.75 of bigint', 'invoice_v2')) AS v(seq, lim, expected, tbl)
JOIN pg_sequences s ON s.schemaname = 'ops' AND s.sequencename = v.seq
JOIN pg_attribute a ON a.attrelid = ('ops.' || v.tbl)::regclass AND a.attname = 'id';

-- no-primary-key: rows and no primary key
INSERT INTO ts_check
SELECT CASE c.relname WHEN 'clickstream_raw' THEN 12 WHEN 'clickstream_keyed' THEN 13 ELSE 14 END, 'no-primary-key',
       CASE c.relname WHEN 'clickstream_raw' THEN 'PLANTED' ELSE 'CONTROL' END, 'ops.' || c.relname, 'rows',
       c.reltuples, CASE c.relname WHEN 'clickstream_raw' THEN '> 0, no primary key' ELSE 'primary key or no rows' END,
       CASE c.relname WHEN 'clickstream_raw'
         THEN c.reltuples > 0 AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')
         ELSE c.reltuples <= 0 OR EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p') END
FROM pg_class c
WHERE c.relnamespace = 'ops'::regnamespace AND c.relname IN ('clickstream_raw', 'clickstream_keyed', 'staging_empty');

SELECT 'table-stats/' || check_id AS check_id, role, object, metric, value, expected,
       CASE WHEN ok THEN 'ok' ELSE 'FAIL' END AS result
FROM ts_check ORDER BY n;

DO $$
DECLARE
  failed text;
BEGIN
  SELECT string_agg(format('%s %s %s', check_id, role, object), '; ' ORDER BY n) INTO failed
  FROM ts_check WHERE NOT coalesce(ok, false);
  IF failed IS NOT NULL THEN
    RAISE EXCEPTION 'verify table-stats: planted cases do not hold: %', failed;
  END IF;
  IF (SELECT count(*) FROM ts_check) <> 14 THEN
    RAISE EXCEPTION 'verify table-stats: expected 14 cases, found %', (SELECT count(*) FROM ts_check);
  END IF;
END
$$;
\echo 'verify table-stats: all planted cases and controls hold'
