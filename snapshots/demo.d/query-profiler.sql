-- query-profiler demo objects (schema qprof), loaded after snapshots/demo.sql:
--   psql -X -q -v ON_ERROR_STOP=1 -d demo -f snapshots/demo.d/query-profiler.sql
-- Deterministic (hashint8 of the row number, no random()); ~40 MB, loads in about a second.
-- The statements are in snapshots/workload.d/query-profiler.sql; snapshots/verify.d/query-profiler.sql
-- proves every case; tests/live/demo.d/query-profiler.{planted,controls}.inc list them.
--
-- Planted cases (must be reported) and close controls (must not):
--
--   query-profiler/high-traffic-statement
--     PLANTED  shop.events session replay "SELECT event_type, occurred_at, properties FROM shop.events
--              WHERE session_id = $1 ORDER BY occurred_at" (workload.sql's missing-index case, 80
--              calls, plus 60 calls from workload.d): ~60 % of all statement time, above 30 %.
--     CONTROL  shop.audit_log dashboard count "WHERE action = $1": the next one, ~15 %.
--     (workload.sql runs its final ANALYZE untracked: that setup step is I/O-bound and would
--     otherwise take a share of total time that varies with the machine's load.)
--
--   query-profiler/plan-instability
--     PLANTED  "SELECT count(*), sum(amount_cents) FROM qprof.ledger WHERE tenant_id = $1", 24 calls:
--              tenant 1 owns 90 % of qprof.ledger (sequential scan of 200,000 rows), the other
--              tenants 10 rows each (index scan); 3 of the 24 calls are for tenant 1, so
--              stddev / mean ≈ 2.6 and stddev of several ms (> 2 ms).
--     CONTROL  "SELECT max(booked_on), sum(amount_cents) FROM qprof.ledger WHERE tenant_id = $1",
--              24 calls, small tenants only: steady index scans (stddev well below 2 ms).
--
--   query-profiler/temp-spill
--     PLANTED  "SELECT account_id, sum(amount_cents) FROM qprof.ledger WHERE booked_on >= $1 GROUP BY
--              account_id" over ~30 days of qprof.ledger (2 calls, ~20,000 accounts), run with
--              SET work_mem = '64kB': the aggregate spills to temporary files.
--     CONTROL  "SELECT id, amount_cents FROM qprof.ledger WHERE tenant_id = $1 ORDER BY
--              amount_cents DESC" in the same 64 kB session: a sort of 10 rows, in memory.
--
--   query-profiler/low-buffer-hit-ratio
--     PLANTED  "SELECT count(*), max(id) FROM qprof.archived_events WHERE archived_on = $1" (2 calls):
--              qprof.archived_events (~36 MB) is larger than a quarter of shared_buffers (128 MB in
--              the test harness), so each sequential scan goes through a 256 kB ring and reads most
--              of its pages (CREATE TABLE AS wrote it through a 16 MB bulk-write ring too, so it is
--              mostly not in shared buffers): hit ratio well below 99 %, thousands of pages read.
--     CONTROL  "SELECT id, amount_cents FROM qprof.ledger WHERE tenant_id = $1 ORDER BY amount_cents
--              DESC" (20 index lookups of ~10 rows): whatever its hit ratio, it reads at most a few
--              hundred pages (< 1,000: the cost of a cold cache, not a working set problem).
--
--   query-profiler/seq-scan-heavy-table
--     PLANTED  shop.events (150,100 rows, ~140 sequential scans, index used for ~60 % of scans).
--     CONTROL  shop.products (84 sequential scans, but 4,997 rows < 10,000) and qprof.ledger
--              (200,000 rows, index used for most scans, ~14 sequential scans < 50).
--
--   query-profiler/database-cache-hit-ratio, pg-stat-statements-unavailable, track-io-timing-off
--     CONTROL  only: the demo database's cache hit ratio stays above 95 %; the harness preloads
--              pg_stat_statements and sets track_io_timing = on. Their firing cases are in
--              tests/unit/plugins/query_profiler_test.cpp.
--
--   query-profiler/workload-class: the demo is OLTP (a summary fact, not a finding).

\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET max_parallel_maintenance_workers = 0;

DROP SCHEMA IF EXISTS qprof CASCADE;
CREATE SCHEMA qprof;

-- A multi-tenant ledger whose biggest tenant owns 90 % of the rows.
CREATE TABLE qprof.ledger (
  id bigint PRIMARY KEY,
  tenant_id integer NOT NULL,
  account_id integer NOT NULL,
  amount_cents bigint NOT NULL,
  booked_on date NOT NULL
);
INSERT INTO qprof.ledger (id, tenant_id, account_id, amount_cents, booked_on)
SELECT i,
       CASE WHEN i % 10 = 0 THEN 2 + (hashint8(i) & 2147483647) % 2000 ELSE 1 END,
       1 + (hashint8(i + 1) & 2147483647) % 40000,
       (hashint8(i + 2) & 2147483647) % 100000,
       date '2026-01-01' + (i % 300)
FROM generate_series(1, 200000) AS i;
CREATE INDEX ledger_tenant_id_idx ON qprof.ledger (tenant_id);

-- Archived events: larger than shared_buffers / 4, written by CREATE TABLE AS (bulk-write ring).
CREATE TABLE qprof.archived_events AS
SELECT i::bigint AS id,
       date '2025-01-01' + (i % 365) AS archived_on,
       rpad(md5(i::text), 480, md5((i + 1)::text)) AS payload
FROM generate_series(1, 70000) AS i;
ALTER TABLE qprof.archived_events ADD PRIMARY KEY (id);

ANALYZE qprof.ledger, qprof.archived_events;
