-- Verifies that the demo database (demo.sql + workload.sql) holds every planted index-analyzer
-- problem and every control with the intended numbers. Prints one row per case:
--   check_id | role | object | metric | value | expected | ok
-- and fails (psql exit status 3 with ON_ERROR_STOP) when any case does not hold.
--   psql -X -q -v ON_ERROR_STOP=1 -d demo -f snapshots/verify-demo.sql
-- Read-only apart from session-local temporary views. As a superuser it switches
-- pg_stat_statements tracking off for its own session, so it does not add entries to the
-- workload; still, run it after `dbopt capture` when the snapshot matters.
--
-- role: PLANTED = must be reported; CONTROL = a close case that must not be reported;
--       GUARD = the whole database holds no accidental case of that check.
-- The thresholds restate the index-analyzer check definitions listed in snapshots/README.md.

\set ON_ERROR_STOP on
SET client_min_messages = warning;
DO $$
BEGIN
  PERFORM set_config('pg_stat_statements.track', 'none', false);
EXCEPTION WHEN insufficient_privilege THEN
  NULL;  -- not a superuser: this session's statements are tracked; harmless for the checks
END
$$;

-- One row per index of the demo schemas: key columns, opclasses, collations, options (1-based
-- arrays of the first indnkeyatts entries), predicate, expressions, and the constraint it backs.
CREATE TEMP VIEW demo_index AS
SELECT i.indexrelid, i.indrelid, ic.relname AS indexname, am.amname,
       i.indisunique, i.indisprimary, i.indisvalid, i.indnkeyatts, i.indnatts,
       (string_to_array(i.indkey::text, ' ')::int[])[1:i.indnkeyatts] AS keys,
       (string_to_array(i.indkey::text, ' ')::int[])[i.indnkeyatts + 1:i.indnatts] AS include,
       (string_to_array(i.indclass::text, ' ')::oid[])[1:i.indnkeyatts] AS opclasses,
       (string_to_array(i.indcollation::text, ' ')::oid[])[1:i.indnkeyatts] AS collations,
       (string_to_array(i.indoption::text, ' ')::int[])[1:i.indnkeyatts] AS options,
       pg_get_expr(i.indpred, i.indrelid) AS predicate,
       pg_get_expr(i.indexprs, i.indrelid) AS expressions,
       EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                                              AND c.contype IN ('p', 'u', 'x')) AS backs_constraint,
       ic.relpages, ic.reltuples, s.idx_scan
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_am am ON am.oid = ic.relam
LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = i.indexrelid
WHERE n.nspname IN ('shop', 'ml');

-- Statistics-based expected size of each btree (the classic estimate): leaf tuple =
-- MAXALIGN(8-byte IndexTupleData + sum of pg_stats.avg_width of the key and INCLUDE columns)
-- + 4-byte line pointer; (8192 - 24 page header - 16 btree special) * fillfactor usable per leaf;
-- + 1 metapage. Inner pages are ignored (< 1 % here).
CREATE TEMP VIEW demo_btree_size AS
SELECT d.indexrelid, d.relpages, d.reltuples::numeric AS reltuples, w.data_width,
       1 + ceil(d.reltuples::numeric
                / floor((current_setting('block_size')::int - 24 - 16) * w.fillfactor / 100.0
                        / ((8 + w.data_width + 7) / 8 * 8 + 4))) AS expected_pages
FROM demo_index d
CROSS JOIN LATERAL (
  SELECT coalesce((SELECT substring(o FROM 'fillfactor=(\d+)')::int
                   FROM pg_class c, unnest(c.reloptions) AS o
                   WHERE c.oid = d.indexrelid AND o LIKE 'fillfactor=%'), 90) AS fillfactor,
         (SELECT sum(st.avg_width)
          FROM unnest(d.keys || d.include) AS k(attnum)
          JOIN pg_attribute a ON a.attrelid = d.indrelid AND a.attnum = k.attnum
          JOIN pg_class t ON t.oid = d.indrelid
          JOIN pg_namespace n ON n.oid = t.relnamespace
          JOIN pg_stats st ON st.schemaname = n.nspname AND st.tablename = t.relname
                          AND st.attname = a.attname AND NOT st.inherited) AS data_width
) AS w
WHERE d.amname = 'btree' AND d.indisvalid AND d.expressions IS NULL;

