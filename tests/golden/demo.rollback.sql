-- dbopt rollback script — dbopt performance report
-- database: demo (PostgreSQL 15.20 (Debian 15.20-0+deb12u1))
-- captured_at: 2026-11-21T01:49:30.871444Z
-- generated_at: 2026-11-21T01:49:30.871444Z by dbopt 0.1.0
-- Review before running; statements with CONCURRENTLY cannot run inside a transaction block
-- (this script is deliberately not wrapped in BEGIN/COMMIT).

-- ==== indexes ====

-- F-006 [P3] index-analyzer/unused-index: shop."Order Items ""user"" <b>|</b> idx" — Unused index shop."Order Items ""user"" <b>|</b> idx" on shop."Order Items" (1.8 MB, 0 scans)
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Order Items ""user"" <b>|</b> idx" ON shop."Order Items" USING btree ("user");

-- F-005 [P3] index-analyzer/unused-index: shop.orders_created_at_idx — Unused index shop.orders_created_at_idx on shop.orders (2.2 MB, 0 scans)
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_created_at_idx ON shop.orders USING btree (created_at);

-- F-004 [P3] index-analyzer/btree-bloat: ml."café_ünïcode_features_computed_at_idx" — Bloated index ml."café_ünïcode_features_computed_at_idx" on ml."café_ünïcode_features" (~89.9 %, 7.7 MB)
-- REINDEX has no rollback: the rebuilt index is equivalent

-- F-003 [P2] index-analyzer/invalid-index: shop.customers_phone_uidx — Invalid index shop.customers_phone_uidx on shop.customers
-- Nothing to restore: the dropped index was INVALID and served no query.
-- To build it again once the cause of the failed build is fixed:
-- CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS customers_phone_uidx ON shop.customers USING btree (phone);

-- F-002 [P2] index-analyzer/fk-without-index: shop."Order Items" — Foreign key "Order Items_product_id_fkey" on shop."Order Items" (product_id) has no index
DROP INDEX CONCURRENTLY IF EXISTS shop."Order Items_product_id_idx";

-- F-001 [P1] index-analyzer/missing-index: shop.events — Missing index on shop.events (session_id, occurred_at)
DROP INDEX CONCURRENTLY IF EXISTS shop.events_session_id_occurred_at_idx;
