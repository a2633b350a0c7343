-- query-profiler demo workload, run after snapshots/workload.sql (see the header of
-- snapshots/demo.d/query-profiler.sql for what each statement plants). Same conventions as
-- workload.sql: every statement is generated with format() … \gexec so it runs top-level and
-- normalizes into one pg_stat_statements entry; constants come from hashint8(i).
\set ON_ERROR_STOP on
SET max_parallel_workers_per_gather = 0;
SET jit = off;
\o /dev/null

-- PLANTED high-traffic-statement: the support tool replays sessions too (the same statement as
-- workload.sql's missing-index case, so one pg_stat_statements entry): 60 more calls.
SELECT format('SELECT event_type, occurred_at, properties FROM shop.events WHERE session_id = %L ORDER BY occurred_at',
              md5('session-' || (hashint8(i + 19000) & 2147483647) % 15000)::uuid)
FROM generate_series(1, 60) AS i \gexec

-- PLANTED plan-instability: every eighth call asks for tenant 1 (90 % of the ledger, a sequential
-- scan); the others for a small tenant (10 rows, an index scan).
SELECT format('SELECT count(*), sum(amount_cents) FROM qprof.ledger WHERE tenant_id = %s',
              CASE WHEN i % 8 = 0 THEN 1 ELSE 2 + (hashint8(i + 20000) & 2147483647) % 2000 END)
FROM generate_series(1, 24) AS i \gexec

-- CONTROL plan-instability: the same kind of lookup for small tenants only.
SELECT format('SELECT max(booked_on), sum(amount_cents) FROM qprof.ledger WHERE tenant_id = %s',
              2 + (hashint8(i + 21000) & 2147483647) % 2000)
FROM generate_series(1, 24) AS i \gexec

-- A reporting session with a tiny work_mem.
SET work_mem = '64kB';
-- PLANTED temp-spill: account totals of the last 30 days (an export); the aggregate of ~20,000
-- accounts does not fit in 64 kB.
SELECT format('SELECT account_id, sum(amount_cents) FROM qprof.ledger WHERE booked_on >= %L GROUP BY account_id',
              date '2026-09-27' - i)
FROM generate_series(1, 2) AS i \gexec
-- CONTROL temp-spill: a sort of one small tenant's rows fits in 64 kB.
SELECT format('SELECT id, amount_cents FROM qprof.ledger WHERE tenant_id = %s ORDER BY amount_cents DESC',
              2 + (hashint8(i + 22000) & 2147483647) % 2000)
FROM generate_series(1, 20) AS i \gexec
RESET work_mem;

-- PLANTED low-buffer-hit-ratio: archive lookups by day, a sequential scan of a table larger than
-- shared_buffers / 4 each time.
SELECT format('SELECT count(*), max(id) FROM qprof.archived_events WHERE archived_on = %L',
              date '2025-01-01' + (hashint8(i + 23000) & 2147483647) % 365)
FROM generate_series(1, 2) AS i \gexec

SELECT pg_stat_force_next_flush();
\o
