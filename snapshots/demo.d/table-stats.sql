-- table-stats planted cases and controls (runs after demo.sql; workload.d/table-stats.sql
-- finishes the cases that the database-wide ANALYZE of workload.sql would erase).
-- Everything lives in schema ops; every table whose counters matter has autovacuum disabled
-- (reloption autovacuum_enabled = false), so autovacuum cannot change the numbers before capture.
--
--   table-stats/dead-tuples
--     PLANTED ops.job_queue          20,000 rows; workload deletes 18,000 (ratio 0.90 >= 0.20)
--     CONTROL ops.job_queue_archive  20,000 rows; workload deletes 3,000 (ratio 0.15 < 0.20)
--   table-stats/never-analyzed       (both created by workload.d/table-stats.sql, after ANALYZE)
--     PLANTED ops.import_batch       5,000 rows, never analyzed, no pg_stats rows
--     CONTROL ops.import_batch_done  5,000 rows, ANALYZEd
--   table-stats/stale-statistics
--     PLANTED ops.sensor_reading        20,000 rows analyzed; workload inserts 10,000
--                                       (n_mod_since_analyze 10,000 > 2 × (50 + 0.1 × 20,000) = 4,100)
--     CONTROL ops.sensor_reading_tuned  same, with autovacuum_analyze_scale_factor = 0.5 (per-table
--                                       reloption): 10,000 <= 2 × (50 + 0.5 × 20,000) = 20,100
--   table-stats/table-bloat
--     PLANTED ops.audit_trail          250,000 rows, 80 % deleted evenly, plain VACUUM: ~80 % bloat
--     CONTROL ops.audit_trail_compact  same data and delete, then VACUUM FULL: no bloat
--   table-stats/sequence-exhaustion
--     PLANTED ops.invoice.id   integer serial at 2,000,000,000 (93.1 % of the integer range): critical
--     PLANTED ops.ledger.id    bigint column fed by an integer sequence at 1,800,000,000 (83.8 %):
--                              high, script ALTER SEQUENCE ops.ledger_id_seq AS bigint
--     CONTROL ops.invoice_v2.id  bigint identity at 2,000,000,000 (0.00002 % of bigint)
--   table-stats/no-primary-key
--     PLANTED ops.clickstream_raw    1,000 rows, no primary key, no unique index
--     CONTROL ops.clickstream_keyed  1,000 rows with a primary key
--     CONTROL ops.staging_empty      no primary key but no rows
--   Not planted (unit tests only): table-stats/xid-wraparound (needs ~1 billion XIDs; a private
--   server test advances the XID counter with pg_resetwal) and table-stats/partition-candidate
--   (needs a table larger than the server RAM, 64 GB by default).

CREATE SCHEMA ops;
COMMENT ON SCHEMA ops IS 'dbopt demo: table-stats cases';

-- dead-tuples ---------------------------------------------------------------------------------
CREATE TABLE ops.job_queue (
  id      bigint PRIMARY KEY,
  state   text   NOT NULL,
  payload text   NOT NULL
) WITH (autovacuum_enabled = false);
CREATE TABLE ops.job_queue_archive (LIKE ops.job_queue INCLUDING ALL) WITH (autovacuum_enabled = false);
INSERT INTO ops.job_queue
SELECT i, 'done', md5(i::text) FROM generate_series(1, 20000) AS i;
INSERT INTO ops.job_queue_archive SELECT * FROM ops.job_queue;

-- stale-statistics ----------------------------------------------------------------------------
CREATE TABLE ops.sensor_reading (
  id          bigint      PRIMARY KEY,
  sensor_id   integer     NOT NULL,
  measured_at timestamptz NOT NULL,
  value       double precision NOT NULL
) WITH (autovacuum_enabled = false);
CREATE TABLE ops.sensor_reading_tuned (LIKE ops.sensor_reading INCLUDING ALL)
  WITH (autovacuum_enabled = false, autovacuum_analyze_scale_factor = 0.5);
INSERT INTO ops.sensor_reading
SELECT i, (hashint8(i) & 2147483647) % 500, timestamptz '2026-01-01 00:00:00+00' + i * interval '1 minute',
       ((hashint8(i) & 65535) / 100.0)
FROM generate_series(1, 20000) AS i;
INSERT INTO ops.sensor_reading_tuned SELECT * FROM ops.sensor_reading;

-- table-bloat ---------------------------------------------------------------------------------
CREATE TABLE ops.audit_trail (
  id       bigint      NOT NULL,
  at       timestamptz NOT NULL,
  actor_id integer     NOT NULL,
  action   text        NOT NULL
) WITH (autovacuum_enabled = false);
CREATE TABLE ops.audit_trail_compact (LIKE ops.audit_trail) WITH (autovacuum_enabled = false);
INSERT INTO ops.audit_trail
SELECT i, timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second', (hashint8(i) & 2147483647) % 1000,
       (ARRAY['login','logout','update-profile','export-report'])[1 + i % 4]
FROM generate_series(1, 250000) AS i;
INSERT INTO ops.audit_trail_compact SELECT * FROM ops.audit_trail;
ALTER TABLE ops.audit_trail ADD PRIMARY KEY (id);
ALTER TABLE ops.audit_trail_compact ADD PRIMARY KEY (id);
-- Delete 4 rows in 5 on every page, so no page becomes empty and VACUUM cannot truncate the file.
DELETE FROM ops.audit_trail WHERE id % 5 <> 0;
DELETE FROM ops.audit_trail_compact WHERE id % 5 <> 0;
VACUUM ANALYZE ops.audit_trail;
VACUUM FULL ANALYZE ops.audit_trail_compact;

-- sequence-exhaustion -------------------------------------------------------------------------
CREATE TABLE ops.invoice (
  id        serial PRIMARY KEY,
  issued_on date   NOT NULL
);
INSERT INTO ops.invoice (issued_on) SELECT date '2026-01-01' + i % 300 FROM generate_series(1, 100) AS i;
SELECT setval('ops.invoice_id_seq', 2000000000);

-- A serial column widened to bigint later: ALTER COLUMN TYPE does not widen its sequence.
CREATE TABLE ops.ledger (
  id     serial PRIMARY KEY,
  amount bigint NOT NULL
);
ALTER TABLE ops.ledger ALTER COLUMN id TYPE bigint;
INSERT INTO ops.ledger (amount) SELECT i * 100 FROM generate_series(1, 100) AS i;
SELECT setval('ops.ledger_id_seq', 1800000000);

CREATE TABLE ops.invoice_v2 (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  issued_on date   NOT NULL
);
INSERT INTO ops.invoice_v2 (issued_on) SELECT date '2026-01-01' + i % 300 FROM generate_series(1, 100) AS i;
SELECT setval(pg_get_serial_sequence('ops.invoice_v2', 'id'), 2000000000);

-- no-primary-key ------------------------------------------------------------------------------
CREATE TABLE ops.clickstream_raw (
  session_id uuid        NOT NULL,
  url        text        NOT NULL,
  clicked_at timestamptz NOT NULL
);
CREATE TABLE ops.clickstream_keyed (
  id         bigint      PRIMARY KEY,
  session_id uuid        NOT NULL,
  url        text        NOT NULL,
  clicked_at timestamptz NOT NULL
);
CREATE TABLE ops.staging_empty (
  line text
);
INSERT INTO ops.clickstream_raw
SELECT md5((i % 97)::text)::uuid, '/page/' || (i % 13), timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second'
FROM generate_series(1, 1000) AS i;
INSERT INTO ops.clickstream_keyed SELECT row_number() OVER (), * FROM ops.clickstream_raw;
