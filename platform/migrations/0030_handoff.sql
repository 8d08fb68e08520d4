-- Teams channel and human handoff. Tables holding per-conversation personal data carry
-- conversation_id (the person's conversation) and created_at for the privacy code.

CREATE TABLE handoffs (
  id                 text        PRIMARY KEY,
  conversation_id    text        NOT NULL,
  channel            text        NOT NULL,
  address            jsonb       NOT NULL,
  language           text        NOT NULL,
  municipality       text,
  area_id            text,
  topic              text        NOT NULL DEFAULT '',
  summary            text        NOT NULL DEFAULT '',
  bot_answers        jsonb       NOT NULL DEFAULT '[]'::jsonb,
  consent_transcript boolean     NOT NULL DEFAULT false,
  transcript         jsonb       NOT NULL DEFAULT '[]'::jsonb,
  contact            jsonb,
  trigger            text        NOT NULL,
  mode               text        NOT NULL CHECK (mode IN ('live', 'callback')),
  state              text        NOT NULL CHECK (state IN ('waiting', 'claimed', 'closed', 'cancelled')),
  claimed_at         timestamptz,
  claimed_by         jsonb,
  closed_at          timestamptz,
  closed_by          text,
  closed_by_name     text,
  escalated_at       timestamptz,
  callback_done      boolean     NOT NULL DEFAULT false,
  -- The advisor's 1:1 chat with the bot once opened (Teams conversation address).
  advisor_chat       jsonb,
  advisor_chat_id    text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
-- At most one open handoff per conversation: a second request while one is open reuses it.
CREATE UNIQUE INDEX handoffs_one_open_idx ON handoffs (conversation_id) WHERE state IN ('waiting', 'claimed');
CREATE INDEX handoffs_state_idx ON handoffs (state, created_at);
CREATE INDEX handoffs_advisor_chat_idx ON handoffs (advisor_chat_id) WHERE state = 'claimed';

-- Every handoff card posted to a Teams channel, so a state change updates all copies.
CREATE TABLE handoff_cards (
  id                bigserial   PRIMARY KEY,
  handoff_id        text        NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,
  conversation_id   text        NOT NULL,
  channel_id        text        NOT NULL,
  service_url       text        NOT NULL,
  activity_id       text        NOT NULL,
  kind              text        NOT NULL CHECK (kind IN ('primary', 'escalation')),
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX handoff_cards_handoff_idx ON handoff_cards (handoff_id);

-- Messages relayed between the person and the advisor (the shared part of the conversation).
CREATE TABLE handoff_messages (
  id                bigserial   PRIMARY KEY,
  handoff_id        text        NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,
  conversation_id   text        NOT NULL,
  direction         text        NOT NULL CHECK (direction IN ('to_advisor', 'to_person')),
  sender_name       text,
  text              text        NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX handoff_messages_handoff_idx ON handoff_messages (handoff_id, id);

-- Transactional outbox: every outgoing message or card is written in the same transaction as the
-- state change, then delivered by a worker that claims rows with a lease, so a restart loses
-- nothing and two instances never both deliver the same row. target_key orders delivery per
-- destination (only the oldest undelivered row of a destination is claimable).
CREATE TABLE handoff_outbox (
  id                bigserial   PRIMARY KEY,
  handoff_id        text        NOT NULL,
  conversation_id   text        NOT NULL,
  target_key        text        NOT NULL,
  payload           jsonb       NOT NULL,
  attempts          integer     NOT NULL DEFAULT 0,
  next_attempt_at   timestamptz NOT NULL DEFAULT now(),
  claimed_by        text,
  claimed_until     timestamptz,
  delivered_at      timestamptz,
  failed_at         timestamptz,
  last_error        text,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX handoff_outbox_pending_idx ON handoff_outbox (target_key, id) WHERE delivered_at IS NULL AND failed_at IS NULL;

-- Teams channels the bot was added to, and the municipalities advisors registered them for.
CREATE TABLE advisor_channels (
  channel_id         text        PRIMARY KEY,
  team_id            text,
  team_name          text,
  channel_name       text,
  tenant_id          text,
  service_url        text        NOT NULL,
  bot_id             text,
  municipalities     jsonb       NOT NULL DEFAULT '[]'::jsonb,
  all_municipalities boolean     NOT NULL DEFAULT false,
  registered_at      timestamptz,
  registered_by      text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Each advisor's 1:1 chat with the bot (opened proactively on the first claim).
CREATE TABLE advisor_chats (
  advisor_id         text        PRIMARY KEY,
  teams_user_id      text,
  name               text,
  tenant_id          text,
  service_url        text        NOT NULL,
  chat_id            text        NOT NULL,
  bot_id             text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
