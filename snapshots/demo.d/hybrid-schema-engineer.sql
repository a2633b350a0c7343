-- hybrid-schema-engineer demo cases (plugins/hybrid-schema-engineer/README.md), schema "hybrid".
-- Runs after snapshots/demo.sql; deterministic (hashint8 of the row number, no random()); loads in
-- about a second. Checked by snapshots/verify.d/hybrid-schema-engineer.sql; expected findings in
-- tests/live/demo.d/hybrid-schema-engineer.planted.inc / .controls.inc.
--
-- Planted:
--   hybrid.events.payload        key-abbreviation: 8,000 jsonb documents with five keys of 15–23
--                                characters and short values; abbreviating the keys measures
--                                about 45 % smaller documents (> 20 %).
--   hybrid.telemetry.reading     deep-nesting: 3,000 documents nested 5 levels deep (> 3), short
--                                keys; the workload queries them with @> (severity medium).
--   hybrid.legacy_log.body       json-not-jsonb: a json column of 2,000 documents, no default.
--   hybrid.orders_doc.doc        column-extraction: 6,000 orders; the workload looks them up by
--                                doc ->> 'customer_id' (150 calls) and by doc @> status (20
--                                calls): 88 % of the calls read the key. pg_stat_statements
--                                stores the key as $1; snapshots/explain.sql holds one instance
--                                of the lookup, which names it. Its keys (customer_id, status,
--                                total_cents; 9.3 characters on average) also give a measured
--                                ~30 % key-abbreviation gain.
-- Controls:
--   hybrid.profiles.attrs        short keys (≤ 3 characters), flat: no key-abbreviation, no
--                                deep-nesting; the workload filters on two keys half and half, so
--                                no key passes 80 % (no column-extraction).
--   hybrid.attachments.meta      long keys next to 3 kB values: abbreviation measures < 20 %.
--   hybrid.settings.conf         long keys but 200 rows (< min-rows 1,000).
--   hybrid.events.payload        jsonb, so no json-not-jsonb; depth 1, so no deep-nesting.
--   hybrid.profiles.attrs        also the merged-entry control of column-extraction: its two
--                                lookups differ only in the key, so pg_stat_statements keeps one
--                                entry for both; snapshots/explain.sql holds an instance of each,
--                                they disagree, and the entry is not attributed to either key.
SET client_min_messages = warning;
CREATE SCHEMA hybrid;

CREATE TABLE hybrid.events (
  id bigint PRIMARY KEY,
  payload jsonb NOT NULL
);
INSERT INTO hybrid.events
SELECT i, jsonb_build_object(
         'customer_identifier', 1 + (hashint8(i) & 2147483647) % 2000,
         'transaction_status', (ARRAY['paid', 'open', 'void'])[1 + (hashint8(i + 1) & 2147483647) % 3],
         'shipping_country_code', (ARRAY['US', 'DE', 'FR'])[1 + (hashint8(i + 2) & 2147483647) % 3],
         'marketing_campaign_reference', (hashint8(i + 3) & 2147483647) % 50,
         'created_by_service', 'web')
FROM generate_series(1, 8000) AS i;

CREATE TABLE hybrid.telemetry (
  id bigint PRIMARY KEY,
  reading jsonb NOT NULL
);
INSERT INTO hybrid.telemetry
SELECT i, jsonb_build_object('d', jsonb_build_object('s', jsonb_build_object('r', jsonb_build_object(
         'c', jsonb_build_object('o', (hashint8(i) & 2147483647) % 100, 'g', 1)))), 'ts', i)
FROM generate_series(1, 3000) AS i;

CREATE TABLE hybrid.legacy_log (
  id bigint PRIMARY KEY,
  body json NOT NULL
);
INSERT INTO hybrid.legacy_log
SELECT i, json_build_object('lvl', (ARRAY['info', 'warn'])[1 + (hashint8(i) & 2147483647) % 2], 'msg', 'event ' || i)
FROM generate_series(1, 2000) AS i;

CREATE TABLE hybrid.profiles (
  id bigint PRIMARY KEY,
  attrs jsonb NOT NULL
);
INSERT INTO hybrid.profiles
SELECT i, jsonb_build_object('id', i, 'v', (hashint8(i) & 2147483647) % 1000, 'ts', 1700000000 + i)
FROM generate_series(1, 5000) AS i;

CREATE TABLE hybrid.attachments (
  id bigint PRIMARY KEY,
  meta jsonb NOT NULL
);
ALTER TABLE hybrid.attachments ALTER COLUMN meta SET STORAGE EXTERNAL;  -- keep the values uncompressed
INSERT INTO hybrid.attachments
SELECT i, jsonb_build_object('document_title', 'title ' || i,
                             'document_content', repeat(md5(i::text), 96))
FROM generate_series(1, 1500) AS i;

CREATE TABLE hybrid.settings (
  id bigint PRIMARY KEY,
  conf jsonb NOT NULL
);
INSERT INTO hybrid.settings
SELECT i, jsonb_build_object('notification_preference', 'email', 'interface_language', 'en')
FROM generate_series(1, 200) AS i;

ANALYZE hybrid.events, hybrid.telemetry, hybrid.legacy_log, hybrid.profiles, hybrid.attachments, hybrid.settings;

CREATE TABLE hybrid.orders_doc (
  id bigint PRIMARY KEY,
  doc jsonb NOT NULL
);
INSERT INTO hybrid.orders_doc
SELECT i, jsonb_build_object('customer_id', (1 + (hashint8(i) & 2147483647) % 1500)::text,
                             'status', (ARRAY['open', 'paid', 'shipped'])[1 + (hashint8(i + 1) & 2147483647) % 3],
                             'total_cents', (hashint8(i + 2) & 2147483647) % 100000)
FROM generate_series(1, 6000) AS i;
