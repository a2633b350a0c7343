-- dbopt demo database: a small online shop with an ML feature store, ~145 MB, loads in seconds.
--
-- Load into an EMPTY database with psql, NOT inside a transaction (no -1 / --single-transaction):
-- one statement (CREATE UNIQUE INDEX CONCURRENTLY) must fail on purpose, and CONCURRENTLY cannot
-- run in a transaction block. Then run workload.sql (usage statistics) and verify-demo.sql.
--   psql -X -q -v ON_ERROR_STOP=1 -d demo -f snapshots/demo.sql
-- Data is deterministic (hashint8 of the row number, no random()); see snapshots/README.md.
--
-- Planted problems (what index-analyzer must report) and their close controls (what it must not):
--
--   index-analyzer/unused-index
--     PLANTED  shop."Order Items ""user"" <b>|</b> idx" on shop."Order Items" ("user"):
--              workload.sql never filters or sorts on "user", so idx_scan = 0.
--     CONTROL  shop."Order Items_order_id_product_id_idx" on the same table: scanned by workload.sql.
--     CONTROL  shop.customers_email_key (UNIQUE constraint) and shop.products_sku_uidx (plain UNIQUE
--              index): never or rarely scanned, but they enforce uniqueness.
--     ALSO     shop.orders_created_at_idx (one of the exact duplicates, below) ends with idx_scan = 0:
--              for equal costs the planner always picks its twin shop.idx_orders_created_at.
--
--   index-analyzer/duplicate-index
--     PLANTED  shop.idx_orders_created_at = shop.orders_created_at_idx: both btree (created_at),
--              same opclass, collation, order, no INCLUDE, no predicate (an ORM created the second).
--     CONTROL  shop.orders_created_at_pending_idx: btree (created_at) WHERE status = 'pending'
--              (same key, different predicate).
--     CONTROL  shop.customers_email_pattern_idx: btree (email text_pattern_ops) next to
--              shop.customers_email_key btree (email text_ops) (same key, different opclass).
--
--   index-analyzer/redundant-index
--     PLANTED  shop.orders_customer_id_idx (customer_id) is a left prefix of
--              shop.orders_customer_id_created_at_idx (customer_id, created_at).
--     CONTROL  shop.products_sku_uidx UNIQUE (sku) is a left prefix of the non-unique
--              shop.products_sku_price_idx (sku, price_cents): it enforces uniqueness.
--     CONTROL  shop.orders_pending_customer_idx (customer_id) WHERE status = 'pending' is a left prefix
--              of shop.orders_customer_id_created_at_idx, which does not filter the same rows.
--
--   index-analyzer/invalid-index
--     PLANTED  shop.customers_phone_uidx: CREATE UNIQUE INDEX CONCURRENTLY on customers.phone, which
--              holds 1,000 duplicated numbers -> the build fails and leaves indisvalid = false.
--     CONTROL  every other index (indisvalid = true).
--
--   index-analyzer/fk-without-index
--     PLANTED  shop."Order Items_product_id_fkey": "Order Items".product_id -> products(id); 250,000
--              rows; product_id is only the SECOND column of "Order Items_order_id_product_id_idx".
--     CONTROL  shop."Order Items_order_id_fkey" (order_id leads "Order Items_order_id_product_id_idx").
--     CONTROL  shop.orders_customer_id_fkey (customer_id leads orders_customer_id_idx and
--              orders_customer_id_created_at_idx).
--     CONTROL  shop.warehouses_region_id_fkey: no index on warehouses.region_id, but the table has
--              only 40 rows (< 1,000).
--
--   index-analyzer/missing-index
--     PLANTED  shop.events (150,000 rows): workload.sql runs
--              "SELECT ... FROM shop.events WHERE session_id = $1 ORDER BY occurred_at" 80 times, each a
--              full sequential scan; session_id has 15,000 distinct values (10 rows, 0.007 % of the
--              table, per value) and no index starts with it.
--     CONTROL  shop.audit_log (80,000 rows): 60 full scans for "WHERE action = $1", but action has
--              3 distinct values (not selective).
--     CONTROL  shop.products (5,000 rows < 10,000): 60 full scans for "WHERE name = $1" (selective).
--     CONTROL  shop.orders (100,000 rows): hundreds of "WHERE customer_id = $1" lookups, all through
--              orders_customer_id_idx; only a handful of sequential scans.
--
--   index-analyzer/btree-bloat
--     PLANTED  ml."café_ünïcode_features_computed_at_idx": built on 400,000 rows, then the nine
--              oldest daily batches (360,000 rows, 90 %) are purged and the table VACUUMed; the
--              index keeps its ~1,100 pages for 40,000 live entries (expected ~110 pages).
--     CONTROL  ml."café_ünïcode_features_customer_id_feature_name_idx": built after the purge on the
--              same table, compact, > 1 MB.
--
-- Hostile names, to prove quoting and escaping in reports: the table shop."Order Items" with the
-- reserved-word column "user", the index shop."Order Items ""user"" <b>|</b> idx" (double quote,
-- HTML tag, Markdown table pipe, spaces), and the Unicode table ml."café_ünïcode_features".

