-- The conversation detail records as tables, with Genesys' field names in snake_case. Every row
-- is keyed by Genesys' ids; segments and session metrics have no id of their own and are keyed by
-- their position (ordinal, from 0) in their session's time order. A conversation read again
-- replaces all of its child rows: the job deletes the rows of every conversation it read
-- (the indexes on conversation_id) before it upserts the new ones, so a segment Genesys dropped
-- or merged when it reprocessed the conversation does not stay behind.
CREATE TABLE IF NOT EXISTS conversations (
  conversation_id       text PRIMARY KEY,
  conversation_start    timestamptz NOT NULL,
  conversation_end      timestamptz,
  status                text NOT NULL,
  originating_direction text,
  division_ids          text[] NOT NULL,
  media_type            text NOT NULL,
  external_tag          text,
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS conversations_conversation_start ON conversations (conversation_start);

CREATE TABLE IF NOT EXISTS participants (
  participant_id      text PRIMARY KEY,
  conversation_id     text NOT NULL,
  purpose             text NOT NULL,
  user_id             text,
  external_contact_id text,
  participant_name    text,
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS participants_conversation_id ON participants (conversation_id);

CREATE TABLE IF NOT EXISTS sessions (
  session_id      text PRIMARY KEY,
  participant_id  text NOT NULL,
  conversation_id text NOT NULL,
  media_type      text NOT NULL,
  direction       text,
  ani             text,
  dnis            text,
  peer_id         text,
  provider        text,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS sessions_conversation_id ON sessions (conversation_id);
CREATE INDEX IF NOT EXISTS sessions_participant_id ON sessions (participant_id);

CREATE TABLE IF NOT EXISTS segments (
  session_id                  text NOT NULL,
  ordinal                     integer NOT NULL,
  conversation_id             text NOT NULL,
  segment_type                text NOT NULL,
  segment_start               timestamptz,
  segment_end                 timestamptz,
  duration_ms                 bigint,
  queue_id                    text,
  wrap_up_code                text,
  disconnect_type             text,
  conference                  boolean NOT NULL,
  requested_routing_skill_ids text[] NOT NULL,
  updated_at                  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, ordinal)
);
CREATE INDEX IF NOT EXISTS segments_conversation_id ON segments (conversation_id);

CREATE TABLE IF NOT EXISTS session_metrics (
  session_id      text NOT NULL,
  ordinal         integer NOT NULL,
  conversation_id text NOT NULL,
  name            text NOT NULL,
  value           bigint NOT NULL,
  emit_date       timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, ordinal)
);
CREATE INDEX IF NOT EXISTS session_metrics_conversation_id ON session_metrics (conversation_id);
