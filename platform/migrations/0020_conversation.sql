-- Conversation state, the Direct Line channel and conversation analytics.
-- Every table holding per-conversation personal data has conversation_id and created_at so the
-- privacy code can erase and expire rows generically.

-- botbuilder Storage over PostgreSQL: one row per state key, etag for optimistic concurrency.
CREATE TABLE bot_state (
  key             text        PRIMARY KEY,
  value           jsonb       NOT NULL,
  etag            text        NOT NULL,
  conversation_id text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bot_state_conversation_idx ON bot_state (conversation_id);

-- Direct Line conversations: bound to one user id when the token is issued.
CREATE TABLE directline_conversations (
  conversation_id text        PRIMARY KEY,
  user_id         text        NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  started_at      timestamptz,
  last_activity_at timestamptz NOT NULL DEFAULT now()
);

-- Every activity of a Direct Line conversation; seq is the watermark, so any instance can serve
-- GET activities and the stream.
CREATE TABLE directline_activities (
  seq             bigserial   PRIMARY KEY,
  conversation_id text        NOT NULL,
  activity_id     text        NOT NULL,
  from_role       text        NOT NULL CHECK (from_role IN ('user', 'bot')),
  activity        jsonb       NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX directline_activities_conversation_idx ON directline_activities (conversation_id, seq);
CREATE UNIQUE INDEX directline_activities_id_idx ON directline_activities (conversation_id, activity_id);

-- Secrets shared by every instance (the Direct Line token signing key when not configured).
CREATE TABLE directline_settings (
  key        text        PRIMARY KEY,
  value      text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per answered turn, for the insights dashboard. question_redacted is already redacted.
CREATE TABLE turn_outcomes (
  id                bigserial   PRIMARY KEY,
  conversation_id   text        NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  channel           text,
  language          text,
  municipality      text,
  outcome           text,
  question_redacted text,
  topic_kind        text,
  sources           jsonb       NOT NULL DEFAULT '[]',
  reason            text
);
CREATE INDEX turn_outcomes_created_idx ON turn_outcomes (created_at);
CREATE INDEX turn_outcomes_conversation_idx ON turn_outcomes (conversation_id);

-- Thumbs up/down on answers, with the (redacted) question and the outcome it rated.
CREATE TABLE feedback (
  id                bigserial   PRIMARY KEY,
  conversation_id   text        NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  activity_id       text,
  rating            smallint    CHECK (rating IN (-1, 1)),
  outcome           text,
  question_redacted text,
  municipality      text,
  language          text
);
CREATE INDEX feedback_created_idx ON feedback (created_at);
CREATE INDEX feedback_conversation_idx ON feedback (conversation_id);
