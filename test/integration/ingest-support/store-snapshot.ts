import type { SqlClient } from "../../../platform/database.js";

/** Every item and chunk row as text, to show that a failed import left the store exactly as it was. */
export async function snapshotStore(database: SqlClient): Promise<string> {
  const items = await database.query("SELECT * FROM items ORDER BY source, id");
  const chunks = await database.query(
    "SELECT source, item_id, ordinal, content, search_text, embedding::text AS embedding FROM chunks ORDER BY source, item_id, ordinal",
  );
  return JSON.stringify({ items: items.rows, chunks: chunks.rows });
}

/** Chunks whose item is gone (the foreign key should make this impossible). */
export async function orphanChunks(database: SqlClient): Promise<number> {
  const result = await database.query<{ count: number }>(
    "SELECT count(*) AS count FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.source = c.source AND i.id = c.item_id)",
  );
  return result.rows[0]?.count ?? 0;
}
