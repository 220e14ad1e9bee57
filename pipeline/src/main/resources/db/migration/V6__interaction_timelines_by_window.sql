-- A re-read of a window replaces its interaction timelines whole (DELETE ... WHERE window_id =
-- ANY(...) before the upsert), as it does the per-window components: without this index every
-- such delete would scan the whole table.
CREATE INDEX IF NOT EXISTS interaction_timelines_window_id ON interaction_timelines (window_id);