\set ON_ERROR_STOP on
SET client_min_messages = warning;
-- Index builds count one sequential scan per participating process: keep the counts exact.
SET max_parallel_maintenance_workers = 0;

DROP SCHEMA IF EXISTS shop CASCADE;
DROP SCHEMA IF EXISTS ml CASCADE;
CREATE SCHEMA shop;
CREATE SCHEMA ml;
COMMENT ON SCHEMA shop IS 'dbopt demo: online shop';
COMMENT ON SCHEMA ml IS 'dbopt demo: ML feature store';

-- Tables are created without keys and indexes; keys and indexes are built after the bulk load
-- so every index starts compact (the only bloated index is the planted one).

CREATE TABLE shop.regions (
  id   integer NOT NULL,
  name text    NOT NULL
);

CREATE TABLE shop.warehouses (
  id        integer NOT NULL,
  region_id integer NOT NULL,
  name      text    NOT NULL
);

CREATE TABLE shop.customers (
  id           bigint      NOT NULL,
  email        text        NOT NULL,
  full_name    text        NOT NULL,
  phone        text,
  country_code char(2)     NOT NULL,
  tier         text        NOT NULL,
  created_at   timestamptz NOT NULL
);

CREATE TABLE shop.products (
  id          bigint NOT NULL,
  sku         text   NOT NULL,
  name        text   NOT NULL,
  category    text   NOT NULL,
  price_cents bigint NOT NULL
);

CREATE TABLE shop.orders (
  id          bigint      NOT NULL,
  customer_id bigint      NOT NULL,
  status      text        NOT NULL,
  created_at  timestamptz NOT NULL,
  total_cents bigint      NOT NULL
);

CREATE TABLE shop."Order Items" (
  id               bigint  NOT NULL,
  order_id         bigint  NOT NULL,
  product_id       bigint  NOT NULL,
  "user"           text    NOT NULL,
  quantity         integer NOT NULL,
  unit_price_cents bigint  NOT NULL
);
COMMENT ON COLUMN shop."Order Items"."user" IS 'B2B account user who added the item';

CREATE TABLE shop.events (
  id          bigint      NOT NULL,
  customer_id bigint      NOT NULL,
  session_id  uuid        NOT NULL,
  event_type  text        NOT NULL,
  occurred_at timestamptz NOT NULL,
  properties  jsonb       NOT NULL
);

CREATE TABLE shop.audit_log (
  id         bigint      NOT NULL,
  table_name text        NOT NULL,
  row_id     bigint      NOT NULL,
  action     text        NOT NULL,
  changed_by text        NOT NULL,
  changed_at timestamptz NOT NULL,
  diff       text        NOT NULL
);

CREATE TABLE ml."café_ünïcode_features" (
  id           bigint           NOT NULL,
  customer_id  bigint           NOT NULL,
  feature_name text             NOT NULL,
  value        double precision NOT NULL,
  computed_at  timestamptz      NOT NULL
);

-- Bulk load. h(i, n) = a deterministic pseudo-random number in [0, n): (hashint8(i) & 0x7fffffff) % n.

INSERT INTO shop.regions (id, name)
SELECT i, (ARRAY['us-east','us-west','eu-west','eu-central','eu-north','ap-south','ap-east',
                 'ap-southeast','sa-east','af-south','me-central','ca-central'])[i]
FROM generate_series(1, 12) AS i;

INSERT INTO shop.warehouses (id, region_id, name)
SELECT i, 1 + (i - 1) % 12, format('WH-%s', lpad(i::text, 3, '0'))
FROM generate_series(1, 40) AS i;

-- 20,000 customers; phone numbers of customers 19,001..20,000 repeat those of 1..1,000
-- (legacy import), which is what makes the unique index below fail.
INSERT INTO shop.customers (id, email, full_name, phone, country_code, tier, created_at)
SELECT i,
       format('customer%s@example.com', i),
       format('Customer %s', i),
       format('+1-555-%s', lpad(((i - 1) % 19000 + 1)::text, 7, '0')),
       (ARRAY['US','DE','FR','GB','NL','SE','IN','BR','JP','CA'])[1 + (hashint8(i) & 2147483647) % 10],
       (ARRAY['free','free','free','silver','gold'])[1 + (hashint8(i + 7) & 2147483647) % 5],
       timestamptz '2024-01-01 00:00:00+00' + i * interval '37 minutes'
