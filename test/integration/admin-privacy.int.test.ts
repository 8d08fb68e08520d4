import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlClient } from "../../platform/database.js";
import { discoverPersonalDataTables } from "../../admin/privacy.js";
import { call, startAdminTestServer, type AdminTestServer } from "../support/admin-test-server.js";

let server: AdminTestServer;

/** Values for columns with CHECK constraints or foreign keys in the other capabilities' tables. */
const OVERRIDES: Record<string, (conversation: string) => unknown> = {
  from_role: () => "user",
  mode: () => "live",
  state: () => "closed",
  direction: () => "to_advisor",
  kind: () => "primary",
  rating: () => -1,
  handoff_id: (conversation) => `h-${conversation}`,
};

interface ColumnInfo {
  column_name: string;
  data_type: string;
  is_nullable: string;
  column_default: string | null;
}

/**
 * Inserts one row for `conversation` into every table with a conversation_id, filling every text
 * column with `marker` so the test can search all tables for leftovers. Returns the seeded tables.
 */
async function seedConversation(client: SqlClient, conversation: string, marker: string, createdAt: Date): Promise<string[]> {
  const tables = (await discoverPersonalDataTables(client)).reverse(); // parents first
  const seeded: string[] = [];
  for (const { table } of tables) {
    const columns = (
      await client.query<ColumnInfo>(
        "SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
        [table],
      )
    ).rows;
    const names: string[] = [];
    const values: unknown[] = [];
    for (const column of columns) {
      const name = column.column_name;
      let value: unknown;
      if (name === "conversation_id") value = conversation;
      else if (name === "created_at") value = createdAt;
      else if (name === "id" && column.data_type === "text") value = `h-${conversation}`;
      else if (name === "key") value = `webchat/conversations/${conversation}/state`;
      else if (name === "user_id") value = `user-of-${conversation}`;
      else if (OVERRIDES[name]) value = OVERRIDES[name]!(conversation);
      else if (column.column_default !== null) continue;
      else if (column.data_type === "text" || column.data_type === "character varying") value = `${marker} ${name}`;
      else if (column.data_type === "jsonb" || column.data_type === "json") value = JSON.stringify({ text: `${marker} ${name}` });
      else if (column.data_type === "boolean") value = false;
      else if (column.data_type.includes("int") || column.data_type === "numeric") value = 1;
      else if (column.data_type.startsWith("timestamp")) value = createdAt;
      else if (column.data_type === "ARRAY") value = [marker];
      else if (column.is_nullable === "YES") continue;
      else value = `${marker}`;
      names.push(`"${name}"`);
      values.push(value);
    }
    try {
      await client.query(
        `INSERT INTO "${table}" (${names.join(", ")}) VALUES (${values.map((_, index) => `$${index + 1}`).join(", ")})`,
        values,
      );
      seeded.push(table);
    } catch {
      // A table whose constraints this generic seeding cannot satisfy; the required ones are asserted below.
    }
  }
  // The person's user state, keyed by their user id as botbuilder does.
  await client.query(
    "INSERT INTO bot_state (key, value, etag, created_at) VALUES ($1, $2, '1', $3)",
    [`webchat/users/user-of-${conversation}`, JSON.stringify({ profile: marker }), createdAt],
  );
  return seeded;
}

