-- dbopt demo workload: run once after demo.sql (and after pg_stat_statements_reset()) so that
-- pg_stat_statements, pg_stat_user_tables and pg_stat_user_indexes hold realistic counts.
--   psql -X -q -v ON_ERROR_STOP=1 -d demo -f snapshots/workload.sql
--
-- Every statement is generated with "SELECT format(...) FROM generate_series(...) \gexec": psql runs
-- each generated string as its own top-level statement, so pg_stat_statements (track = top)
-- normalizes the constants and counts one entry per statement shape. The generator queries read
-- no table. Constants come from hashint8(i): the workload is deterministic.
--
-- What it does to each planted case (see the header of demo.sql):
--   uses every non-unique index except shop."Order Items ""user"" <b>|</b> idx" (unused-index) and
--   the twin of the duplicate pair the planner does not pick (shop.orders_created_at_idx);
--   runs the shop.events session_id lookup 80 times (missing-index) and the non-selective
--   audit_log / small-table products scans 60 times each (controls); a few joins, updates,
--   inserts and deletes (three product deletes scan "Order Items" for the unindexed FK).

\set ON_ERROR_STOP on
-- Application sessions of an OLTP service: no parallel query, no JIT (keeps one scan per
-- statement in pg_stat_user_tables.seq_scan, and keeps the workload fast).
SET max_parallel_workers_per_gather = 0;
SET jit = off;
\o /dev/null

-- Customer login: equality on email (customers_email_key or customers_email_pattern_idx).
SELECT format('SELECT id, full_name, tier FROM shop.customers WHERE email = %L',
              format('customer%s@example.com', 1 + (hashint8(i) & 2147483647) % 20000))
FROM generate_series(1, 100) AS i \gexec

-- Support search by e-mail prefix: customers_email_pattern_idx (text_pattern_ops).
SELECT format('SELECT id, email FROM shop.customers WHERE email LIKE %L ORDER BY email LIMIT 10',
              format('customer%s%%', 100 + (hashint8(i) & 2147483647) % 900))
FROM generate_series(1, 60) AS i \gexec

-- Order history of a customer: orders_customer_id_idx (the redundant one is still used).
SELECT format('SELECT id, status, total_cents FROM shop.orders WHERE customer_id = %s',
              1 + (hashint8(i + 1000) & 2147483647) % 20000)
FROM generate_series(1, 200) AS i \gexec

-- Last order date / recent order count of a customer: index-only scans on
-- orders_customer_id_created_at_idx.
SELECT format('SELECT max(created_at) FROM shop.orders WHERE customer_id = %s',
              1 + (hashint8(i + 2000) & 2147483647) % 20000)
FROM generate_series(1, 150) AS i \gexec
SELECT format('SELECT count(*) FROM shop.orders WHERE customer_id = %s AND created_at >= %L',
              1 + (hashint8(i + 2500) & 2147483647) % 20000, timestamptz '2026-08-01 00:00:00+00')
FROM generate_series(1, 50) AS i \gexec

-- Orders of one day: the duplicate pair; the planner picks idx_orders_created_at every time.
SELECT format('SELECT count(*), sum(total_cents) FROM shop.orders WHERE created_at >= %L AND created_at < %L',
              d, d + interval '1 day')
FROM generate_series(1, 80) AS i,
     LATERAL (SELECT timestamptz '2026-05-02 00:00:00+00'
                     + ((hashint8(i + 3000) & 2147483647) % 160) * interval '1 day' AS d) AS x \gexec

-- Open (pending) orders of a customer: orders_pending_customer_idx.
SELECT format('SELECT id, total_cents FROM shop.orders WHERE customer_id = %s AND status = %L',
              1 + (hashint8(i + 4000) & 2147483647) % 20000, 'pending')
FROM generate_series(1, 60) AS i \gexec

-- Stale pending orders (reminder job): orders_created_at_pending_idx.
SELECT format('SELECT id, customer_id FROM shop.orders WHERE status = %L AND created_at < %L ORDER BY created_at LIMIT 20',
              'pending', timestamptz '2026-06-01 00:00:00+00' + i * interval '1 day')
FROM generate_series(1, 50) AS i \gexec

-- Items of an order: "Order Items_order_id_product_id_idx".
SELECT format('SELECT product_id, quantity, unit_price_cents FROM shop."Order Items" WHERE order_id = %s',
              1 + (hashint8(i + 5000) & 2147483647) % 100000)
FROM generate_series(1, 200) AS i \gexec

-- Join: basket totals of a customer's orders.
SELECT format('SELECT o.id, sum(oi.quantity * oi.unit_price_cents) FROM shop.orders o JOIN shop."Order Items" oi ON oi.order_id = o.id WHERE o.customer_id = %s GROUP BY o.id',
              1 + (hashint8(i + 6000) & 2147483647) % 20000)
FROM generate_series(1, 100) AS i \gexec

-- Join: sales by category for one day (orders by created_at, items by order_id, products).
SELECT format('SELECT p.category, sum(oi.quantity) FROM shop.orders o JOIN shop."Order Items" oi ON oi.order_id = o.id JOIN shop.products p ON p.id = oi.product_id WHERE o.created_at >= %L AND o.created_at < %L GROUP BY p.category',
              d, d + interval '1 day')
FROM generate_series(1, 20) AS i,
     LATERAL (SELECT timestamptz '2026-05-02 00:00:00+00'
                     + ((hashint8(i + 7000) & 2147483647) % 160) * interval '1 day' AS d) AS x \gexec

