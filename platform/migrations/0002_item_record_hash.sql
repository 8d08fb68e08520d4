-- Hash of the raw source record an item was validated from (plus the day, for records with date
-- tokens). A re-import whose record hashes are all stored skips parsing into items, validation and
-- content hashing: see ingest/ingest-files.ts. NULL when the item was written by another path.
ALTER TABLE items ADD COLUMN IF NOT EXISTS record_hash text;