-- Pairs (a, b) of btree indexes on the same table where a's keys, opclasses and collations are
-- a left prefix of b's (equal length included), with the same predicate.
CREATE TEMP VIEW demo_prefix_pair AS
SELECT a.indexrelid AS a, b.indexrelid AS b,
       a.indnkeyatts = b.indnkeyatts AND a.options = b.options AND a.include = b.include
         AND a.indisunique = b.indisunique AND a.expressions IS NULL AND b.expressions IS NULL
         AS exact_duplicate
FROM demo_index a
JOIN demo_index b ON b.indrelid = a.indrelid AND b.indexrelid <> a.indexrelid
WHERE a.amname = 'btree' AND b.amname = 'btree' AND a.indisvalid AND b.indisvalid
  AND a.indnkeyatts <= b.indnkeyatts
  AND a.keys = b.keys[1:a.indnkeyatts]
  AND a.opclasses = b.opclasses[1:a.indnkeyatts]
  AND a.collations = b.collations[1:a.indnkeyatts]
  AND a.predicate IS NOT DISTINCT FROM b.predicate;

-- Foreign keys whose columns are not the leading columns (in any order) of a valid index.
CREATE TEMP VIEW demo_fk AS
SELECT c.oid, c.conname, c.conrelid, t.reltuples,
       EXISTS (SELECT 1 FROM demo_index d
               WHERE d.indrelid = c.conrelid AND d.indisvalid
                 AND d.indnkeyatts >= cardinality(c.conkey)
                 AND (SELECT array_agg(x ORDER BY x) FROM unnest(d.keys[1:cardinality(c.conkey)]) AS x)
                     = (SELECT array_agg(x::int ORDER BY x) FROM unnest(c.conkey) AS x)) AS indexed
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE c.contype = 'f' AND n.nspname IN ('shop', 'ml');

-- Rows per distinct value of a column, as a fraction of the table (pg_stats.n_distinct).
CREATE TEMP VIEW demo_selectivity AS
SELECT st.schemaname, st.tablename, st.attname, st.n_distinct,
       CASE WHEN st.n_distinct < 0 THEN 1 / (-st.n_distinct * c.reltuples)
            ELSE 1 / st.n_distinct END AS fraction_per_value
FROM pg_stats st
JOIN pg_namespace n ON n.nspname = st.schemaname
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = st.tablename
WHERE NOT st.inherited AND st.schemaname IN ('shop', 'ml');

CREATE TEMP VIEW demo_table AS
SELECT c.oid, c.reltuples, s.seq_scan, s.seq_tup_read,
       CASE WHEN s.seq_scan > 0 THEN s.seq_tup_read::numeric / s.seq_scan / greatest(c.reltuples::numeric, 1) END
         AS rows_read_per_scan_over_reltuples
FROM pg_class c
JOIN pg_stat_user_tables s ON s.relid = c.oid;

