-- kpi_daily gains repeat_contact_fcr: handled interactions whose customer did not come back
-- within the spec's fcr.repeatContactDays (0 while that KPI is off). A view may only gain columns
-- at its end, so the rest of the view is unchanged.
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
  sum(system_latency_ms) AS system_latency_ms,
  sum(repeat_contact_fcr_count) AS repeat_contact_fcr
FROM kpi_daily_components
GROUP BY report_date, queue_id, media_type;
