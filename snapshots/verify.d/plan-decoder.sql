-- Verifies the plan-decoder planted cases and controls: EXPLAINs (ANALYZE, FORMAT JSON) the
-- statements of snapshots/explain.sql as the demo capture does (default settings) and checks
-- the plan facts each check reads (plugins/plan-decoder/README.md). Read-only apart from a
-- session-local temporary table; fails (RAISE EXCEPTION) when a case does not hold.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
DO $$
BEGIN
  PERFORM set_config('pg_stat_statements.track', 'none', false);
EXCEPTION WHEN insufficient_privilege THEN
  NULL;
END
$$;

CREATE TEMP TABLE pd_check (n int, check_id text, role text, object text, fact text, ok boolean);

CREATE FUNCTION pg_temp.plan_of(query text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  j json;
BEGIN
  EXECUTE 'EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ' || query INTO j;
  RETURN j::jsonb -> 0;
END
$$;

DO $$
DECLARE
  p jsonb;
  n jsonb;
BEGIN
  -- plan 1: correlated columns misestimated >= 10x (actual 200), read by a Seq Scan removing >= 90 %
  p := pg_temp.plan_of('SELECT id, weight_g FROM plan_demo.parcel WHERE region_code = 4 AND postal_code = 21');
  n := p -> 'Plan';
  INSERT INTO pd_check VALUES
    (1, 'extended-statistics', 'PLANTED', 'plan_demo.parcel', 'Seq Scan, actual 200, actual >= 10 x estimate',
     n ->> 'Node Type' = 'Seq Scan' AND (n ->> 'Actual Rows')::numeric = 200
       AND (n ->> 'Actual Rows')::numeric >= 10 * (n ->> 'Plan Rows')::numeric),
    (2, 'seq-scan-filter', 'PLANTED', 'plan_demo.parcel', 'Rows Removed by Filter >= 90 % of >= 10,000 read',
     (n ->> 'Rows Removed by Filter')::numeric >= 0.9 * 100000),
    (3, 'extended-statistics', 'PLANTED', 'plan_demo.parcel', 'no extended statistics yet',
     NOT EXISTS (SELECT FROM pg_statistic_ext WHERE stxrelid = 'plan_demo.parcel'::regclass));

  -- plan 2: the sort spills past work_mem (the demo runs with the default 4MB)
  p := pg_temp.plan_of('SELECT id, customer_id, event_type, occurred_at FROM shop.events ORDER BY occurred_at DESC, id');
  INSERT INTO pd_check VALUES
    (4, 'work-mem-spill', 'PLANTED', 'plan 2', 'Sort Space Type Disk',
     p -> 'Plan' ->> 'Node Type' = 'Sort' AND p -> 'Plan' ->> 'Sort Space Type' = 'Disk');

  -- plan 3: one CTE Scan whose filter removes >= 50 % of >= 1,000 rows; NOT MATERIALIZED has none
  p := pg_temp.plan_of('WITH customer_orders AS MATERIALIZED (SELECT id, customer_id, status, total_cents, created_at '
                       'FROM shop.orders) SELECT id, status, total_cents FROM customer_orders WHERE customer_id = 42 '
                       'ORDER BY created_at');
  INSERT INTO pd_check
  SELECT 5, 'cte-materialized', 'PLANTED', 'shop.orders', 'one CTE Scan removing >= 50 % of >= 1,000 rows',
         count(*) = 1 AND bool_and((s ->> 'Rows Removed by Filter')::numeric >= 1000
                                    AND (s ->> 'Rows Removed by Filter')::numeric >= (s ->> 'Actual Rows')::numeric)
  FROM jsonb_path_query(p, 'strict $.**? (@."Node Type" == "CTE Scan")') AS s;
  p := pg_temp.plan_of('WITH customer_orders AS NOT MATERIALIZED (SELECT id, customer_id, status, total_cents, created_at '
                       'FROM shop.orders) SELECT id, status, total_cents FROM customer_orders WHERE customer_id = 42 '
                       'ORDER BY created_at');
  INSERT INTO pd_check VALUES
    (6, 'cte-materialized', 'PLANTED', 'shop.orders', 'NOT MATERIALIZED: no CTE Scan, customer_id = 42 at the scan',
     NOT jsonb_path_exists(p, 'strict $.**? (@."Node Type" == "CTE Scan")')
       AND jsonb_path_exists(p, 'strict $.**? (@."Index Cond" like_regex "customer_id = 42" || @."Recheck Cond" like_regex "customer_id = 42")'));

  -- plan 4 (CONTROL): index/bitmap scan on shop.orders estimated within 10x, in-memory sort
  p := pg_temp.plan_of('SELECT id, status, total_cents, created_at FROM shop.orders WHERE customer_id = 42 ORDER BY created_at');
  INSERT INTO pd_check
  SELECT 7, 'row-misestimate', 'CONTROL', 'shop.orders', 'every node estimated within 10x, no Seq Scan, sort in memory',
         bool_and(greatest((s ->> 'Plan Rows')::numeric, (s ->> 'Actual Rows')::numeric)
                  < 10 * greatest(least((s ->> 'Plan Rows')::numeric, (s ->> 'Actual Rows')::numeric), 1)
                  AND s ->> 'Node Type' <> 'Seq Scan')
         AND p -> 'Plan' ->> 'Sort Space Type' = 'Memory'
  FROM jsonb_path_query(p, 'strict $.**? (exists (@."Node Type"))') AS s;

  -- plan 5 (CONTROL): the CTE has two readers
  p := pg_temp.plan_of('WITH customer_segments AS MATERIALIZED (SELECT id, country_code, tier FROM shop.customers) '
                       'SELECT (SELECT count(*) FROM customer_segments WHERE tier = ''gold'') AS gold_customers, '
                       '(SELECT count(*) FROM customer_segments WHERE country_code = ''DE'') AS german_customers');
  INSERT INTO pd_check
  SELECT 8, 'cte-materialized', 'CONTROL', 'shop.customers', 'two CTE Scans of customer_segments', count(*) = 2
  FROM jsonb_path_query(p, 'strict $.**? (@."CTE Name" == "customer_segments")');
END
$$;

SELECT n, check_id, role, object, fact, ok FROM pd_check ORDER BY n;

DO $$
DECLARE
  failed text;
BEGIN
  SELECT string_agg(format('%s %s %s (%s)', check_id, role, object, fact), '; ' ORDER BY n) INTO failed
  FROM pd_check WHERE NOT coalesce(ok, false);
  IF failed IS NOT NULL THEN
    RAISE EXCEPTION 'verify plan-decoder: planted cases do not hold: %', failed;
  END IF;
  IF (SELECT count(*) FROM pd_check) <> 8 THEN
    RAISE EXCEPTION 'verify plan-decoder: expected 8 cases, found %', (SELECT count(*) FROM pd_check);
  END IF;
END
$$;
\echo 'verify plan-decoder: all planted cases and controls hold'
