import { DatabaseError, type Database } from "../../platform/index.js";

/** The home municipality a person told in this conversation, and whether it was asked already. */
export interface HomeRecord {
  readonly municipality?: string | undefined;
  readonly asked: boolean;
}

/** Per-conversation home municipality (platform/migrations/0053_conversation_home.sql). */
export interface HomeStore {
  get(conversationId: string): Promise<HomeRecord>;
  setHome(conversationId: string, municipality: string): Promise<void>;
  markAsked(conversationId: string): Promise<void>;
}

export function createSqlHomeStore(database: Database): HomeStore {
  const wrap = async <T>(what: string, work: () => Promise<T>) => {
    try {
      return await work();
    } catch (error) {
      throw new DatabaseError(`Home municipality: ${what} failed`, { cause: error });
    }
  };
  return {
    get: (conversationId) =>
      wrap("read", async () => {
        const result = await database.query<{ municipality: string | null; asked: boolean }>(
          "SELECT municipality, asked FROM conversation_home WHERE conversation_id = $1",
          [conversationId],
        );
        const row = result.rows[0];
        return { municipality: row?.municipality ?? undefined, asked: row?.asked ?? false };
      }),
    setHome: (conversationId, municipality) =>
      wrap("write", async () => {
        await database.query(
          `INSERT INTO conversation_home (conversation_id, municipality, asked) VALUES ($1, $2, true)
           ON CONFLICT (conversation_id) DO UPDATE SET municipality = EXCLUDED.municipality, asked = true`,
          [conversationId, municipality],
        );
      }),
    markAsked: (conversationId) =>
      wrap("mark asked", async () => {
        await database.query(
          `INSERT INTO conversation_home (conversation_id, asked) VALUES ($1, true)
           ON CONFLICT (conversation_id) DO UPDATE SET asked = true`,
          [conversationId],
        );
      }),
  };
}
