-- gckpi tables. Every table is written by upsert (INSERT ... ON CONFLICT DO UPDATE ... WHERE the
-- row differs), so re-running any window, day or range yields identical tables.

-- One row per conversation (closed or open), replaced whole when the conversation changes.
CREATE TABLE IF NOT EXISTS interaction_timelines (
  conversation_id         text PRIMARY KEY,
  window_id               text NOT NULL,
  report_date             date NOT NULL,
  status                  text NOT NULL,
  media_type              text,
  originating_direction   text,
  queue_id                text,
  entry_queue_id          text,
  queue_name              text,
  skill_ids               text[],
  agent_id                text,
  customer_key            text,
  conversation_start_ms   bigint NOT NULL,
  conversation_end_ms     bigint,
  queue_wait_ms           bigint NOT NULL,
  agent_talk_ms           bigint NOT NULL,
  customer_hold_ms        bigint NOT NULL,
  system_hold_ms          bigint NOT NULL,
  agent_hold_ms           bigint NOT NULL,
  wrap_up_ms              bigint NOT NULL,
  dialing_contacting_ms   bigint NOT NULL,
  wrap_up_code            text,
  transfers               integer NOT NULL,
  answered                boolean NOT NULL,
  abandoned               boolean NOT NULL,
  offered                 boolean NOT NULL,
  handled                 boolean NOT NULL,
  t_handle_ms             bigint,
  wrap_up_code_name       text,
  report_hour_start_ms    bigint NOT NULL,
  handle_time_ms          bigint NOT NULL,
  agent_handle_time_ms    bigint NOT NULL,
  system_latency_ms       bigint NOT NULL,
  weighted_handle_time_ms bigint NOT NULL,
  sla_threshold_ms        bigint NOT NULL,
  sla_breached            boolean NOT NULL,
  answered_over_sla       boolean NOT NULL,
  answered_within_sla     boolean NOT NULL,
  fcr                     boolean NOT NULL,
  repeat_contact_fcr      boolean,
  updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS interaction_timelines_report_date ON interaction_timelines (report_date);

-- Additive daily components per extraction window: re-reading a window replaces exactly its own
-- contribution, and the kpi_daily view sums the windows.
CREATE TABLE IF NOT EXISTS kpi_daily_components (
  report_date            date NOT NULL,
  queue_id               text NOT NULL,
  media_type             text NOT NULL,
  window_id              text NOT NULL,
  offered                bigint NOT NULL,
  answered               bigint NOT NULL,
  abandoned              bigint NOT NULL,
  handled                bigint NOT NULL,
  sum_weighted_handle_ms bigint NOT NULL,
  sum_handle_ms          bigint NOT NULL,
  sum_agent_handle_ms    bigint NOT NULL,
  sum_queue_wait_ms      bigint NOT NULL,
  sla_breaches           bigint NOT NULL,
  answered_over_sla      bigint NOT NULL,
  answered_within_sla    bigint NOT NULL,
  fcr_count              bigint NOT NULL,
  repeat_contact_fcr_count bigint NOT NULL,
  transfers              bigint NOT NULL,
  system_latency_ms      bigint NOT NULL,
  updated_at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (report_date, queue_id, media_type, window_id)
);

CREATE TABLE IF NOT EXISTS aht_by_skill_hourly_components (
  hour_start_ms  bigint NOT NULL,
  skill_id       text NOT NULL,
  window_id      text NOT NULL,
  handled_count  bigint NOT NULL,
  sum_handle_ms  bigint NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hour_start_ms, skill_id, window_id)
);

-- Records that could not be used, with a reason; conversation_id is '' when the record has
-- none (the detail then carries the record's fingerprint).
CREATE TABLE IF NOT EXISTS malformed_interactions (
  conversation_id text NOT NULL,
  reason          text NOT NULL,
  detail          text NOT NULL,
  stage           text NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, stage, reason, detail)
);

CREATE TABLE IF NOT EXISTS filtered_counts (
  window_id  text NOT NULL,
  reason     text NOT NULL,
  count      bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (window_id, reason)
);

CREATE TABLE IF NOT EXISTS failed_windows (
  window_id      text PRIMARY KEY,
  error          text NOT NULL,
  attempts       integer NOT NULL,
  correlation_id text,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- The ledger: a window is 'complete' only after its rows are committed.
CREATE TABLE IF NOT EXISTS extraction_windows (
  window_id            text PRIMARY KEY,
  window_start         timestamptz NOT NULL,
  window_end           timestamptz NOT NULL,
  status               text NOT NULL,
  conversations        bigint NOT NULL,
  pages                bigint NOT NULL,
  job_id               text,
  data_availability_ms bigint,
  mode                 text,
  updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS reconciliation (
  bucket_start      text NOT NULL,
  queue_id          text NOT NULL,
  media_type        text NOT NULL,
  extracted_offered bigint NOT NULL,
  api_offered       bigint NOT NULL,
  variance          double precision NOT NULL,
  breached          boolean NOT NULL,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (bucket_start, queue_id, media_type)
);

-- The seed's report, from the additive components. Rates and averages are derived here only, so
-- that any split of runs sums to the same numbers. Times are in seconds.
CREATE OR REPLACE VIEW kpi_daily AS
SELECT
  report_date,
  queue_id,
  media_type,
  sum(handled) AS interaction_volume,
  sum(sum_weighted_handle_ms) / nullif(sum(handled), 0) / 1000.0 AS weighted_effective_handle_time,
  sum(sla_breaches) AS sla_breaches_120s,
  sum(sum_queue_wait_ms) / nullif(sum(offered), 0) / 1000.0 AS avg_queue_wait,
  sum(fcr_count)::double precision / nullif(sum(handled), 0) AS first_contact_resolution_rate,
  sum(offered) AS offered,
  sum(answered) AS answered,
  sum(abandoned) AS abandoned,
  sum(abandoned)::double precision / nullif(sum(offered), 0) AS abandon_rate,
  sum(answered_within_sla)::double precision / nullif(sum(offered), 0) AS service_level,
  sum(sum_handle_ms) / nullif(sum(handled), 0) / 1000.0 AS aht,
  sum(transfers) AS transfers,
  sum(system_latency_ms) AS system_latency_ms
FROM kpi_daily_components
GROUP BY report_date, queue_id, media_type;

CREATE OR REPLACE VIEW aht_by_skill_hourly AS
SELECT
  to_timestamp(hour_start_ms / 1000.0) AS hour_start,
  skill_id,
  sum(handled_count) AS conversation_count,
  sum(sum_handle_ms) / nullif(sum(handled_count), 0) / 1000.0 AS avg_handle_time
FROM aht_by_skill_hourly_components
GROUP BY hour_start_ms, skill_id;
