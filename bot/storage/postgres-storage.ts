import { randomUUID } from "node:crypto";
import type { Storage, StoreItems } from "botbuilder";
import type { Database, SqlClient } from "../../platform/index.js";
import { DatabaseError } from "../../platform/index.js";

/**
 * botbuilder `Storage` over our PostgreSQL database (PGlite or a server), so several app
 * instances can serve one conversation. Writes use optimistic concurrency like botbuilder's own
 * storages: an item carrying an `eTag` other than "*" is only written when the stored etag still
 * matches; otherwise the write fails with `StateConflictError`.
 */
export class PostgresStorage implements Storage {
  constructor(private readonly database: Database) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const result = await this.database.query<{ key: string; value: Record<string, unknown>; etag: string }>(
      "SELECT key, value, etag FROM bot_state WHERE key = ANY($1::text[])",
      [keys],
    );
    const items: StoreItems = {};
    for (const row of result.rows) items[row.key] = { ...row.value, eTag: row.etag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    // One statement per item: a conversation's turn writes one key, so no transaction is needed
    // (and on embedded PGlite every round trip counts).
    for (const [key, item] of entries) await this.writeOne(this.database, key, item);
  }

  private async writeOne(client: SqlClient, key: string, item: unknown): Promise<void> {
    const { eTag, ...value } = (item ?? {}) as Record<string, unknown> & { eTag?: string };
    const conditional = Boolean(eTag && eTag !== "*");
    const result = await client.query(
      `INSERT INTO bot_state (key, value, etag, conversation_id) VALUES ($1, $2::jsonb, $3, $4)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, etag = EXCLUDED.etag, updated_at = now()
       WHERE NOT $5::boolean OR bot_state.etag = $6
       RETURNING key`,
      [key, JSON.stringify(value), randomUUID(), conversationIdOfKey(key), conditional, eTag ?? null],
    );
    if (result.rows.length === 0) throw new StateConflictError(key);
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.database.query("DELETE FROM bot_state WHERE key = ANY($1::text[])", [keys]);
  }
}

/** Another instance changed the state between this turn's read and write. */
export class StateConflictError extends DatabaseError {
  constructor(key: string) {
    super(`State for ${key} was changed by another turn`, { code: "state_conflict", retryable: true });
  }
}

/**
 * botbuilder keys conversation state as `channelId/conversations/conversationId` and user state as
 * `channelId/users/userId`; we record the conversation id so privacy erasure finds the row.
 */
export function conversationIdOfKey(key: string): string | null {
  const match = /^[^/]+\/conversations\/(.+?)(?:\/|$)/.exec(key);
  return match?.[1] ?? null;
}
