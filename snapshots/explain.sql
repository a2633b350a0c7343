-- Statements the demo capture EXPLAINs (ANALYZE, BUFFERS, SETTINGS, FORMAT JSON) for the plan
-- decoder: `dbopt capture … --explain snapshots/explain.sql --analyze` (scripts/refresh-demo-snapshot.sh,
-- tests/live/e2e_audit_test.cpp). Read-only; each runs inside the capture's READ ONLY transaction
-- and is rolled back. Tables: snapshots/demo.sql (shop.*) and snapshots/demo.d/plan-decoder.sql
-- (plan_demo.*). Default settings (work_mem 4MB). Expected findings:
-- tests/live/demo.d/plan-decoder.planted.inc / .controls.inc.

-- plan 1 — correlated columns: region_code is a function of postal_code; the planner multiplies
-- their selectivities and expects 2 rows, gets 200 (extended-statistics, row-misestimate), and
-- reads all 100,000 rows to find them (seq-scan-filter).
SELECT id, weight_g
FROM plan_demo.parcel
WHERE region_code = 4 AND postal_code = 21;

-- plan 2 — an export of the event stream, newest first: 150,100 rows of ~34 bytes sorted with
-- work_mem = 4MB spill to disk (Sort Method: external merge; work-mem-spill).
SELECT id, customer_id, event_type, occurred_at
FROM shop.events
ORDER BY occurred_at DESC, id;

-- plan 3 — a CTE declared AS MATERIALIZED (as ORMs and pre-PostgreSQL-12 habits write it),
-- referenced once and filtered by the outer query: the whole of shop.orders is materialized and
-- 99.99 % of it thrown away by the CTE Scan's filter (cte-materialized: NOT MATERIALIZED lets
-- the filter reach shop.orders, where orders_customer_id_idx serves it).
WITH customer_orders AS MATERIALIZED (
  SELECT id, customer_id, status, total_cents, created_at
  FROM shop.orders
)
SELECT id, status, total_cents
FROM customer_orders
WHERE customer_id = 42
ORDER BY created_at;

-- plan 4 — CONTROL: the same question asked directly; an index scan estimated within 2×, a
-- small in-memory sort. No plan-decoder finding on shop.orders.
SELECT id, status, total_cents, created_at
FROM shop.orders
WHERE customer_id = 42
ORDER BY created_at;

-- plan 5 — CONTROL for cte-materialized: a MATERIALIZED CTE read by two subqueries, each with a
-- filter that removes most rows. Computing it once for two readers is a legitimate choice, so no
-- NOT MATERIALIZED is recommended (the CTE is referenced twice).
WITH customer_segments AS MATERIALIZED (
  SELECT id, country_code, tier
  FROM shop.customers
)
SELECT (SELECT count(*) FROM customer_segments WHERE tier = 'gold') AS gold_customers,
       (SELECT count(*) FROM customer_segments WHERE country_code = 'DE') AS german_customers;

-- 6 — one instance of the order lookup of snapshots/workload.d/hybrid-schema-engineer.sql.
-- pg_stat_statements stores the key as a parameter (`doc ->> $2 = $3`); this text names it, and the engine links
-- it to that entry by fingerprint (hybrid-schema-engineer/column-extraction on hybrid.orders_doc).
SELECT id, doc ->> 'status' AS status
FROM hybrid.orders_doc
WHERE doc ->> 'customer_id' = '42';

-- 7, 8 — CONTROL: the two lookups of hybrid.profiles differ only in the key, so pg_stat_statements
-- merged them into one entry. Their instances disagree on the key, so neither is credited with the
-- entry's calls (no column-extraction on hybrid.profiles).
SELECT id FROM hybrid.profiles WHERE attrs ->> 'v' = '7';
SELECT id FROM hybrid.profiles WHERE attrs ->> 'ts' = '1700000007';
