-- Verifies the query-profiler planted cases and controls of the demo database (snapshots/demo.d/
-- query-profiler.sql + snapshots/workload.d/query-profiler.sql, on top of demo.sql/workload.sql).
-- Prints one row per case (check_id | role | object | metric | value | expected | result) and fails
-- when any does not hold. Run after `dbopt capture` (it reads pg_stat_statements; its own
-- statements are not tracked when run as a superuser).
--   psql -X -q -v ON_ERROR_STOP=1 -d demo -f snapshots/verify.d/query-profiler.sql
-- The thresholds restate the defaults of plugins/query-profiler/README.md.

\set ON_ERROR_STOP on
SET client_min_messages = warning;
DO $$
BEGIN
  PERFORM set_config('pg_stat_statements.track', 'none', false);
EXCEPTION WHEN insufficient_privilege THEN
  NULL;
END
$$;

-- pg_stat_statements of this database merged per queryid, with each statement's time share.
CREATE TEMP VIEW qprof_statement AS
WITH s AS (
  SELECT queryid, min(query) AS query, sum(calls) AS calls, sum(total_exec_time) AS total_exec_time,
         sum(shared_blks_hit) AS shared_blks_hit, sum(shared_blks_read) AS shared_blks_read,
         sum(temp_blks_written) AS temp_blks_written,
         -- one row per queryid in the demo (one role, top level): mean and stddev as stored
         max(mean_exec_time) AS mean_exec_time, max(stddev_exec_time) AS stddev_exec_time
  FROM pg_stat_statements
  WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  GROUP BY queryid
)
SELECT s.*, s.total_exec_time / nullif(sum(s.total_exec_time) OVER (), 0) AS time_share,
       -- Share among statements called more than once: the workload's. The capture and the verify
       -- scripts that run before this one (not all switch tracking off) run each query once, after
       -- the workload; the snapshot holds the capture's queries but none of the verify scripts'.
       CASE WHEN s.calls >= 2
            THEN s.total_exec_time / nullif(sum(s.total_exec_time) FILTER (WHERE s.calls >= 2) OVER (), 0)
       END AS workload_share,
       s.shared_blks_hit::numeric / nullif(s.shared_blks_hit + s.shared_blks_read, 0) AS hit_ratio,
       s.stddev_exec_time / nullif(s.mean_exec_time, 0) AS cv
FROM s;

