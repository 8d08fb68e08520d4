import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, openPgliteDatabase, type Database } from "../../platform/index.js";
import { conversationIdOfKey, PostgresStorage, StateConflictError } from "./postgres-storage.js";

let database: Database;
let storage: PostgresStorage;

beforeAll(async () => {
  database = await openPgliteDatabase({});
  await applyMigrations(database);
  storage = new PostgresStorage(database);
});

afterAll(async () => {
  await database.close();
});

describe("PostgresStorage", () => {
  it("writes, reads with an etag, and deletes", async () => {
    const key = "directline/conversations/abc123/";
    await storage.write({ [key]: { memory: { language: "sv" } } });
    const read = await storage.read([key, "missing"]);
    expect(read[key]).toMatchObject({ memory: { language: "sv" } });
    expect(typeof read[key]!.eTag).toBe("string");
    expect(read.missing).toBeUndefined();
    const row = await database.query<{ conversation_id: string }>("SELECT conversation_id FROM bot_state WHERE key = $1", [key]);
    expect(row.rows[0]!.conversation_id).toBe("abc123");
    await storage.delete([key]);
    expect(await storage.read([key])).toEqual({});
  });

  it("refuses a write whose etag is stale (another instance wrote first)", async () => {
    const key = "directline/conversations/race/";
    await storage.write({ [key]: { count: 1 } });
    const first = (await storage.read([key]))[key]!;
    const second = (await storage.read([key]))[key]!;
    await storage.write({ [key]: { ...first, count: 2 } });
    await expect(storage.write({ [key]: { ...second, count: 3 } })).rejects.toBeInstanceOf(StateConflictError);
    expect((await storage.read([key]))[key]).toMatchObject({ count: 2 });
    await storage.write({ [key]: { count: 4, eTag: "*" } });
    expect((await storage.read([key]))[key]).toMatchObject({ count: 4 });
  });

  it("finds the conversation id in botbuilder's state keys", () => {
    expect(conversationIdOfKey("msteams/conversations/a:1b2c/")).toBe("a:1b2c");
    expect(conversationIdOfKey("directline/users/dl_x/")).toBeNull();
  });
});
