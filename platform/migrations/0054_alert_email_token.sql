-- Unsubscribe link of alert e-mails: a random token per conversation's e-mail address, so
-- the person can stop alerts from the e-mail itself without signing in.
ALTER TABLE alert_subscriptions ADD COLUMN email_token text;
CREATE INDEX alert_subscriptions_email_token_idx ON alert_subscriptions (email_token);