FROM generate_series(1, 20000) AS i;

-- 5,000 products; 4,901..5,000 are discontinued and never ordered.
INSERT INTO shop.products (id, sku, name, category, price_cents)
SELECT i,
       format('SKU-%s', lpad(i::text, 6, '0')),
       format('%s product %s', (ARRAY['Blue','Red','Green','Black','White'])[1 + i % 5], i),
       (ARRAY['books','garden','kitchen','toys','sports','audio','video','office','pets','tools',
              'beauty','baby','auto','music','games','health','shoes','bags','home','food'])[1 + i % 20],
       199 + (hashint8(i) & 2147483647) % 50000
FROM generate_series(1, 5000) AS i;

-- 100,000 orders over ~6 months; status: 70 % delivered, 15 % shipped, 7 % paid, 5 % pending,
-- 3 % cancelled.
INSERT INTO shop.orders (id, customer_id, status, created_at, total_cents)
SELECT i,
       1 + (hashint8(i) & 2147483647) % 20000,
       CASE WHEN s < 70 THEN 'delivered' WHEN s < 85 THEN 'shipped' WHEN s < 92 THEN 'paid'
            WHEN s < 97 THEN 'pending' ELSE 'cancelled' END,
       timestamptz '2026-05-01 00:00:00+00' + i * interval '150 seconds',
       500 + (hashint8(i + 1) & 2147483647) % 100000
FROM generate_series(1, 100000) AS i,
     LATERAL (SELECT (hashint8(i + 2) & 2147483647) % 100 AS s) AS st;

-- 250,000 order items: 2 or 3 per order, products 1..4,900.
INSERT INTO shop."Order Items" (id, order_id, product_id, "user", quantity, unit_price_cents)
SELECT i,
       1 + (i - 1) * 2 / 5,
       1 + (hashint8(i) & 2147483647) % 4900,
       format('buyer-%s', (hashint8(i + 3) & 2147483647) % 500),
       1 + (hashint8(i + 4) & 2147483647) % 5,
       199 + (hashint8(i + 5) & 2147483647) % 50000
FROM generate_series(1, 250000) AS i;

-- 150,000 click-stream events: 15,000 sessions of 10 events each.
INSERT INTO shop.events (id, customer_id, session_id, event_type, occurred_at, properties)
SELECT i,
       1 + (hashint8((i - 1) / 10) & 2147483647) % 20000,
       md5('session-' || ((i - 1) / 10))::uuid,
       (ARRAY['page_view','page_view','page_view','search','add_to_cart','remove_from_cart',
              'checkout','purchase'])[1 + (hashint8(i) & 2147483647) % 8],
       timestamptz '2026-08-01 00:00:00+00' + i * interval '30 seconds',
       jsonb_build_object('path', format('/p/%s', 1 + (hashint8(i + 1) & 2147483647) % 5000),
                          'ua', (ARRAY['ios','android','web'])[1 + i % 3])
FROM generate_series(1, 150000) AS i;

-- 80,000 audit rows: 60 % UPDATE, 30 % INSERT, 10 % DELETE.
INSERT INTO shop.audit_log (id, table_name, row_id, action, changed_by, changed_at, diff)
SELECT i,
       (ARRAY['orders','customers','products','Order Items'])[1 + i % 4],
       1 + (hashint8(i) & 2147483647) % 100000,
       CASE WHEN s < 60 THEN 'UPDATE' WHEN s < 90 THEN 'INSERT' ELSE 'DELETE' END,
       format('svc-%s', (hashint8(i + 1) & 2147483647) % 12),
       timestamptz '2026-05-01 00:00:00+00' + i * interval '3 minutes',
       format('{"status": ["paid", "shipped"], "changed_fields": %s}', 1 + i % 7)
FROM generate_series(1, 80000) AS i,
     LATERAL (SELECT (hashint8(i + 2) & 2147483647) % 100 AS s) AS st;

-- Feature store: ten daily batches of 40,000 rows (8,000 customers x 5 features).
INSERT INTO ml."café_ünïcode_features" (id, customer_id, feature_name, value, computed_at)
SELECT i,
       1 + (i - 1) / 5 % 8000,
       (ARRAY['ltv_90d','churn_score','orders_30d','avg_basket','days_since_last'])[1 + (i - 1) % 5],
       ((hashint8(i) & 2147483647) % 100000) / 1000.0,
       timestamptz '2026-11-10 02:00:00+00' + ((i - 1) / 40000) * interval '1 day'
         + ((i - 1) % 40000) * interval '100 milliseconds'
FROM generate_series(1, 400000) AS i;

-- Keys, constraints and indexes (built once, after the load: compact).

