-- Knowledge items, their chunks with full-text and vector representations, and import history.
-- Migration numbers: 0001-0009 foundation, 0010-0019 retrieval, 0020-0029 conversation,
-- 0030-0039 Teams and handoff, 0040-0049 administration, 0050-0059 alerts and mobility.

CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE items (
  source          text        NOT NULL,
  id              text        NOT NULL,
  kind            text        NOT NULL CHECK (kind IN ('service', 'training', 'vacancy')),
  language        text        NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
  title           text        NOT NULL,
  description     text        NOT NULL,
  organization    text,
  municipality    text,
  address         text,
  url             text,
  email           text,
  phone           text,
  valid_from      date,
  valid_until     date,
  start_date      date,
  tags            text[]      NOT NULL DEFAULT '{}',
  occupation      text,
  employment_type text,
  format          text,
  opening_hours   text,
  content_hash    text        NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, id)
);

CREATE INDEX items_kind_municipality_idx ON items (kind, municipality);
CREATE INDEX items_valid_until_idx ON items (valid_until);
CREATE INDEX items_updated_at_idx ON items (updated_at);

-- One row per chunk of an item's text. Filter columns are copied from the item so that search can
-- filter inside the index scans without a join.
CREATE TABLE chunks (
  source          text        NOT NULL,
  item_id         text        NOT NULL,
  ordinal         integer     NOT NULL,
  language        text        NOT NULL,
  kind            text        NOT NULL,
  municipality    text,
  valid_from      date,
  valid_until     date,
  content         text        NOT NULL,
  search_text     text        NOT NULL DEFAULT '',
  tsv             tsvector    NOT NULL,
  tsv_simple      tsvector    NOT NULL,
  embedding       vector,
  embedding_space text,
  PRIMARY KEY (source, item_id, ordinal),
  FOREIGN KEY (source, item_id) REFERENCES items (source, id) ON DELETE CASCADE
);

CREATE INDEX chunks_tsv_idx ON chunks USING gin (tsv);
CREATE INDEX chunks_tsv_simple_idx ON chunks USING gin (tsv_simple);
CREATE INDEX chunks_filter_idx ON chunks (kind, municipality, valid_until);

-- Settings of the knowledge base, e.g. which embedder made the stored vectors.
CREATE TABLE knowledge_settings (
  key        text        PRIMARY KEY,
  value      jsonb       NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per import or sync of a source: the admin UI's source status.
CREATE TABLE ingest_runs (
  id          bigserial   PRIMARY KEY,
  source      text        NOT NULL,
  actor       text        NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  status      text        NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'failed')),
  counts      jsonb       NOT NULL DEFAULT '{}',
  errors      jsonb       NOT NULL DEFAULT '[]'
);

CREATE INDEX ingest_runs_source_idx ON ingest_runs (source, started_at DESC);
