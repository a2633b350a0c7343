-- table-stats: the cases that must be set up after workload.sql's database-wide ANALYZE (see
-- demo.d/table-stats.sql for the list). These are maintenance statements, not workload: as a
-- superuser the session stops pg_stat_statements tracking so they do not enter the workload.
SET client_min_messages = warning;
DO $$
BEGIN
  PERFORM set_config('pg_stat_statements.track', 'none', false);
EXCEPTION WHEN insufficient_privilege THEN
  NULL;
END
$$;

-- dead-tuples: 18,000 of 20,000 (planted), 3,000 of 20,000 (control).
DELETE FROM ops.job_queue WHERE id % 10 <> 0;
DELETE FROM ops.job_queue_archive WHERE id % 20 IN (1, 2, 3);

-- never-analyzed: created after the ANALYZE, autovacuum disabled.
CREATE TABLE ops.import_batch (
  id       bigint PRIMARY KEY,
  batch_no integer NOT NULL,
  line     text    NOT NULL
) WITH (autovacuum_enabled = false);
CREATE TABLE ops.import_batch_done (LIKE ops.import_batch INCLUDING ALL) WITH (autovacuum_enabled = false);
INSERT INTO ops.import_batch SELECT i, i / 500, md5(i::text) FROM generate_series(1, 5000) AS i;
INSERT INTO ops.import_batch_done SELECT * FROM ops.import_batch;
-- Flush this session's pending insert counts first: counted after the ANALYZE they would show
-- up as n_mod_since_analyze of a freshly analyzed table (PostgreSQL 15 flushes statistics lazily).
SELECT pg_stat_force_next_flush();
SELECT pg_sleep(0.1);
ANALYZE ops.import_batch_done;

-- stale-statistics: 10,000 new rows after the last ANALYZE in both tables.
INSERT INTO ops.sensor_reading
SELECT i, (hashint8(i) & 2147483647) % 500, timestamptz '2026-01-01 00:00:00+00' + i * interval '1 minute',
       ((hashint8(i) & 65535) / 100.0)
FROM generate_series(20001, 30000) AS i;
INSERT INTO ops.sensor_reading_tuned SELECT * FROM ops.sensor_reading WHERE id > 20000;
