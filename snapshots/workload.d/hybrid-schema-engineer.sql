-- hybrid-schema-engineer demo workload (runs after snapshots/workload.sql); see the header of
-- snapshots/demo.d/hybrid-schema-engineer.sql. Deterministic constants (hashint8).
\set ON_ERROR_STOP on
SET max_parallel_workers_per_gather = 0;
SET jit = off;
\o /dev/null

-- Containment queries on the deep documents (deep-nesting reports severity medium).
SELECT format('SELECT id FROM hybrid.telemetry WHERE reading @> %L',
              jsonb_build_object('d', jsonb_build_object('s', jsonb_build_object('r', jsonb_build_object(
                'c', jsonb_build_object('o', (hashint8(i) & 2147483647) % 100))))))
FROM generate_series(1, 20) AS i \gexec

-- Two keys of the short-key control, half and half (no key above 80 %).
SELECT format('SELECT id FROM hybrid.profiles WHERE attrs ->> %L = %L', 'v', ((hashint8(i) & 2147483647) % 1000)::text)
FROM generate_series(1, 60) AS i \gexec
SELECT format('SELECT id FROM hybrid.profiles WHERE attrs ->> %L = %L', 'ts', (1700000000 + i)::text)
FROM generate_series(1, 60) AS i \gexec

-- Order lookups by a key inside the document (column-extraction: 150 of 170 calls read customer_id).
SELECT format('SELECT id, doc ->> %L AS status FROM hybrid.orders_doc WHERE doc ->> %L = %L', 'status', 'customer_id',
              (1 + (hashint8(i) & 2147483647) % 1500)::text)
FROM generate_series(1, 150) AS i \gexec
SELECT format('SELECT count(*) FROM hybrid.orders_doc WHERE doc @> %L', jsonb_build_object('status', 'open'))
FROM generate_series(1, 20) AS i \gexec

\o
