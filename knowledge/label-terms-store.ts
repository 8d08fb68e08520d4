import type { Database } from "../platform/index.js";
import type { Logger } from "../platform/index.js";
import { chunkTerms, labelTermIndex, type LabelTermIndex } from "./label-terms.js";

const SETTING_KEY = "label_terms";
const BATCH = 2000;
/** Rewritten chunks from which a VACUUM pays off. */
const VACUUM_AFTER = 1000;

/**
 * Fills `chunks.terms` where it is missing (rows written before migration 0010) or made with
 * another term file (the stored version differs), so that search can rely on it. Runs when the
 * knowledge base opens, in one transaction that holds the settings row, so that several instances
 * starting on one PostgreSQL do the work once. Returns the number of chunks updated.
 */
export async function ensureLabelTerms(
  database: Database,
  logger?: Logger,
  index: LabelTermIndex = labelTermIndex(),
): Promise<number> {
  const updated = await database.transaction(async (client) => {
    await client.query(
      "INSERT INTO knowledge_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
      [SETTING_KEY, JSON.stringify({ version: null })],
    );
    const stored = await client.query<{ value: { version?: string | null } }>(
      "SELECT value FROM knowledge_settings WHERE key = $1 FOR UPDATE",
      [SETTING_KEY],
    );
    const outdated = stored.rows[0]?.value.version !== index.version;
    const started = performance.now();
    let updated = 0;
    // Keyset pagination over the primary key: each batch reads and rewrites at most BATCH chunks.
    // Looking for missing terms only reads chunks_terms_missing_idx (migration 0011), empty in steady state.
    let after: [string, string, number] = ["", "", -1];
    for (;;) {
      const rows = (
        await client.query<{ source: string; item_id: string; ordinal: number; content: string; search_text: string }>(
          `SELECT source, item_id, ordinal, content, search_text FROM chunks
           WHERE (source, item_id, ordinal) > ($1, $2, $3) ${outdated ? "" : "AND terms IS NULL"}
           ORDER BY source, item_id, ordinal LIMIT ${BATCH}`,
          after,
        )
      ).rows;
      if (rows.length === 0) break;
      await client.query(
        `UPDATE chunks SET terms = string_to_array(t.terms, E'\\t')
         FROM unnest($1::text[], $2::text[], $3::int[], $4::text[]) AS t(source, item_id, ordinal, terms)
         WHERE chunks.source = t.source AND chunks.item_id = t.item_id AND chunks.ordinal = t.ordinal`,
        [
          rows.map((row) => row.source),
          rows.map((row) => row.item_id),
          rows.map((row) => row.ordinal),
          rows.map((row) => chunkTerms(row.content, row.search_text, index)),
        ],
      );
      updated += rows.length;
      const last = rows[rows.length - 1]!;
      after = [last.source, last.item_id, last.ordinal];
    }
    if (outdated) {
      await client.query("UPDATE knowledge_settings SET value = $2, updated_at = now() WHERE key = $1", [
        SETTING_KEY,
        JSON.stringify({ version: index.version }),
      ]);
    }
    if (updated > 0) {
      logger?.info({ chunks: updated, ms: Math.round(performance.now() - started) }, "knowledge.label_terms_refreshed");
    }
    return updated;
  });
  // A rewrite of many rows leaves dead row versions and GIN pending entries behind; the embedded
  // engine has no autovacuum, and the planner needs statistics for the new column.
  if (updated >= VACUUM_AFTER) await database.exec("VACUUM (ANALYZE) chunks");
  return updated;
}
