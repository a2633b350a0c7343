-- config-tuner demo objects (runs after snapshots/demo.sql). The config-tuner findings come from
-- the server's settings (tests/support/pg_harness.sh: PostgreSQL 15 defaults, max_connections 50,
-- pg_stat_statements preloaded, track_io_timing on, effective_io_concurrency 200) and the hardware
-- of snapshots/demo-hardware.args (6GB RAM, 8 cores, SSD); see plugins/config-tuner/README.md, "Demo".
-- This file only adds what a setting check needs from the data:
--
--   PLANTED config-tuner/autovacuum-scale-factor (autovacuum_vacuum_scale_factor 0.2): tuner.ledger
--     holds 1,050,000 rows (>= large-table-rows 1,000,000) with no per-table autovacuum setting, so
--     autovacuum waits for 50 + 0.2 × 1,050,000 = 210,050 dead rows.
--   CONTROL config-tuner/autovacuum-throttle: tuner.ledger (the largest table, ~4,600 pages) takes
--     ~1 s per worst-case pass at 100,000 cost units/s, far below an hour.
--
-- Deterministic (generate_series, no random()); ANALYZE of this one table only (other plugins
-- plant never-analyzed tables).
CREATE SCHEMA tuner;

CREATE TABLE tuner.ledger (
  id integer PRIMARY KEY,
  account_id integer NOT NULL,
  amount_cents integer NOT NULL
);
INSERT INTO tuner.ledger (id, account_id, amount_cents)
SELECT i, i % 5000, (i * 37) % 100000 FROM generate_series(1, 1050000) AS i;
ANALYZE tuner.ledger;