CREATE TEMP VIEW demo_check AS
WITH r(n, check_id, role, object, metric, value, expected, ok) AS (
  -- unused-index --------------------------------------------------------------------------------
  SELECT 10, 'unused-index', 'PLANTED', indexrelid::regclass::text,
         'idx_scan, indisunique, backs constraint', format('%s, %s, %s', idx_scan, indisunique, backs_constraint),
         '0, f, f', idx_scan = 0 AND NOT indisunique AND NOT backs_constraint
  FROM demo_index WHERE indexrelid = 'shop."Order Items ""user"" <b>|</b> idx"'::regclass
  UNION ALL
  SELECT 11, 'unused-index', 'PLANTED (duplicate twin)', indexrelid::regclass::text,
         'idx_scan', idx_scan::text, '0 (planner always uses idx_orders_created_at)', idx_scan = 0
  FROM demo_index WHERE indexrelid = 'shop.orders_created_at_idx'::regclass
  UNION ALL
  SELECT 12, 'unused-index', 'CONTROL', indexrelid::regclass::text,
         'idx_scan', idx_scan::text, '> 0', idx_scan > 0
  FROM demo_index WHERE indexrelid = 'shop."Order Items_order_id_product_id_idx"'::regclass
  UNION ALL
  SELECT 13, 'unused-index', 'CONTROL', indexrelid::regclass::text,
         'idx_scan, indisunique, backs constraint', format('%s, %s, %s', idx_scan, indisunique, backs_constraint),
         'any, t, f (unique)', indisunique AND NOT backs_constraint
  FROM demo_index WHERE indexrelid = 'shop.products_sku_uidx'::regclass
  UNION ALL
  SELECT 14, 'unused-index', 'CONTROL', indexrelid::regclass::text,
         'idx_scan, backs constraint', format('%s, %s', idx_scan, backs_constraint),
         'any, t (UNIQUE constraint)', backs_constraint
  FROM demo_index WHERE indexrelid = 'shop.customers_email_key'::regclass
  UNION ALL
  SELECT 15, 'unused-index', 'GUARD', 'non-unique valid indexes with idx_scan = 0',
         'list', coalesce(string_agg(indexrelid::regclass::text, '; ' ORDER BY indexrelid::regclass::text), '(none)'),
         'exactly the two PLANTED above',
         count(*) = 2 AND bool_and(indexrelid IN ('shop.orders_created_at_idx'::regclass,
                                                  'shop."Order Items ""user"" <b>|</b> idx"'::regclass))
  FROM demo_index WHERE idx_scan = 0 AND NOT indisunique AND NOT backs_constraint AND indisvalid
  UNION ALL
  SELECT 16, 'unused-index', 'CONTEXT', 'pg_stat_database (demo)',
         'stats_reset', coalesce(stats_reset::text, 'NULL'), 'NULL (never reset)', stats_reset IS NULL
  FROM pg_stat_database WHERE datname = current_database()
  -- duplicate-index -----------------------------------------------------------------------------
  UNION ALL
  SELECT 20, 'duplicate-index', 'PLANTED', format('%s = %s', a::regclass, b::regclass),
         'same am, keys, opclasses, collations, order, INCLUDE, predicate', exact_duplicate::text, 't', exact_duplicate
  FROM demo_prefix_pair WHERE a = 'shop.orders_created_at_idx'::regclass AND b = 'shop.idx_orders_created_at'::regclass
  UNION ALL
  SELECT 21, 'duplicate-index', 'CONTROL', 'shop.orders_created_at_pending_idx',
         'predicate', coalesce(predicate, 'NULL'), 'status = ''pending'' (the twins have none)', predicate IS NOT NULL
  FROM demo_index WHERE indexrelid = 'shop.orders_created_at_pending_idx'::regclass
  UNION ALL
  SELECT 22, 'duplicate-index', 'CONTROL', 'shop.customers_email_pattern_idx vs shop.customers_email_key',
         'opclass', format('%s vs %s', pa.opcname, pb.opcname), 'text_pattern_ops vs text_ops',
         pa.opcname = 'text_pattern_ops' AND pb.opcname = 'text_ops'
  FROM demo_index a, demo_index b, pg_opclass pa, pg_opclass pb
  WHERE a.indexrelid = 'shop.customers_email_pattern_idx'::regclass AND b.indexrelid = 'shop.customers_email_key'::regclass
    AND pa.oid = a.opclasses[1] AND pb.oid = b.opclasses[1] AND a.keys = b.keys
  UNION ALL
  SELECT 23, 'duplicate-index', 'GUARD', 'exact duplicate pairs',
         'count', count(*)::text, '2 (the planted pair, both directions)', count(*) = 2
  FROM demo_prefix_pair WHERE exact_duplicate
  -- redundant-index -----------------------------------------------------------------------------
  UNION ALL
  SELECT 30, 'redundant-index', 'PLANTED', format('%s < %s', a::regclass, b::regclass),
         'left prefix, same opclass/collation/predicate; a unique, a backs constraint',
         format('t, %s, %s', da.indisunique, da.backs_constraint), 't, f, f',
         NOT da.indisunique AND NOT da.backs_constraint
  FROM demo_prefix_pair JOIN demo_index da ON da.indexrelid = a
  WHERE a = 'shop.orders_customer_id_idx'::regclass AND b = 'shop.orders_customer_id_created_at_idx'::regclass
  UNION ALL
  SELECT 31, 'redundant-index', 'CONTROL', format('%s < %s', a::regclass, b::regclass),
         'left prefix; a unique', format('t, %s', da.indisunique), 't, t (enforces uniqueness)', da.indisunique
  FROM demo_prefix_pair JOIN demo_index da ON da.indexrelid = a
  WHERE a = 'shop.products_sku_uidx'::regclass AND b = 'shop.products_sku_price_idx'::regclass
  UNION ALL
  SELECT 32, 'redundant-index', 'CONTROL', 'shop.orders_pending_customer_idx vs shop.orders_customer_id_created_at_idx',
         'same leading key; predicates', format('%s vs %s', a.predicate, coalesce(b.predicate, 'NULL')),
         'status = ''pending'' vs NULL', a.predicate IS NOT NULL AND b.predicate IS NULL AND a.keys = b.keys[1:1]
  FROM demo_index a, demo_index b
  WHERE a.indexrelid = 'shop.orders_pending_customer_idx'::regclass
    AND b.indexrelid = 'shop.orders_customer_id_created_at_idx'::regclass
  UNION ALL
  SELECT 33, 'redundant-index', 'GUARD', 'strict left-prefix pairs, prefix not unique and backing no constraint',
         'list', coalesce(string_agg(format('%s < %s', a::regclass, b::regclass), '; '), '(none)'),
         'only the PLANTED pair',
         count(*) = 1 AND bool_and(a = 'shop.orders_customer_id_idx'::regclass)
  FROM demo_prefix_pair JOIN demo_index da ON da.indexrelid = a JOIN demo_index db ON db.indexrelid = b
  WHERE da.indnkeyatts < db.indnkeyatts AND NOT da.indisunique AND NOT da.backs_constraint
  -- invalid-index -------------------------------------------------------------------------------
  UNION ALL
  SELECT 40, 'invalid-index', 'PLANTED', indexrelid::regclass::text,
         'indisvalid', indisvalid::text, 'f', NOT indisvalid
  FROM demo_index WHERE indexrelid = 'shop.customers_phone_uidx'::regclass
  UNION ALL
  SELECT 41, 'invalid-index', 'GUARD', 'invalid indexes',
         'count', count(*)::text, '1', count(*) = 1
  FROM demo_index WHERE NOT indisvalid
  -- fk-without-index ----------------------------------------------------------------------------
  UNION ALL
  SELECT 50 + row_number() OVER (ORDER BY conname), 'fk-without-index',
         CASE WHEN conname = 'Order Items_product_id_fkey' THEN 'PLANTED' ELSE 'CONTROL' END,
         format('%s.%s on %s', (SELECT nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid
                                WHERE c.oid = conrelid), quote_ident(conname), conrelid::regclass),
         'table reltuples; FK columns lead an index', format('%s; %s', reltuples, indexed),
         CASE WHEN conname = 'Order Items_product_id_fkey' THEN '>= 1000; f'
              WHEN NOT indexed THEN '< 1000; f' ELSE 'any; t' END,
         CASE WHEN conname = 'Order Items_product_id_fkey' THEN reltuples >= 1000 AND NOT indexed
              ELSE indexed OR reltuples < 1000 END
  FROM demo_fk
  -- missing-index -------------------------------------------------------------------------------
  UNION ALL
  SELECT 60, 'missing-index', 'PLANTED', 'shop.events',
         'reltuples; seq_scan; seq_tup_read/seq_scan/reltuples',
         format('%s; %s; %s', reltuples, seq_scan, round(rows_read_per_scan_over_reltuples, 2)),
         '>= 10000; >= 50; >= 0.9',
         reltuples >= 10000 AND seq_scan >= 50 AND rows_read_per_scan_over_reltuples >= 0.9
  FROM demo_table WHERE oid = 'shop.events'::regclass
  UNION ALL
  SELECT 61, 'missing-index', 'PLANTED', 'shop.events.session_id',
         'n_distinct; rows per value / reltuples', format('%s; %s %%', n_distinct, round(100 * fraction_per_value::numeric, 4)),
         '<= 1 %', fraction_per_value <= 0.01
  FROM demo_selectivity WHERE schemaname = 'shop' AND tablename = 'events' AND attname = 'session_id'
  UNION ALL
  SELECT 62, 'missing-index', 'PLANTED', 'shop.events.session_id',
         'leading column of an index', (count(*) > 0)::text, 'f', count(*) = 0
  FROM demo_index WHERE indrelid = 'shop.events'::regclass
    AND keys[1] = (SELECT attnum FROM pg_attribute WHERE attrelid = 'shop.events'::regclass AND attname = 'session_id')
  UNION ALL
  SELECT 63, 'missing-index', 'PLANTED', 'pg_stat_statements: SELECT ... FROM shop.events WHERE session_id = $1',
         'calls (one normalized entry)', coalesce(max(calls), 0)::text, '>= 60', coalesce(max(calls), 0) >= 60
  FROM pg_stat_statements
  WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND query ~ '^SELECT .* FROM shop\.events WHERE session_id = \$1 '
  UNION ALL
  SELECT 64, 'missing-index', 'CONTROL', 'shop.audit_log.action',
         'seq_scan; n_distinct; rows per value / reltuples',
         format('%s; %s; %s %%', t.seq_scan, s.n_distinct, round(100 * s.fraction_per_value::numeric, 1)),
         '>= 50; not selective (> 1 %)', t.seq_scan >= 50 AND s.fraction_per_value > 0.01
  FROM demo_table t, demo_selectivity s
  WHERE t.oid = 'shop.audit_log'::regclass AND s.schemaname = 'shop' AND s.tablename = 'audit_log' AND s.attname = 'action'
  UNION ALL
  SELECT 65, 'missing-index', 'CONTROL', 'shop.products (WHERE name = $1)',
         'reltuples; seq_scan', format('%s; %s', reltuples, seq_scan), '< 10000 (small table); >= 50',
         reltuples < 10000 AND seq_scan >= 50
  FROM demo_table WHERE oid = 'shop.products'::regclass
  UNION ALL
  SELECT 66, 'missing-index', 'CONTROL', 'shop.orders (WHERE customer_id = $1, indexed)',
         'reltuples; seq_scan; orders_customer_id_idx idx_scan',
         format('%s; %s; %s', t.reltuples, t.seq_scan, d.idx_scan), '>= 10000; < 50; > 0',
         t.reltuples >= 10000 AND t.seq_scan < 50 AND d.idx_scan > 0
  FROM demo_table t, demo_index d
  WHERE t.oid = 'shop.orders'::regclass AND d.indexrelid = 'shop.orders_customer_id_idx'::regclass
  UNION ALL
  SELECT 67, 'missing-index', 'GUARD', 'tables with reltuples >= 10000 and seq_scan >= 50',
         'list', coalesce(string_agg(oid::regclass::text, '; ' ORDER BY oid::regclass::text), '(none)'),
         'shop.audit_log; shop.events',
         count(*) = 2 AND bool_and(oid IN ('shop.events'::regclass, 'shop.audit_log'::regclass))
  FROM demo_table WHERE reltuples >= 10000 AND seq_scan >= 50
  -- btree-bloat ---------------------------------------------------------------------------------
  UNION ALL
  SELECT 70 + row_number() OVER (ORDER BY b.relpages DESC), 'btree-bloat',
         CASE WHEN b.indexrelid = 'ml."café_ünïcode_features_computed_at_idx"'::regclass THEN 'PLANTED'
              ELSE 'CONTROL' END,
         b.indexrelid::regclass::text,
         'relpages; expected pages; ratio; excess',
         format('%s; %s; %s; %s', b.relpages, b.expected_pages, round(b.relpages / b.expected_pages, 2),
                pg_size_pretty(((b.relpages - b.expected_pages) * current_setting('block_size')::int)::bigint)),
         CASE WHEN b.indexrelid = 'ml."café_ünïcode_features_computed_at_idx"'::regclass
              THEN 'ratio >= 1.3 and excess >= 1 MB' ELSE 'ratio < 1.3 or excess < 1 MB' END,
         (b.relpages >= 1.3 * b.expected_pages
            AND (b.relpages - b.expected_pages) * current_setting('block_size')::int >= 1024 * 1024)
           = (b.indexrelid = 'ml."café_ünïcode_features_computed_at_idx"'::regclass)
  FROM demo_btree_size b
  WHERE b.indexrelid IN ('ml."café_ünïcode_features_computed_at_idx"'::regclass,
                         'ml."café_ünïcode_features_customer_id_feature_name_idx"'::regclass)
     OR b.relpages * current_setting('block_size')::int >= 1024 * 1024
)
SELECT n, check_id, role, object, metric, value, expected, coalesce(ok, false) AS ok FROM r;

SELECT 'index-analyzer/' || check_id AS check_id, role, object, metric, value, expected,
       CASE WHEN ok THEN 'ok' ELSE 'FAIL' END AS result
FROM demo_check ORDER BY n;

DO $$
DECLARE
  failed text;
BEGIN
  SELECT string_agg(format('%s %s %s', check_id, role, object), '; ' ORDER BY n) INTO failed
  FROM demo_check WHERE NOT ok;
  IF failed IS NOT NULL THEN
    RAISE EXCEPTION 'verify-demo: planted cases do not hold: %', failed;
  END IF;
  -- Every planted case must be present (a missing object yields no row at all).
  IF (SELECT count(*) FROM demo_check WHERE role LIKE 'PLANTED%') <> 11 THEN
    RAISE EXCEPTION 'verify-demo: expected 11 PLANTED rows, found %',
      (SELECT count(*) FROM demo_check WHERE role LIKE 'PLANTED%');
  END IF;
END
$$;
\echo 'verify-demo: all planted cases and controls hold'
