-- toast-whisperer demo workload (see the header of snapshots/demo.d/toast-whisperer.sql).
--   toast_lab."entity docs": 1,200 lookups that filter on "Doc Body" @> '{"status": …}' (storage-strategy).
--   toast_lab.feature_blobs: 40 reads of one payload by id (large, rarely read: a control).
--   toast_lab.sensor_readings / narrow_events: a few range reads (no effect on the checks).
\set ON_ERROR_STOP on
SET max_parallel_workers_per_gather = 0;
SET jit = off;
\o /dev/null

-- Containment (@>) rather than ->> 'status': pg_stat_statements replaces the key literal of ->> with
-- a $n parameter, and the statement facts only record JSON access with a constant key.
SELECT format('SELECT id, "Doc Body" -> %L FROM toast_lab."entity docs" WHERE id = %s AND "Doc Body" @> %L',
              'owner', 1 + (hashint8(i) & 2147483647) % 400,
              jsonb_build_object('status', (ARRAY['active', 'paused', 'retired'])[1 + (hashint8(i) & 2147483647) % 3]))
FROM generate_series(1, 1200) AS i \gexec

SELECT format('SELECT length(payload) FROM toast_lab.feature_blobs WHERE id = %s', 1 + (hashint8(i) & 2147483647) % 1500)
FROM generate_series(1, 40) AS i \gexec

SELECT format('SELECT count(*) FROM toast_lab.sensor_readings WHERE sensor_id = %s', 1 + (hashint8(i) & 2147483647) % 500)
FROM generate_series(1, 5) AS i \gexec

SELECT format('SELECT sum(amount) FROM toast_lab.narrow_events WHERE code = %s', i % 100)
FROM generate_series(1, 5) AS i \gexec

\o
