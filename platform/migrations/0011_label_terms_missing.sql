-- Chunks whose label terms are still to be computed. Empty in steady state, so the check the
-- knowledge base makes when it opens (knowledge/label-terms-store.ts) reads an empty index
-- instead of every chunk.
CREATE INDEX chunks_terms_missing_idx ON chunks (source, item_id, ordinal) WHERE terms IS NULL;
