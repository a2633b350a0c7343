-- toast-whisperer demo cases: schema toast_lab, ~25 MB, loads in a few seconds. Runs after demo.sql.
-- Data is deterministic (md5 / hashint8 of the row number, no random()).
--
--   toast-whisperer/toast-heavy-table (TOAST > 10 % of the heap, DB-OPT-03)
--     PLANTED  toast_lab.feature_blobs: 1,500 payloads of ~5.4 kB stored out of line, uncompressed.
--     PLANTED  toast_lab."entity docs": 400 jsonb documents of ~6 kB, ~2.9 kB compressed, out of line.
--     CONTROL  toast_lab.small_documents: 5,000 text documents of ~200 bytes (empty TOAST).
--     CONTROL  toast_lab.narrow_events: no variable-length column at all.
--
--   toast-whisperer/pglz-compression (values > 2 kB still on pglz)
--     PLANTED  toast_lab.feature_blobs.payload (attcompression default, default_toast_compression =
--              pglz): every payload starts with 1,280 incompressible bytes (an embedding-like
--              header), so pglz gives up (no match in its first 1 kB) and stores ~5.4 kB raw; the
--              tail is repetitive metadata that lz4 compresses (about 4x smaller in the live test).
--     PLANTED  default_toast_compression (setting): pglz, and feature_blobs.payload follows it.
--     CONTROL  toast_lab.archive_lz4.body: large values, but COMPRESSION lz4.
--     CONTROL  toast_lab.small_documents.doc: pglz by default, but no value above 2 kB.
--
--   toast-whisperer/storage-strategy (hot column out of line → STORAGE MAIN)
--     PLANTED  toast_lab."entity docs"."Doc Body": 1,200 calls of one lookup that filters on
--              "Doc Body" @> '{"status": …}' (all calls on the table); values ~2.9 kB out of line.
--     CONTROL  toast_lab.feature_blobs.payload: large and out of line but never used in a predicate
--              (read 40 times by id): rarely read large values stay out of line.
--
--   toast-whisperer/column-tetris (alignment padding, physical view "Column Tetris")
--     PLANTED  toast_lab.sensor_readings: boolean, bigint, boolean, bigint, smallint, timestamptz,
--              text: 20 bytes of padding, 24 bytes per row saved by reordering, × 100,000 rows.
--     CONTROL  toast_lab.narrow_events: bigint, timestamptz, integer, smallint, boolean (no padding).

\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE SCHEMA toast_lab;

CREATE TABLE toast_lab.feature_blobs (
    id bigint PRIMARY KEY,
    model text NOT NULL,
    payload bytea NOT NULL
);
INSERT INTO toast_lab.feature_blobs
SELECT g, 'model-' || (g % 5),
       (SELECT string_agg(decode(md5((g * 1000 + i)::text), 'hex'), ''::bytea) FROM generate_series(1, 80) AS i)
       || convert_to(repeat('{"status":"active","region":"eu-west-1","model":"v7"}', 80), 'UTF8')
FROM generate_series(1, 1500) AS g;

CREATE TABLE toast_lab."entity docs" (
    id bigint PRIMARY KEY,
    "Doc Body" jsonb NOT NULL
);
INSERT INTO toast_lab."entity docs"
SELECT g, jsonb_build_object(
           'status', (ARRAY['active', 'paused', 'retired'])[1 + g % 3],
           'owner', 'team-' || (g % 7),
           'features', (SELECT jsonb_agg(jsonb_build_object('feature_name', 'feature_' || i,
                                                            'checksum', md5((g * 1000 + i)::text)))
                        FROM generate_series(1, 70) AS i))
FROM generate_series(1, 400) AS g;

CREATE TABLE toast_lab.archive_lz4 (
    id bigint PRIMARY KEY,
    body text COMPRESSION lz4 NOT NULL
);
INSERT INTO toast_lab.archive_lz4
SELECT g, repeat(format('archived order %s line: status=delivered, carrier=dhl, region=eu-west-1; ', g), 60)
FROM generate_series(1, 300) AS g;

CREATE TABLE toast_lab.small_documents (
    id bigint PRIMARY KEY,
    doc text NOT NULL
);
INSERT INTO toast_lab.small_documents
SELECT g, format('{"sku":"SKU-%s","title":"item %s","tags":["a","b"],"note":"%s"}', g, g,
                 md5(g::text) || md5((g + 1)::text) || md5((g + 2)::text))
FROM generate_series(1, 5000) AS g;

CREATE TABLE toast_lab.sensor_readings (
    active boolean NOT NULL,
    id bigint NOT NULL,
    flagged boolean NOT NULL,
    sensor_id bigint NOT NULL,
    code smallint NOT NULL,
    read_at timestamptz NOT NULL,
    note text NOT NULL
);
INSERT INTO toast_lab.sensor_readings
SELECT g % 2 = 0, g, g % 97 = 0, 1 + (hashint8(g) & 2147483647) % 500, (g % 300)::smallint,
       timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute', 'reading ' || (g % 1000)
FROM generate_series(1, 100000) AS g;

CREATE TABLE toast_lab.narrow_events (
    id bigint NOT NULL,
    happened_at timestamptz NOT NULL,
    amount integer NOT NULL,
    code smallint NOT NULL,
    ok boolean NOT NULL
);
INSERT INTO toast_lab.narrow_events
SELECT g, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second', (hashint8(g) & 65535)::integer,
       (g % 100)::smallint, g % 3 <> 0
FROM generate_series(1, 100000) AS g;

VACUUM ANALYZE toast_lab.feature_blobs, toast_lab."entity docs", toast_lab.archive_lz4, toast_lab.small_documents,
               toast_lab.sensor_readings, toast_lab.narrow_events;