CREATE TEMP VIEW qprof_check AS
WITH r(n, check_id, role, object, metric, value, expected, ok) AS (
  -- high-traffic-statement ------------------------------------------------------------------------
  SELECT 10, 'high-traffic-statement', 'PLANTED', 'shop.events session replay', 'share of workload time',
         round(100 * max(workload_share)::numeric, 1)::text || ' %', '>= 30 %', max(workload_share) >= 0.30
  FROM qprof_statement
  WHERE query = 'SELECT event_type, occurred_at, properties FROM shop.events WHERE session_id = $1 ORDER BY occurred_at'
  UNION ALL
  SELECT 11, 'high-traffic-statement', 'CONTROL', 'shop.audit_log count by action', 'share of workload time',
         round(100 * max(workload_share)::numeric, 1)::text || ' %', '< 30 %', max(workload_share) < 0.30
  FROM qprof_statement WHERE query = 'SELECT count(*) FROM shop.audit_log WHERE action = $1'
  -- plan-instability ------------------------------------------------------------------------------
  UNION ALL
  SELECT 20, 'plan-instability', 'PLANTED', 'ledger count by tenant_id', 'calls; stddev ms; stddev/mean',
         format('%s; %s; %s', max(calls), round(max(stddev_exec_time)::numeric, 2), round(max(cv)::numeric, 2)),
         '>= 20; >= 2; >= 1.5', max(calls) >= 20 AND max(stddev_exec_time) >= 2 AND max(cv) >= 1.5
  FROM qprof_statement WHERE query = 'SELECT count(*), sum(amount_cents) FROM qprof.ledger WHERE tenant_id = $1'
  UNION ALL
  SELECT 21, 'plan-instability', 'CONTROL', 'ledger max(booked_on) by small tenant_id', 'calls; stddev ms; stddev/mean',
         format('%s; %s; %s', max(calls), round(max(stddev_exec_time)::numeric, 2), round(max(cv)::numeric, 2)),
         '>= 20; < 2 or < 1.5', max(calls) >= 20 AND (max(stddev_exec_time) < 2 OR max(cv) < 1.5)
  FROM qprof_statement WHERE query = 'SELECT max(booked_on), sum(amount_cents) FROM qprof.ledger WHERE tenant_id = $1'
  -- temp-spill ------------------------------------------------------------------------------------
  UNION ALL
  SELECT 30, 'temp-spill', 'PLANTED', 'ledger account totals (work_mem 64kB)', 'temp_blks_written',
         max(temp_blks_written)::text, '>= 128', max(temp_blks_written) >= 128
  FROM qprof_statement
  WHERE query = 'SELECT account_id, sum(amount_cents) FROM qprof.ledger WHERE booked_on >= $1 GROUP BY account_id'
  UNION ALL
  SELECT 31, 'temp-spill', 'CONTROL', 'ledger rows of one tenant sorted (work_mem 64kB)', 'calls; temp_blks_written',
         format('%s; %s', max(calls), max(temp_blks_written)), '> 0; < 128',
         max(calls) > 0 AND max(temp_blks_written) < 128
  FROM qprof_statement
  WHERE query = 'SELECT id, amount_cents FROM qprof.ledger WHERE tenant_id = $1 ORDER BY amount_cents DESC'
  -- low-buffer-hit-ratio --------------------------------------------------------------------------
  UNION ALL
  SELECT 40, 'low-buffer-hit-ratio', 'PLANTED', 'archived_events by day', 'shared_blks_read; hit ratio',
         format('%s; %s %%', max(shared_blks_read), round(100 * max(hit_ratio), 2)), '>= 1000; < 99 %',
         max(shared_blks_read) >= 1000 AND max(hit_ratio) < 0.99
  FROM qprof_statement WHERE query = 'SELECT count(*), max(id) FROM qprof.archived_events WHERE archived_on = $1'
  UNION ALL
  SELECT 41, 'low-buffer-hit-ratio', 'CONTROL', 'ledger rows of one tenant (index lookups)', 'shared_blks_read; hit ratio',
         format('%s; %s %%', max(shared_blks_read), round(100 * max(hit_ratio), 2)), '< 1000',
         max(shared_blks_read) < 1000
  FROM qprof_statement
  WHERE query = 'SELECT id, amount_cents FROM qprof.ledger WHERE tenant_id = $1 ORDER BY amount_cents DESC'
  UNION ALL
  SELECT 42, 'low-buffer-hit-ratio', 'PLANTED', 'qprof.archived_events', 'pages; shared_buffers / 4 (pages)',
         format('%s; %s', c.relpages, current_setting('shared_buffers', true)),
         '> shared_buffers / 4 (bulk-read ring)',
         c.relpages > (SELECT setting::bigint FROM pg_settings WHERE name = 'shared_buffers') / 4
  FROM pg_class c WHERE c.oid = 'qprof.archived_events'::regclass
  -- seq-scan-heavy-table --------------------------------------------------------------------------
  UNION ALL
  SELECT 50, 'seq-scan-heavy-table', CASE WHEN relid = 'shop.events'::regclass THEN 'PLANTED' ELSE 'CONTROL' END,
         relid::regclass::text, 'n_live_tup; seq_scan; idx_scan share',
         format('%s; %s; %s %%', n_live_tup, seq_scan,
                round(100.0 * coalesce(idx_scan, 0) / nullif(seq_scan + coalesce(idx_scan, 0), 0), 1)),
         CASE WHEN relid = 'shop.events'::regclass THEN '>= 10000; >= 50; < 95 %' ELSE 'not all three' END,
         (n_live_tup >= 10000 AND seq_scan >= 50
          AND coalesce(idx_scan, 0) < 0.95 * (seq_scan + coalesce(idx_scan, 0))) = (relid = 'shop.events'::regclass)
  FROM pg_stat_user_tables
  WHERE relid IN ('shop.events'::regclass, 'shop.products'::regclass, 'qprof.ledger'::regclass)
  -- database-cache-hit-ratio, observability --------------------------------------------------------
  UNION ALL
  SELECT 60, 'database-cache-hit-ratio', 'CONTROL', current_database()::text, 'blks_hit / (hit + read)',
         round(100.0 * blks_hit / nullif(blks_hit + blks_read, 0), 2)::text || ' %', '>= 95 %',
         blks_hit >= 0.95 * (blks_hit + blks_read)
  FROM pg_stat_database WHERE datname = current_database()
  UNION ALL
  SELECT 61, 'pg-stat-statements-unavailable', 'CONTROL', 'pg_stat_statements', 'preloaded; installed',
         format('%s; %s', current_setting('shared_preload_libraries') ~ 'pg_stat_statements',
                EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements')),
         'true; true',
         current_setting('shared_preload_libraries') ~ 'pg_stat_statements'
           AND EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements')
  UNION ALL
  SELECT 62, 'track-io-timing-off', 'CONTROL', 'track_io_timing', 'setting', current_setting('track_io_timing'),
         'on', current_setting('track_io_timing') = 'on'
)
SELECT n, check_id, role, object, metric, value, expected, coalesce(ok, false) AS ok FROM r;

SELECT 'query-profiler/' || check_id AS check_id, role, object, metric, value, expected,
       CASE WHEN ok THEN 'ok' ELSE 'FAIL' END AS result
FROM qprof_check ORDER BY n, object;

DO $$
DECLARE
  failed text;
BEGIN
  SELECT string_agg(format('%s %s %s', check_id, role, object), '; ' ORDER BY n) INTO failed
  FROM qprof_check WHERE NOT ok;
  IF failed IS NOT NULL THEN
    RAISE EXCEPTION 'verify.d/query-profiler: cases do not hold: %', failed;
  END IF;
  IF (SELECT count(*) FROM qprof_check) <> 15 THEN
    RAISE EXCEPTION 'verify.d/query-profiler: expected 15 rows, found % (a statement or table is missing)',
      (SELECT count(*) FROM qprof_check);
  END IF;
END
$$;
\echo 'verify.d/query-profiler: all planted cases and controls hold'
