import type { Database, SqlClient } from "../platform/index.js";
import { applySubmissionRetention, eraseConversationSubmissions } from "../ingest/index.js";
import { fingerprint, type AdminRepository } from "./admin-repository.js";

/** Tables never touched by retention or erasure: the audit log keeps hashes, not personal data. */
const EXCLUDED_TABLES = new Set(["admin_audit_log", "schema_migrations"]);

export interface PersonalDataTable {
  readonly table: string;
  readonly hasCreatedAt: boolean;
  /** Text columns that may hold state keys naming a conversation or user (botbuilder storage). */
  readonly keyColumn: string | undefined;
  readonly hasUserId: boolean;
}

/** Double-quotes an identifier read from the catalogue (never from input). */
function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Every base table of the current schema with a `conversation_id` column, ordered so that tables
 * referencing others come first (deleting children before parents never trips a foreign key).
 * Discovered at run time so tables added by later migrations are covered without a code change.
 */
export async function discoverPersonalDataTables(client: SqlClient): Promise<PersonalDataTable[]> {
  const columns = await client.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
       AND c.column_name IN ('conversation_id', 'created_at', 'key', 'user_id')`,
  );
  const byTable = new Map<string, Set<string>>();
  for (const row of columns.rows) {
    const set = byTable.get(row.table_name) ?? new Set<string>();
    set.add(row.column_name);
    byTable.set(row.table_name, set);
  }
  const tables = [...byTable.entries()]
    .filter(([table, names]) => names.has("conversation_id") && !EXCLUDED_TABLES.has(table))
    .map(([table, names]) => ({
      table,
      hasCreatedAt: names.has("created_at"),
      keyColumn: names.has("key") ? "key" : undefined,
      hasUserId: names.has("user_id"),
    }));
  const references = await client.query<{ child: string; parent: string }>(
    `SELECT child.relname AS child, parent.relname AS parent FROM pg_constraint c
     JOIN pg_class child ON child.oid = c.conrelid JOIN pg_class parent ON parent.oid = c.confrelid
     JOIN pg_namespace n ON n.oid = child.relnamespace
     WHERE c.contype = 'f' AND n.nspname = current_schema()`,
  );
  // Depth of a table = how many tables it (transitively) references; delete deepest first.
  const parents = new Map<string, string[]>();
  for (const row of references.rows) parents.set(row.child, [...(parents.get(row.child) ?? []), row.parent]);
  const depth = (table: string, seen = new Set<string>()): number => {
    if (seen.has(table)) return 0;
    seen.add(table);
    return Math.max(0, ...(parents.get(table) ?? []).map((parent) => 1 + depth(parent, seen)));
  };
  return tables.sort((left, right) => depth(right.table) - depth(left.table) || left.table.localeCompare(right.table));
}

export interface ErasureResult {
  /** Rows deleted per table. */
  readonly rows: Readonly<Record<string, number>>;
  readonly total: number;
}

/**
 * Erases one person's conversation everywhere in one transaction: every row with its
 * conversation_id, and bot state rows whose key names the conversation or its user. The audit
 * entry holds a fingerprint of the id and row counts, never the erased content.
 */
export async function eraseConversation(
  deps: { database: Database; repository: AdminRepository },
  options: { conversationId: string; actor: string },
): Promise<ErasureResult> {
  const conversationId = options.conversationId;
  const rows: Record<string, number> = {};
  await deps.database.transaction(async (client) => {
    const tables = await discoverPersonalDataTables(client);
    // The person's user ids (web chat binds one per conversation) name their user-state keys.
    const userIds = new Set<string>();
    for (const table of tables.filter((entry) => entry.hasUserId)) {
      const found = await client.query<{ user_id: string | null }>(
        `SELECT DISTINCT user_id::text AS user_id FROM ${quoteIdentifier(table.table)} WHERE conversation_id = $1`,
        [conversationId],
      );
      for (const row of found.rows) if (row.user_id) userIds.add(row.user_id);
    }
    const needles = [conversationId, ...userIds].filter((value) => value.length >= 4);
    for (const table of tables) {
      const name = quoteIdentifier(table.table);
      let deleted = (await client.query(`DELETE FROM ${name} WHERE conversation_id = $1`, [conversationId])).affectedRows;
      if (table.keyColumn) {
        for (const needle of needles) {
          const pattern = `%${needle.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
          deleted += (
            await client.query(`DELETE FROM ${name} WHERE ${quoteIdentifier(table.keyColumn)} LIKE $1 ESCAPE '\\'`, [pattern])
          ).affectedRows;
        }
      }
      if (deleted > 0) rows[table.table] = deleted;
    }
    // Vacancy submissions have their own rule: pending ones go, decided ones lose the link.
    const submissions = await eraseConversationSubmissions(client, conversationId);
    if (submissions > 0) rows.vacancy_submissions = submissions;
    const total = Object.values(rows).reduce((sum, count) => sum + count, 0);
    await deps.repository.appendAudit(
      { actor: options.actor, action: "conversation.erase", details: { conversation: fingerprint(conversationId), rows, total } },
      client,
    );
  });
  return { rows, total: Object.values(rows).reduce((sum, count) => sum + count, 0) };
}

/**
 * Deletes conversation data older than `days` from every table with conversation_id and
 * created_at: transcripts, state, handoffs and their messages and contact details, analytics.
 */
export async function applyRetention(
  deps: { database: Database; repository: AdminRepository },
  options: { days: number; actor: string; now?: Date },
): Promise<ErasureResult> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.days * 86_400_000);
  const rows: Record<string, number> = {};
  await deps.database.transaction(async (client) => {
    const tables = await discoverPersonalDataTables(client);
    for (const table of tables.filter((entry) => entry.hasCreatedAt)) {
      const deleted = (await client.query(`DELETE FROM ${quoteIdentifier(table.table)} WHERE created_at < $1`, [cutoff])).affectedRows;
      if (deleted > 0) rows[table.table] = deleted;
    }
    const submissions = await applySubmissionRetention(client, cutoff);
    if (submissions > 0) rows.vacancy_submissions = submissions;
    const total = Object.values(rows).reduce((sum, count) => sum + count, 0);
    await deps.repository.appendAudit(
      { actor: options.actor, action: "retention.run", details: { days: options.days, cutoff: cutoff.toISOString(), rows, total } },
      client,
    );
  });
  return { rows, total: Object.values(rows).reduce((sum, count) => sum + count, 0) };
}
