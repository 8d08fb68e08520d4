-- The person's home municipality for commute-aware answers, remembered per conversation.
-- Personal data: conversation_id and created_at let retention and erasure remove it generically.
CREATE TABLE conversation_home (
  conversation_id text        PRIMARY KEY,
  -- Statistics Finland code; NULL when the question was asked but not answered yet.
  municipality    text,
  asked           boolean     NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now()
);