ALTER TABLE shop.regions ADD PRIMARY KEY (id);
ALTER TABLE shop.warehouses ADD PRIMARY KEY (id);
ALTER TABLE shop.warehouses ADD FOREIGN KEY (region_id) REFERENCES shop.regions (id);
-- CONTROL fk-without-index: warehouses has 40 rows, region_id has no index.

ALTER TABLE shop.customers ADD PRIMARY KEY (id);
ALTER TABLE shop.customers ADD CONSTRAINT customers_email_key UNIQUE (email);
-- CONTROL duplicate-index: same column as customers_email_key, different opclass (LIKE 'prefix%').
CREATE INDEX customers_email_pattern_idx ON shop.customers (email text_pattern_ops);

ALTER TABLE shop.products ADD PRIMARY KEY (id);
-- CONTROL redundant-index: unique, left prefix of the non-unique products_sku_price_idx.
CREATE UNIQUE INDEX products_sku_uidx ON shop.products (sku);
CREATE INDEX products_sku_price_idx ON shop.products (sku, price_cents);

ALTER TABLE shop.orders ADD PRIMARY KEY (id);
ALTER TABLE shop.orders ADD CONSTRAINT orders_customer_id_fkey
  FOREIGN KEY (customer_id) REFERENCES shop.customers (id);
-- PLANTED redundant-index: left prefix of orders_customer_id_created_at_idx.
CREATE INDEX orders_customer_id_idx ON shop.orders (customer_id);
CREATE INDEX orders_customer_id_created_at_idx ON shop.orders (customer_id, created_at);
-- PLANTED duplicate-index: the same index twice (the second one came from an ORM migration).
CREATE INDEX orders_created_at_idx ON shop.orders (created_at);
CREATE INDEX idx_orders_created_at ON shop.orders (created_at);
-- CONTROL duplicate-index: same key, different predicate.
CREATE INDEX orders_created_at_pending_idx ON shop.orders (created_at) WHERE status = 'pending';
-- CONTROL redundant-index: partial left prefix of orders_customer_id_created_at_idx.
CREATE INDEX orders_pending_customer_idx ON shop.orders (customer_id) WHERE status = 'pending';

ALTER TABLE shop."Order Items" ADD PRIMARY KEY (id);
ALTER TABLE shop."Order Items" ADD FOREIGN KEY (order_id) REFERENCES shop.orders (id);
-- PLANTED fk-without-index: product_id is not the leading column of any index.
ALTER TABLE shop."Order Items" ADD FOREIGN KEY (product_id) REFERENCES shop.products (id);
CREATE INDEX "Order Items_order_id_product_id_idx" ON shop."Order Items" (order_id, product_id);
-- PLANTED unused-index (hostile name): nothing ever filters or sorts on "user".
CREATE INDEX "Order Items ""user"" <b>|</b> idx" ON shop."Order Items" ("user");

ALTER TABLE shop.events ADD PRIMARY KEY (id);
CREATE INDEX events_customer_id_occurred_at_idx ON shop.events (customer_id, occurred_at);
-- PLANTED missing-index: no index on shop.events (session_id).

ALTER TABLE shop.audit_log ADD PRIMARY KEY (id);
CREATE INDEX audit_log_table_name_row_id_idx ON shop.audit_log (table_name, row_id);

-- PLANTED btree-bloat: build the computed_at index, purge 90 % of the rows, VACUUM.
CREATE INDEX "café_ünïcode_features_computed_at_idx" ON ml."café_ünïcode_features" (computed_at);
DELETE FROM ml."café_ünïcode_features" WHERE computed_at < timestamptz '2026-11-19 00:00:00+00';
VACUUM ml."café_ünïcode_features";
-- CONTROL btree-bloat: built after the purge, compact.
ALTER TABLE ml."café_ünïcode_features" ADD PRIMARY KEY (id);
CREATE INDEX "café_ünïcode_features_customer_id_feature_name_idx"
  ON ml."café_ünïcode_features" (customer_id, feature_name);

-- PLANTED invalid-index: this statement FAILS ON PURPOSE (duplicate phone numbers) and leaves
-- shop.customers_phone_uidx behind with pg_index.indisvalid = false.
\echo 'demo.sql: the next statement is expected to fail with "could not create unique index" (plants an INVALID index)'
\set ON_ERROR_STOP off
CREATE UNIQUE INDEX CONCURRENTLY customers_phone_uidx ON shop.customers (phone);
\set ON_ERROR_STOP on
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = 'shop.customers_phone_uidx'::regclass
                                            AND NOT indisvalid) THEN
    RAISE EXCEPTION 'demo.sql: shop.customers_phone_uidx should exist and be invalid';
  END IF;
END
$$;

-- Planner statistics and visibility maps for the workload (index-only scans).
VACUUM ANALYZE;
