-- dbopt rollback script — dbopt performance report
-- database: demo (PostgreSQL 15.20 (Debian 15.20-0+deb12u1))
-- captured_at: 2026-11-21T06:16:34.944575Z
-- generated_at: 2026-11-21T06:16:34.944575Z by dbopt 0.1.0
-- Review before running; statements with CONCURRENTLY cannot run inside a transaction block
-- (this script is deliberately not wrapped in BEGIN/COMMIT).

-- ==== schema ====

-- F-035 [P3] toast-whisperer/pglz-compression: toast_lab.feature_blobs.payload — Large values of toast_lab.feature_blobs.payload are on pglz: switch the column to lz4
ALTER TABLE toast_lab.feature_blobs ALTER COLUMN payload SET COMPRESSION DEFAULT;

-- F-020 [P3] hybrid-schema-engineer/json-not-jsonb: hybrid.legacy_log.body — json column hybrid.legacy_log.body should be jsonb
ALTER TABLE hybrid.legacy_log ALTER COLUMN body TYPE json USING body::json;

-- F-018 [P3] hybrid-schema-engineer/column-extraction: hybrid.orders_doc.doc — Promote JSON key customer_id of hybrid.orders_doc.doc to a column: read by 88.2 % of the calls filtering on it
DROP INDEX CONCURRENTLY IF EXISTS hybrid.orders_doc_customer_id_idx;
ALTER TABLE hybrid.orders_doc DROP COLUMN IF EXISTS customer_id;

-- F-006 [P2] table-stats/sequence-exhaustion: ops.ledger.id — Column ops.ledger.id (sequence ops.ledger_id_seq) has used 83.8 % of its range
-- fails once the sequence has passed the old maximum
ALTER SEQUENCE ops.ledger_id_seq AS integer;

-- F-005 [P2] plan-decoder/extended-statistics: plan_demo.parcel — CREATE STATISTICS on plan_demo.parcel for #1 Seq Scan on parcel (2 rows estimated, 200 actual)
DROP STATISTICS IF EXISTS plan_demo.parcel_region_code_postal_code_stats;

-- ==== config ====

-- F-017 [P3] config-tuner/shared-buffers: shared_buffers — shared_buffers is 2.1 % of RAM (128MB of 6GB); recommended 1536MB
-- captured from a configuration file (postgresql.conf or postgresql.auto.conf): written back
ALTER SYSTEM SET shared_buffers = '128MB';
SELECT pg_reload_conf();
-- NOTE: takes effect only after a server restart (pg_settings.context = 'postmaster')

-- F-016 [P3] config-tuner/random-page-cost: random_page_cost — random_page_cost 4 on ssd storage; recommended 1.1
ALTER SYSTEM RESET random_page_cost;
SELECT pg_reload_conf();

-- F-015 [P3] config-tuner/autovacuum-scale-factor: autovacuum_vacuum_scale_factor — autovacuum_vacuum_scale_factor 0.2 with 1 table(s) of ≥ 1,000,000 rows; recommended 0.05
ALTER SYSTEM RESET autovacuum_vacuum_scale_factor;
SELECT pg_reload_conf();

-- ==== vacuum ====

-- F-034 [P3] table-stats/stale-statistics: ops.sensor_reading — Statistics of ops.sensor_reading are stale: 10,000 rows modified since the last ANALYZE
-- VACUUM and ANALYZE change no schema and no data: nothing to roll back

-- F-030 [P3] table-stats/never-analyzed: ops.import_batch — Table ops.import_batch (5,000 rows) was never analyzed
-- VACUUM and ANALYZE change no schema and no data: nothing to roll back

-- F-029 [P3] table-stats/dead-tuples: ops.job_queue — Table ops.job_queue has 18,000 dead tuples (90.0 % of its rows)
-- VACUUM and ANALYZE change no schema and no data: nothing to roll back

-- F-008 [P3] table-stats/table-bloat: ops.audit_trail — Bloated table ops.audit_trail (~81.3 %, 12.5 MB)
-- VACUUM FULL rewrites the same rows into a compact file: it changes no schema and no data, there is nothing to undo (the old file cannot be restored)

-- F-007 [P3] table-stats/table-bloat: ml."café_ünïcode_features" — Bloated table ml."café_ünïcode_features" (~89.8 %, 25.8 MB)
-- VACUUM FULL rewrites the same rows into a compact file: it changes no schema and no data, there is nothing to undo (the old file cannot be restored)

-- ==== indexes ====

-- F-024 [P3] plan-decoder/seq-scan-filter: plan_demo.parcel — Sequential scan of plan_demo.parcel removes 99.8 % of 100,000 rows read (#1 Seq Scan on parcel)
DROP INDEX CONCURRENTLY IF EXISTS plan_demo.parcel_region_code_postal_code_idx;

-- F-012 [P3] index-analyzer/unused-index: shop."Order Items ""user"" <b>|</b> idx" — Unused index shop."Order Items ""user"" <b>|</b> idx" on shop."Order Items" (1.8 MB, 0 scans)
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Order Items ""user"" <b>|</b> idx" ON shop."Order Items" USING btree ("user");

-- F-011 [P3] index-analyzer/unused-index: shop.orders_created_at_idx — Unused index shop.orders_created_at_idx on shop.orders (2.2 MB, 0 scans)
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_created_at_idx ON shop.orders USING btree (created_at);

-- F-010 [P3] index-analyzer/btree-bloat: ops.audit_trail_pkey — Bloated index ops.audit_trail_pkey on ops.audit_trail (~80.0 %, 4.3 MB)
-- REINDEX has no rollback: the rebuilt index is equivalent

-- F-009 [P3] index-analyzer/btree-bloat: ml."café_ünïcode_features_computed_at_idx" — Bloated index ml."café_ünïcode_features_computed_at_idx" on ml."café_ünïcode_features" (~89.9 %, 7.7 MB)
-- REINDEX has no rollback: the rebuilt index is equivalent

-- F-004 [P2] index-analyzer/invalid-index: shop.customers_phone_uidx — Invalid index shop.customers_phone_uidx on shop.customers
-- Nothing to restore: the dropped index was INVALID and served no query.
-- To build it again once the cause of the failed build is fixed:
-- CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS customers_phone_uidx ON shop.customers USING btree (phone);

-- F-003 [P2] index-analyzer/fk-without-index: shop."Order Items" — Foreign key "Order Items_product_id_fkey" on shop."Order Items" (product_id) has no index
DROP INDEX CONCURRENTLY IF EXISTS shop."Order Items_product_id_idx";

-- F-001 [P1] index-analyzer/missing-index: shop.events — Missing index on shop.events (session_id, occurred_at)
DROP INDEX CONCURRENTLY IF EXISTS shop.events_session_id_occurred_at_idx;