/** Rows in any table whose text-like columns contain `needle`. */
async function occurrences(client: SqlClient, needle: string): Promise<Record<string, number>> {
  const columns = await client.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
       AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`,
  );
  const found: Record<string, number> = {};
  for (const { table_name: table, column_name: column } of columns.rows) {
    const result = await client.query<{ count: number }>(
      `SELECT count(*) AS count FROM "${table}" WHERE "${column}"::text LIKE $1`,
      [`%${needle}%`],
    );
    const count = result.rows[0]?.count ?? 0;
    if (count > 0) found[`${table}.${column}`] = count;
  }
  return found;
}

const REQUIRED_TABLES = ["bot_state", "directline_activities", "turn_outcomes", "feedback", "handoffs", "handoff_messages"];

beforeAll(async () => {
  server = await startAdminTestServer();
});

afterAll(async () => {
  await server?.close();
});

describe("erasure", () => {
  it("erases one conversation from every table (API, area admin only) and keeps others", async () => {
    const seeded = await seedConversation(server.database, "conv-erase-1", "MARKER-ERASE-7f3a", new Date());
    await seedConversation(server.database, "conv-keep-1", "MARKER-KEEP-2b9c", new Date());
    expect(seeded).toEqual(expect.arrayContaining(REQUIRED_TABLES));
    expect(Object.keys(await occurrences(server.database, "MARKER-ERASE-7f3a")).length).toBeGreaterThan(5);

    expect((await call(server.baseUrl, "DELETE", "/api/admin/conversations/conv-erase-1")).status).toBe(401);
    expect((await call(server.baseUrl, "DELETE", "/api/admin/conversations/conv-erase-1", { token: server.tokens.kaustinen })).status).toBe(403);
    const erased = await call(server.baseUrl, "DELETE", "/api/admin/conversations/conv-erase-1", { token: server.tokens.areaAdmin });
    expect(erased.status).toBe(200);
    expect(erased.body.total).toBeGreaterThanOrEqual(seeded.length + 1);

    for (const { table } of await discoverPersonalDataTables(server.database)) {
      const left = await server.database.query<{ count: number }>(`SELECT count(*) AS count FROM "${table}" WHERE conversation_id = $1`, ["conv-erase-1"]);
      expect(left.rows[0]!.count, table).toBe(0);
    }
    expect(await occurrences(server.database, "MARKER-ERASE-7f3a")).toEqual({});
    expect(await occurrences(server.database, "conv-erase-1")).toEqual({});
    expect(Object.keys(await occurrences(server.database, "MARKER-KEEP-2b9c"))).toEqual(expect.arrayContaining(REQUIRED_TABLES.map((table) => expect.stringContaining(`${table}.`))));

    const audit = await call(server.baseUrl, "GET", "/api/admin/audit", { token: server.tokens.areaAdmin });
    const entry = audit.body.entries.find((candidate: { action: string }) => candidate.action === "conversation.erase");
    expect(entry).toMatchObject({ actor: "antti", details: { conversation: expect.stringMatching(/^[0-9a-f]{16}$/) } });
  });
});

describe("retention", () => {
  it("deletes conversation data older than RETENTION_DAYS from every table and keeps newer data", async () => {
    const old = new Date(Date.now() - 100 * 86_400_000);
    const seededOld = await seedConversation(server.database, "conv-old-1", "MARKER-OLD-91ad", old);
    await seedConversation(server.database, "conv-new-1", "MARKER-NEW-44e0", new Date(Date.now() - 10 * 86_400_000));
    expect(seededOld).toEqual(expect.arrayContaining(REQUIRED_TABLES));
    expect((await call(server.baseUrl, "POST", "/api/admin/retention", { token: server.tokens.kaustinen })).status).toBe(403);
    const result = await call(server.baseUrl, "POST", "/api/admin/retention", { token: server.tokens.areaAdmin });
    expect(result.status).toBe(200);
    expect(result.body.days).toBe(90);
    expect(await occurrences(server.database, "MARKER-OLD-91ad")).toEqual({});
    expect(Object.keys(await occurrences(server.database, "MARKER-NEW-44e0")).length).toBeGreaterThanOrEqual(REQUIRED_TABLES.length);
    // The audit log is not subject to retention and cannot be rewritten.
    const audit = await server.database.query<{ count: number }>("SELECT count(*) AS count FROM admin_audit_log WHERE action = 'retention.run'");
    expect(audit.rows[0]!.count).toBe(1);
  });
});
