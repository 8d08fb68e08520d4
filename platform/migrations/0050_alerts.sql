-- Job alerts (docs/decisions/0050-alerts.md). A subscription keeps the query, its filters,
-- the language and the address needed to deliver; an e-mail address only with explicit consent.
-- Every table carries conversation_id and created_at so retention and erasure handle them generically.

CREATE TABLE alert_subscriptions (
  id               text        PRIMARY KEY,
  conversation_id  text        NOT NULL,
  -- Who "one message a day" counts for: channel and user id, e.g. "msteams:29:1abc".
  person_key       text        NOT NULL,
  channel          text        NOT NULL,
  -- Conversation reference for proactive delivery (serviceUrl, conversation, user, bot).
  address          jsonb       NOT NULL,
  query            text        NOT NULL,
  filters          jsonb       NOT NULL DEFAULT '{}',
  language         text        NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
  email            text,
  email_consent_at timestamptz,
  expires_at       timestamptz NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (email IS NULL OR email_consent_at IS NOT NULL)
);

CREATE INDEX alert_subscriptions_conversation_idx ON alert_subscriptions (conversation_id);
CREATE INDEX alert_subscriptions_person_idx ON alert_subscriptions (person_key);
CREATE INDEX alert_subscriptions_expires_idx ON alert_subscriptions (expires_at);

-- Items matched for a subscription. The primary key is what makes "never repeat an item" hold:
-- once an item was queued (and later sent) for a subscription it can never be queued again.
CREATE TABLE alert_items (
  subscription_id text        NOT NULL REFERENCES alert_subscriptions (id) ON DELETE CASCADE,
  conversation_id text        NOT NULL,
  source          text        NOT NULL,
  item_id         text        NOT NULL,
  sent_at         timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subscription_id, source, item_id)
);

CREATE INDEX alert_items_pending_idx ON alert_items (subscription_id) WHERE sent_at IS NULL;
CREATE INDEX alert_items_conversation_idx ON alert_items (conversation_id);

-- One row per person and Helsinki calendar day on which an alert message went out: the claim that
-- keeps it to one message a day, also across several app instances.
CREATE TABLE alert_deliveries (
  person_key      text        NOT NULL,
  delivered_on    date        NOT NULL,
  conversation_id text        NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_key, delivered_on)
);

CREATE INDEX alert_deliveries_conversation_idx ON alert_deliveries (conversation_id);
