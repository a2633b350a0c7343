-- Verifies the config-tuner planted cases and controls (plugins/config-tuner/README.md, "Demo"):
-- the server settings of tests/support/pg_harness.sh and the large table of
-- demo.d/config-tuner.sql, with the numbers the checks use for the hardware of
-- snapshots/demo-hardware.args (6GB RAM, 8 cores, SSD). Fails (RAISE EXCEPTION) when any does not
-- hold. Read-only apart from a session-local temporary table.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE TEMP TABLE ct_check (n int, check_id text, role text, object text, value text, expected text, ok boolean);

-- bytes of a memory setting
CREATE FUNCTION pg_temp.ct_bytes(name text) RETURNS numeric LANGUAGE sql AS $$
  SELECT setting::numeric * CASE unit WHEN '8kB' THEN 8192 WHEN 'kB' THEN 1024 WHEN 'MB' THEN 1048576 ELSE 1 END
  FROM pg_settings WHERE pg_settings.name = $1
$$;

INSERT INTO ct_check VALUES
  (1, 'shared-buffers', 'PLANTED', 'shared_buffers', pg_size_pretty(pg_temp.ct_bytes('shared_buffers')),
   '< 20 % of 6GB', pg_temp.ct_bytes('shared_buffers') < 0.20 * 6 * 1024^3),
  (2, 'effective-cache-size', 'CONTROL', 'effective_cache_size', pg_size_pretty(pg_temp.ct_bytes('effective_cache_size')),
   '50–100 % of 6GB', pg_temp.ct_bytes('effective_cache_size') BETWEEN 0.5 * 6 * 1024^3 AND 6 * 1024^3),
  (3, 'memory-overcommit', 'CONTROL', 'work_mem',
   pg_size_pretty(pg_temp.ct_bytes('shared_buffers') + current_setting('max_connections')::int * pg_temp.ct_bytes('work_mem')
                  * current_setting('hash_mem_multiplier')::numeric
                  + current_setting('autovacuum_max_workers')::int * pg_temp.ct_bytes('maintenance_work_mem')),
   '<= 6GB',
   pg_temp.ct_bytes('shared_buffers') + current_setting('max_connections')::int * pg_temp.ct_bytes('work_mem')
     * current_setting('hash_mem_multiplier')::numeric
     + current_setting('autovacuum_max_workers')::int * pg_temp.ct_bytes('maintenance_work_mem') <= 6 * 1024^3
   AND current_setting('autovacuum_work_mem') = '-1'),
  (4, 'random-page-cost', 'PLANTED', 'random_page_cost', current_setting('random_page_cost'), '> 2 (SSD)',
   current_setting('random_page_cost')::numeric > 2 AND current_setting('seq_page_cost')::numeric = 1),
  (5, 'effective-io-concurrency', 'CONTROL', 'effective_io_concurrency', current_setting('effective_io_concurrency'),
   '>= 100 (SSD)', current_setting('effective_io_concurrency')::int >= 100),
  (6, 'parallel-workers', 'PLANTED', 'max_parallel_workers_per_gather', current_setting('max_parallel_workers_per_gather'),
   '< 4 (ceil(8 / 2))', current_setting('max_parallel_workers_per_gather')::int < 4),
  (7, 'parallel-workers', 'CONTROL', 'max_worker_processes', current_setting('max_worker_processes'), '>= 8 cores',
   current_setting('max_worker_processes')::int >= 8),
  (8, 'parallel-workers', 'CONTROL', 'max_parallel_workers', current_setting('max_parallel_workers'),
   '= min(8, max_worker_processes)',
   current_setting('max_parallel_workers')::int >= 8
   AND current_setting('max_parallel_workers')::int <= current_setting('max_worker_processes')::int),
  (9, 'autovacuum-disabled', 'CONTROL', 'autovacuum', current_setting('autovacuum'), 'on',
   current_setting('autovacuum') = 'on' AND current_setting('track_counts') = 'on'),
  (10, 'slow-query-log', 'PLANTED', 'log_min_duration_statement', current_setting('log_min_duration_statement'), '-1',
   current_setting('log_min_duration_statement') = '-1'),
  (11, 'autovacuum-logging', 'CONTROL', 'log_autovacuum_min_duration', current_setting('log_autovacuum_min_duration'),
   '<> -1', current_setting('log_autovacuum_min_duration') <> '-1'),
  (12, 'pg-stat-statements-preload', 'CONTROL', 'shared_preload_libraries', current_setting('shared_preload_libraries'),
   'contains pg_stat_statements', 'pg_stat_statements' = ANY (string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ','))),
  (13, 'track-io-timing', 'CONTROL', 'track_io_timing', current_setting('track_io_timing'), 'on',
   current_setting('track_io_timing') = 'on');

-- autovacuum-scale-factor: global 0.2 > 0.05 and tuner.ledger >= 1,000,000 rows without a per-table setting
INSERT INTO ct_check
SELECT 14, 'autovacuum-scale-factor', 'PLANTED', 'autovacuum_vacuum_scale_factor', c.reltuples::bigint::text,
       '>= 1,000,000 rows, scale factor > 0.05, no reloption',
       c.reltuples >= 1000000 AND current_setting('autovacuum_vacuum_scale_factor')::numeric > 0.05
       AND NOT coalesce(c.reloptions::text LIKE '%autovacuum_vacuum_scale_factor%', false)
FROM pg_class c WHERE c.oid = 'tuner.ledger'::regclass;

-- autovacuum-throttle: the largest table's worst-case pass (pages × (miss + dirty) / budget) under an hour
INSERT INTO ct_check
SELECT 15, 'autovacuum-throttle', 'CONTROL', 'autovacuum_vacuum_cost_limit', round(max(relpages) * 22 / 100000.0, 1) || ' s',
       '< 3600 s', max(relpages) * (current_setting('vacuum_cost_page_miss')::int + current_setting('vacuum_cost_page_dirty')::int)
                   / (200 / 2.0 * 1000) < 3600
FROM pg_class WHERE relkind IN ('r', 'm') AND relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace);

SELECT 'config-tuner/' || check_id AS check_id, role, object, value, expected, CASE WHEN ok THEN 'ok' ELSE 'FAIL' END AS result
FROM ct_check ORDER BY n;

DO $$
DECLARE
  failed text;
BEGIN
  SELECT string_agg(format('%s %s %s', check_id, role, object), '; ' ORDER BY n) INTO failed
  FROM ct_check WHERE NOT coalesce(ok, false);
  IF failed IS NOT NULL THEN
    RAISE EXCEPTION 'verify config-tuner: planted cases do not hold: %', failed;
  END IF;
END
$$;
\echo 'verify config-tuner: all planted cases and controls hold'
