-- plan-decoder planted cases (runs after demo.sql). The plan decoder reads plans, not tables:
-- its cases are the statements of snapshots/explain.sql, EXPLAINed (ANALYZE, BUFFERS, SETTINGS)
-- by the demo capture. This file adds the one table those statements need that the shop/ml
-- schemas do not have. Deterministic (no random()), ~5 MB, loads in about a second.
--
--   plan-decoder/extended-statistics, plan-decoder/row-misestimate
--     PLANTED plan_demo.parcel  100,000 rows; region_code is a function of postal_code
--             (postal_code = i % 500, region_code = postal_code / 5): explain.sql's
--             "region_code = 4 AND postal_code = 21" returns 200 rows, the planner multiplies the
--             two selectivities (1/100 × 1/500) and estimates 2 → 100× under.
--     CONTROL shop.orders  (explain.sql's control statement: an index scan estimated within 2×).
--   plan-decoder/seq-scan-filter
--     PLANTED plan_demo.parcel  the same statement reads all 100,000 rows to keep 200 (no index).
--   The other cases use the shop schema as loaded by demo.sql: see snapshots/explain.sql.
CREATE SCHEMA plan_demo;

CREATE TABLE plan_demo.parcel (
  id          bigint PRIMARY KEY,
  postal_code int    NOT NULL,
  region_code int    NOT NULL,
  weight_g    int    NOT NULL
);
INSERT INTO plan_demo.parcel
SELECT i, i % 500, (i % 500) / 5, (hashint8(i) & 4095)::int + 100
FROM generate_series(1, 100000) AS i;
ANALYZE plan_demo.parcel;