-- Product page: price by SKU, and the catalog listing in (sku, price_cents) order.
SELECT format('SELECT price_cents FROM shop.products WHERE sku = %L',
              format('SKU-%s', lpad((1 + (hashint8(i + 8000) & 2147483647) % 5000)::text, 6, '0')))
FROM generate_series(1, 100) AS i \gexec
SELECT format('SELECT sku, price_cents FROM shop.products WHERE sku >= %L ORDER BY sku, price_cents LIMIT 20',
              format('SKU-%s', lpad((1 + (hashint8(i + 8500) & 2147483647) % 5000)::text, 6, '0')))
FROM generate_series(1, 30) AS i \gexec

-- CONTROL missing-index (small table, 5,000 rows): product by exact name, sequential scan.
SELECT format('SELECT id, price_cents FROM shop.products WHERE name = %L',
              format('%s product %s', (ARRAY['Blue','Red','Green','Black','White'])[1 + n % 5], n))
FROM generate_series(1, 60) AS i,
     LATERAL (SELECT 1 + (hashint8(i + 9000) & 2147483647) % 5000 AS n) AS x \gexec

-- Customer activity timeline: events_customer_id_occurred_at_idx.
SELECT format('SELECT event_type, occurred_at FROM shop.events WHERE customer_id = %s AND occurred_at >= %L ORDER BY occurred_at',
              1 + (hashint8(i + 10000) & 2147483647) % 20000, timestamptz '2026-08-15 00:00:00+00')
FROM generate_series(1, 150) AS i \gexec

-- PLANTED missing-index: session replay by session_id, no index -> full sequential scan each time.
SELECT format('SELECT event_type, occurred_at, properties FROM shop.events WHERE session_id = %L ORDER BY occurred_at',
              md5('session-' || (hashint8(i + 11000) & 2147483647) % 15000)::uuid)
FROM generate_series(1, 80) AS i \gexec

-- Row history: audit_log_table_name_row_id_idx.
SELECT format('SELECT action, changed_by, changed_at FROM shop.audit_log WHERE table_name = %L AND row_id = %s',
              'orders', 1 + (hashint8(i + 12000) & 2147483647) % 100000)
FROM generate_series(1, 100) AS i \gexec

-- CONTROL missing-index (not selective): audit dashboard counts by action, sequential scan.
SELECT format('SELECT count(*) FROM shop.audit_log WHERE action = %L',
              (ARRAY['UPDATE','INSERT','DELETE'])[1 + i % 3])
FROM generate_series(1, 60) AS i \gexec

-- Feature serving: features of a customer (fresh index, btree-bloat control).
SELECT format('SELECT feature_name, value FROM ml."café_ünïcode_features" WHERE customer_id = %s',
              1 + (hashint8(i + 13000) & 2147483647) % 8000)
FROM generate_series(1, 100) AS i \gexec

-- Feature freshness monitor: a one-minute window on the bloated computed_at index.
SELECT format('SELECT count(*), avg(value) FROM ml."café_ünïcode_features" WHERE computed_at >= %L AND computed_at < %L',
              t, t + interval '1 minute')
FROM generate_series(1, 60) AS i,
     LATERAL (SELECT timestamptz '2026-11-19 02:00:00+00' + (i % 60) * interval '1 minute' AS t) AS x \gexec

-- Writes: ship paid orders (+ audit rows), new events, cancelled orders purged, discontinued
-- products deleted (each delete checks "Order Items".product_id without an index).
SELECT format('UPDATE shop.orders SET status = %L WHERE id = %s AND status = %L',
              'shipped', 1 + (hashint8(i + 14000) & 2147483647) % 100000, 'paid')
FROM generate_series(1, 100) AS i \gexec
SELECT format('INSERT INTO shop.audit_log (id, table_name, row_id, action, changed_by, changed_at, diff) VALUES (%s, %L, %s, %L, %L, now(), %L)',
              80000 + i, 'orders', 1 + (hashint8(i + 14000) & 2147483647) % 100000, 'UPDATE', 'svc-shipping',
              '{"status": ["paid", "shipped"]}')
FROM generate_series(1, 100) AS i \gexec
SELECT format('INSERT INTO shop.events (id, customer_id, session_id, event_type, occurred_at, properties) VALUES (%s, %s, %L, %L, now(), %L)',
              150000 + i, 1 + (hashint8(i + 15000) & 2147483647) % 20000,
              md5('session-' || (15000 + (i - 1) / 10))::uuid, 'page_view', '{"path": "/", "ua": "web"}')
FROM generate_series(1, 100) AS i \gexec
SELECT format('DELETE FROM shop."Order Items" WHERE order_id = %s', id),
       format('DELETE FROM shop.orders WHERE id = %s', id)
FROM generate_series(99981, 100000) AS id \gexec
SELECT format('DELETE FROM shop.products WHERE id = %s', id)
FROM generate_series(4998, 5000) AS id \gexec

-- Planner statistics for the capture: demo setup, not application traffic, so pg_stat_statements
-- does not count it (its I/O-bound time would distort every statement's share of total time,
-- query-profiler/high-traffic-statement). Needs a superuser; otherwise it is tracked, harmlessly.
-- Tracking stays off for the rest of this session (only the statistics flush follows).
DO $$
BEGIN
  PERFORM set_config('pg_stat_statements.track', 'none', false);
EXCEPTION WHEN insufficient_privilege THEN
  NULL;
END
$$;
ANALYZE;
-- Flush this session's statistics now (PG15: otherwise up to 1 s late, or at disconnect).
SELECT pg_stat_force_next_flush();
\o
