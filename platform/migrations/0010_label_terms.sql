-- Keys of the term-file label alternatives each chunk's text satisfies (knowledge/label-terms.ts),
-- so that search looks synonyms up as exact keys instead of prefix-scanning every label.
-- NULL until computed: the knowledge base fills missing or outdated terms when it opens.
ALTER TABLE chunks ADD COLUMN terms text[];
CREATE INDEX chunks_terms_idx ON chunks USING gin (terms);
