-- The reference data as dimension tables, one row per entity as the routing and users APIs list
-- it, keyed by Genesys' id and upserted by every run that reads it: an entity Genesys no longer
-- lists keeps its last row, so old conversations stay named. Fields an entity does not carry are
-- null (Genesys lists no state for queues and wrap-up codes, and no dateModified for users).
CREATE TABLE IF NOT EXISTS queues (
  id            text PRIMARY KEY,
  name          text,
  division_id   text,
  division_name text,
  state         text,
  date_modified timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- The same columns, key and defaults for the other three kinds.
CREATE TABLE IF NOT EXISTS wrapup_codes (LIKE queues INCLUDING ALL);
CREATE TABLE IF NOT EXISTS skills (LIKE queues INCLUDING ALL);
CREATE TABLE IF NOT EXISTS users (LIKE queues INCLUDING ALL);

-- The reports name the queue and the skill beside their ids, from the dimensions (null where the
-- reference data has no such id, and for the '' of conversations without a queue or skill). The
-- name goes next to the id, as in the files sink's kpi_daily.csv and aht_by_skill_hourly.csv, so
-- the views are created anew rather than replaced (a replaced view may only gain columns at its
-- end); the figures are those of V2's kpi_daily and V1's aht_by_skill_hourly.
DROP VIEW IF EXISTS kpi_daily;
CREATE VIEW kpi_daily AS
SELECT
  c.report_date,
  c.queue_id,
  q.name AS queue_name,
  c.media_type,
  sum(c.handled) AS interaction_volume,
  sum(c.sum_weighted_handle_ms) / nullif(sum(c.handled), 0) / 1000.0
    AS weighted_effective_handle_time,
  sum(c.sla_breaches) AS sla_breaches_120s,
  sum(c.sum_queue_wait_ms) / nullif(sum(c.offered), 0) / 1000.0 AS avg_queue_wait,
  sum(c.fcr_count)::double precision / nullif(sum(c.handled), 0) AS first_contact_resolution_rate,
  sum(c.offered) AS offered,
  sum(c.answered) AS answered,
  sum(c.abandoned) AS abandoned,
  sum(c.abandoned)::double precision / nullif(sum(c.offered), 0) AS abandon_rate,
  sum(c.answered_within_sla)::double precision / nullif(sum(c.offered), 0) AS service_level,
  sum(c.sum_handle_ms) / nullif(sum(c.handled), 0) / 1000.0 AS aht,
  sum(c.transfers) AS transfers,
  sum(c.system_latency_ms) AS system_latency_ms,
  sum(c.repeat_contact_fcr_count) AS repeat_contact_fcr
FROM kpi_daily_components c
LEFT JOIN queues q ON q.id = c.queue_id
GROUP BY c.report_date, c.queue_id, q.name, c.media_type;

DROP VIEW IF EXISTS aht_by_skill_hourly;
CREATE VIEW aht_by_skill_hourly AS
SELECT
  to_timestamp(c.hour_start_ms / 1000.0) AS hour_start,
  c.skill_id,
  s.name AS skill_name,
  sum(c.handled_count) AS conversation_count,
  sum(c.sum_handle_ms) / nullif(sum(c.handled_count), 0) / 1000.0 AS avg_handle_time
FROM aht_by_skill_hourly_components c
LEFT JOIN skills s ON s.id = c.skill_id
GROUP BY c.hour_start_ms, c.skill_id, s.name;
