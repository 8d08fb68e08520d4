-- Resuming a web chat conversation needs proof of possession: the SHA-256 of a secret that only
-- the page that started the conversation received (tokens carry the conversation and user ids).
ALTER TABLE directline_conversations ADD COLUMN resume_secret_hash text;
