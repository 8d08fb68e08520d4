-- Employers (migration numbers 0060-0069): whom an item is for, and vacancies submitted through
-- the chat that wait for a municipality's review before they are published.

ALTER TABLE items ADD COLUMN audience text NOT NULL DEFAULT 'jobseeker'
  CHECK (audience IN ('jobseeker', 'employer', 'both'));
-- Copied to chunks like kind and municipality, so ranking reads it from the candidate rows.
ALTER TABLE chunks ADD COLUMN audience text NOT NULL DEFAULT 'jobseeker';

-- The column is named source_conversation_id on purpose: erasure and retention handle this table
-- by its own rules (pending rows of a conversation are erased; decided rows lose their contact
-- details), not by the generic "every row with conversation_id" rule.
CREATE TABLE vacancy_submissions (
  id                     text        PRIMARY KEY,
  status                 text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  municipality           text        NOT NULL,
  title                  text        NOT NULL,
  -- Lower-cased title with runs of spaces folded: what "the same title" means for duplicates.
  title_key              text        NOT NULL,
  business_id            text        NOT NULL,
  employer_name          text        NOT NULL,
  contact_person         text,
  contact_email          text,
  -- The vacancy as submitted (description, occupation, dates, how to apply …), plain text.
  vacancy                jsonb       NOT NULL,
  language               text        NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
  source_conversation_id text,
  channel                text,
  -- Conversation reference for the decision's reply in the chat.
  address                jsonb,
  -- Keyed hash of the client address: per-address rate limit without keeping the address.
  client_key             text,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  decided_at             timestamptz,
  decided_by             text,
  reason                 text,
  item_id                text,
  -- Set once the approved vacancy's item is written; approved rows without it are published at start.
  published_at           timestamptz
);

CREATE INDEX vacancy_submissions_queue_idx ON vacancy_submissions (status, municipality, created_at);
CREATE INDEX vacancy_submissions_duplicate_idx ON vacancy_submissions (business_id, title_key, created_at);
CREATE INDEX vacancy_submissions_conversation_idx ON vacancy_submissions (source_conversation_id, created_at);
CREATE INDEX vacancy_submissions_client_idx ON vacancy_submissions (client_key, created_at);

-- Turns of a conversation in which the person spoke as an employer (insights per month).
ALTER TABLE turn_outcomes ADD COLUMN audience text;
