-- Every conversation read has a row in interaction_timelines: one a filter keeps out of a KPI set
-- carries the filter's reason in excluded_reason (INTERNAL_QUEUE leaves every KPI; the other
-- reasons leave the handled set only). Beside the segment-derived figures, Genesys' own session
-- metrics summed over the conversation (null where the record carries none): tAcd, tTalkComplete,
-- tHeldComplete, tAcw, tHandle (formerly t_handle_ms) and nTransferred. offered_queue_legs holds
-- each queue leg as queueId@mediaType@epochMs of its nOffered, what reconciliation compares.
ALTER TABLE interaction_timelines RENAME COLUMN t_handle_ms TO genesys_handle_ms;
ALTER TABLE interaction_timelines
  ADD COLUMN IF NOT EXISTS genesys_queue_wait_ms bigint,
  ADD COLUMN IF NOT EXISTS genesys_talk_ms       bigint,
  ADD COLUMN IF NOT EXISTS genesys_hold_ms       bigint,
  ADD COLUMN IF NOT EXISTS genesys_wrap_up_ms    bigint,
  ADD COLUMN IF NOT EXISTS genesys_transfers     bigint,
  ADD COLUMN IF NOT EXISTS offered_queue_legs    text[],
  ADD COLUMN IF NOT EXISTS excluded_reason       text;
CREATE INDEX IF NOT EXISTS interaction_timelines_excluded_reason
  ON interaction_timelines (excluded_reason) WHERE excluded_reason IS NOT NULL;

-- Reconciliation compares the offered queue legs of the interaction rows with the aggregates API;
-- Genesys also counts the conversations gckpi holds as malformed, so a cell records how much of an
-- API excess the run's malformed records explain (at most their number in all).
ALTER TABLE reconciliation
  ADD COLUMN IF NOT EXISTS explained_by_malformed bigint NOT NULL DEFAULT 0;
