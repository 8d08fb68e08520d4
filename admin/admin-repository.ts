import { createHash } from "node:crypto";
import type { ItemKind, StoredItem } from "../knowledge/index.js";
import { ITEM_COLUMNS, rowToItem } from "../knowledge/index.js";
import type { Database, SqlClient } from "../platform/index.js";
import { generateApiToken, hashApiToken } from "./api-tokens.js";
import type { Editor, EditorRole } from "./roles.js";

/** An editor as stored (without authentication details). */
export interface EditorRecord {
  readonly user: string;
  readonly role: EditorRole;
  readonly allMunicipalities: boolean;
  readonly municipalities: readonly string[];
  readonly entraObjectId?: string | undefined;
  readonly principalName?: string | undefined;
  readonly createdAt: string;
}

export interface TokenRecord {
  readonly id: number;
  readonly user: string;
  readonly prefix: string;
  readonly createdAt: string;
  readonly lastUsedAt?: string | undefined;
  readonly revokedAt?: string | undefined;
}

/** One audit entry. Hashes are content hashes of the item before and after the change. */
export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly source?: string | undefined;
  readonly itemId?: string | undefined;
  readonly municipality?: string | undefined;
  readonly beforeHash?: string | undefined;
  readonly afterHash?: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface AuditWrite {
  readonly actor: string;
  readonly action: string;
  readonly source?: string | undefined;
  readonly itemId?: string | undefined;
  readonly municipality?: string | undefined;
  readonly beforeHash?: string | undefined;
  readonly afterHash?: string | undefined;
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

export interface AdminItemFilter {
  readonly kind?: ItemKind | undefined;
  /** Codes to include; undefined: any municipality. */
  readonly municipalities?: readonly string[] | undefined;
  /** Also include items without a municipality (area-wide). */
  readonly includeAreaWide: boolean;
  readonly source?: string | undefined;
  readonly validity?: "open" | "expired" | "upcoming" | undefined;
  readonly text?: string | undefined;
  /** Items whose validUntil falls between today and this ISO date (inclusive). */
  readonly expiringBy?: string | undefined;
  /** Items not updated since this instant. */
  readonly updatedBefore?: Date | undefined;
  readonly today: string;
  readonly limit: number;
  readonly offset: number;
}

interface EditorRow {
  user_name: string;
  role: EditorRole;
  all_municipalities: boolean;
  municipalities: string[];
  entra_object_id: string | null;
  principal_name: string | null;
  created_at: Date;
}

function toEditorRecord(row: EditorRow): EditorRecord {
  return {
    user: row.user_name,
    role: row.role,
    allMunicipalities: row.all_municipalities,
    municipalities: row.municipalities ?? [],
    ...(row.entra_object_id ? { entraObjectId: row.entra_object_id } : {}),
    ...(row.principal_name ? { principalName: row.principal_name } : {}),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** SHA-256 of a value that must not be stored in clear (conversation ids in the audit log). */
export function fingerprint(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex").slice(0, 16);
}

/**
 * SQL for editors, tokens, the audit log, item listings and job state. Identifiers are constants;
 * every value is a parameter.
 */
export class AdminRepository {
  constructor(readonly database: Database) {}

  async upsertEditor(editor: {
    user: string;
    role: EditorRole;
    allMunicipalities: boolean;
    municipalities: readonly string[];
    entraObjectId?: string | undefined;
    principalName?: string | undefined;
  }): Promise<EditorRecord> {
    const result = await this.database.query<EditorRow>(
      `INSERT INTO admin_editors (user_name, role, all_municipalities, municipalities, entra_object_id, principal_name)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_name) DO UPDATE SET role = EXCLUDED.role, all_municipalities = EXCLUDED.all_municipalities,
         municipalities = EXCLUDED.municipalities,
         entra_object_id = coalesce(EXCLUDED.entra_object_id, admin_editors.entra_object_id),
         principal_name = coalesce(EXCLUDED.principal_name, admin_editors.principal_name), updated_at = now()
       RETURNING *`,
      [
        editor.user,
        editor.role,
        editor.allMunicipalities,
        editor.allMunicipalities ? [] : [...editor.municipalities],
        editor.entraObjectId ?? null,
        editor.principalName ?? null,
      ],
    );
    return toEditorRecord(result.rows[0]!);
  }

  async getEditor(user: string): Promise<EditorRecord | undefined> {
    const result = await this.database.query<EditorRow>("SELECT * FROM admin_editors WHERE user_name = $1", [user]);
    return result.rows[0] ? toEditorRecord(result.rows[0]) : undefined;
  }

  async listEditors(): Promise<EditorRecord[]> {
    const result = await this.database.query<EditorRow>("SELECT * FROM admin_editors ORDER BY user_name");
    return result.rows.map(toEditorRecord);
  }

  async deleteEditor(user: string): Promise<boolean> {
    const result = await this.database.query("DELETE FROM admin_editors WHERE user_name = $1", [user]);
    return result.affectedRows > 0;
  }

  /** The editor a Teams SSO token belongs to: by Entra object id, else by principal name. */
  /** The editor registered with this Entra object id (the token's `oid`, else `sub`). */
  async findEditorForSso(objectId: string): Promise<EditorRecord | undefined> {
    const result = await this.database.query<EditorRow>("SELECT * FROM admin_editors WHERE entra_object_id = $1", [objectId]);
    return result.rows[0] ? toEditorRecord(result.rows[0]) : undefined;
  }

  async createToken(user: string): Promise<{ token: string; record: TokenRecord }> {
    const generated = generateApiToken();
    const result = await this.database.query<{ id: number; created_at: Date }>(
      "INSERT INTO admin_tokens (user_name, token_hash, token_prefix) VALUES ($1, $2, $3) RETURNING id, created_at",
      [user, generated.hash, generated.prefix],
    );
    const row = result.rows[0]!;
    return {
      token: generated.token,
      record: { id: row.id, user, prefix: generated.prefix, createdAt: new Date(row.created_at).toISOString() },
    };
  }

  /** Revokes every active token of `user`; returns how many. */
  async revokeTokens(user: string): Promise<number> {
    const result = await this.database.query(
      "UPDATE admin_tokens SET revoked_at = now() WHERE user_name = $1 AND revoked_at IS NULL",
      [user],
    );
    return result.affectedRows;
  }

  async listTokens(): Promise<TokenRecord[]> {
    const result = await this.database.query<{
      id: number;
      user_name: string;
      token_prefix: string;
      created_at: Date;
      last_used_at: Date | null;
      revoked_at: Date | null;
    }>("SELECT id, user_name, token_prefix, created_at, last_used_at, revoked_at FROM admin_tokens ORDER BY user_name, id");
    return result.rows.map((row) => ({
      id: row.id,
      user: row.user_name,
      prefix: row.token_prefix,
      createdAt: new Date(row.created_at).toISOString(),
      ...(row.last_used_at ? { lastUsedAt: new Date(row.last_used_at).toISOString() } : {}),
      ...(row.revoked_at ? { revokedAt: new Date(row.revoked_at).toISOString() } : {}),
    }));
  }

  /** The editor holding an active token, or undefined. */
  async editorForToken(token: string): Promise<Editor | undefined> {
    const result = await this.database.query<EditorRow & { token_id: number; last_used_at: Date | null }>(
      `SELECT e.*, t.id AS token_id, t.last_used_at FROM admin_tokens t JOIN admin_editors e USING (user_name)
       WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
      [hashApiToken(token)],
    );
    const row = result.rows[0];
    if (!row) return undefined;
    // Touch at most once a minute: a write per request would be noise.
    if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
      await this.database.query("UPDATE admin_tokens SET last_used_at = now() WHERE id = $1", [row.token_id]);
    }
    const record = toEditorRecord(row);
    return { ...record, via: "token" };
  }

  async appendAudit(entry: AuditWrite, client: SqlClient = this.database): Promise<void> {
    await client.query(
      `INSERT INTO admin_audit_log (actor, action, source, item_id, municipality, before_hash, after_hash, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        entry.actor,
        entry.action,
        entry.source ?? null,
        entry.itemId ?? null,
        entry.municipality ?? null,
        entry.beforeHash ?? null,
        entry.afterHash ?? null,
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }

  async listAudit(filter: {
    municipalities?: readonly string[] | undefined;
    /** Only entries about items of these municipalities. */
    onlyMunicipalities?: readonly string[] | undefined;
    actor?: string | undefined;
    source?: string | undefined;
    itemId?: string | undefined;
    limit: number;
    offset: number;
  }): Promise<{ entries: AuditEntry[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      params.push(value);
      conditions.push(condition.replaceAll("$?", `$${params.length}`));
    };
    if (filter.onlyMunicipalities) {
      add("municipality = ANY($?::text[])", [...filter.onlyMunicipalities]);
    } else if (filter.municipalities) {
      // Editors see changes in their municipalities, item changes to area-wide items, and their own
      // actions; not other editors' uploads, tokens, erasures or shortage lists (no municipality).
      params.push([...filter.municipalities], filter.actor ?? "");
      conditions.push(
        `(municipality = ANY($${params.length - 1}::text[]) OR (municipality IS NULL AND action LIKE 'item.%') OR actor = $${params.length})`,
      );
    }
    if (filter.source) add("source = $?", filter.source);
    if (filter.itemId) add("item_id = $?", filter.itemId);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "";
    const total = await this.database.query<{ count: number }>(`SELECT count(*) AS count FROM admin_audit_log ${where}`, params);
    const rows = await this.database.query<{
      id: number;
      at: Date;
      actor: string;
      action: string;
      source: string | null;
      item_id: string | null;
      municipality: string | null;
      before_hash: string | null;
      after_hash: string | null;
      details: Record<string, unknown>;
    }>(
      `SELECT * FROM admin_audit_log ${where} ORDER BY at DESC, id DESC LIMIT ${Math.trunc(filter.limit)} OFFSET ${Math.trunc(filter.offset)}`,
      params,
    );
    return {
      total: total.rows[0]?.count ?? 0,
      entries: rows.rows.map((row) => ({
        id: row.id,
        at: new Date(row.at).toISOString(),
        actor: row.actor,
        action: row.action,
        ...(row.source !== null ? { source: row.source } : {}),
        ...(row.item_id !== null ? { itemId: row.item_id } : {}),
        ...(row.municipality !== null ? { municipality: row.municipality } : {}),
        ...(row.before_hash !== null ? { beforeHash: row.before_hash } : {}),
        ...(row.after_hash !== null ? { afterHash: row.after_hash } : {}),
        details: row.details ?? {},
      })),
    };
  }

  async listItems(filter: AdminItemFilter): Promise<{ items: StoredItem[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, ...values: unknown[]) => {
      let text = condition;
      for (const value of values) {
        params.push(value);
        text = text.replace("$?", `$${params.length}`);
      }
      conditions.push(text);
    };
    if (filter.kind) add("kind = $?", filter.kind);
    if (filter.municipalities) {
      if (filter.includeAreaWide) add("(municipality = ANY($?::text[]) OR municipality IS NULL)", [...filter.municipalities]);
      else add("municipality = ANY($?::text[])", [...filter.municipalities]);
    } else if (!filter.includeAreaWide) {
      conditions.push("municipality IS NOT NULL");
    }
    if (filter.source) add("source = $?", filter.source);
    if (filter.text) {
      const pattern = `%${filter.text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      add(
        "(title ILIKE $? ESCAPE '\\' OR description ILIKE $? ESCAPE '\\' OR organization ILIKE $? ESCAPE '\\' OR id ILIKE $? ESCAPE '\\')",
        pattern,
        pattern,
        pattern,
        pattern,
      );
    }
    if (filter.validity === "open") add("(valid_until IS NULL OR valid_until >= $?::date)", filter.today);
    if (filter.validity === "expired") add("valid_until < $?::date", filter.today);
    if (filter.validity === "upcoming") add("valid_from > $?::date", filter.today);
    if (filter.expiringBy) add("valid_until >= $?::date AND valid_until <= $?::date", filter.today, filter.expiringBy);
    if (filter.updatedBefore) add("updated_at < $?", filter.updatedBefore);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "";
    const total = await this.database.query<{ count: number }>(`SELECT count(*) AS count FROM items ${where}`, params);
    const order = filter.expiringBy ? "valid_until ASC, source, id" : filter.updatedBefore ? "updated_at ASC, source, id" : "updated_at DESC, source, id";
    const rows = await this.database.query<Parameters<typeof rowToItem>[0]>(
      `SELECT ${ITEM_COLUMNS} FROM items ${where} ORDER BY ${order} LIMIT ${Math.trunc(filter.limit)} OFFSET ${Math.trunc(filter.offset)}`,
      params,
    );
    return { items: rows.rows.map(rowToItem), total: total.rows[0]?.count ?? 0 };
  }

  /** Municipality (or null for area-wide) of stored items of `source`, by id; absent ids are new. */
  async storedMunicipalities(source: string, ids: readonly string[]): Promise<Map<string, string | undefined>> {
    const found = new Map<string, string | undefined>();
    for (let start = 0; start < ids.length; start += 5000) {
      const result = await this.database.query<{ id: string; municipality: string | null }>(
        "SELECT id, municipality FROM items WHERE source = $1 AND id = ANY($2::text[])",
        [source, ids.slice(start, start + 5000)],
      );
      for (const row of result.rows) found.set(row.id, row.municipality ?? undefined);
    }
    return found;
  }

  /** Item counts per source within some municipalities. */
  /** Items per source in these municipalities (and, with `includeAreaWide`, area-wide ones). */
  async sourceCounts(municipalities: readonly string[], includeAreaWide = false): Promise<Map<string, number>> {
    const result = await this.database.query<{ source: string; count: number }>(
      `SELECT source, count(*) AS count FROM items WHERE municipality = ANY($1::text[])${includeAreaWide ? " OR municipality IS NULL" : ""} GROUP BY source`,
      [[...municipalities]],
    );
    return new Map(result.rows.map((row) => [row.source, row.count]));
  }

  async lastJobRun(job: string): Promise<Date | undefined> {
    const result = await this.database.query<{ last_run_at: Date }>("SELECT last_run_at FROM admin_job_runs WHERE job = $1", [job]);
    return result.rows[0] ? new Date(result.rows[0].last_run_at) : undefined;
  }

  async recordJobRun(job: string, at: Date, details: Record<string, unknown>): Promise<void> {
    await this.database.query(
      `INSERT INTO admin_job_runs (job, last_run_at, details) VALUES ($1, $2, $3)
       ON CONFLICT (job) DO UPDATE SET last_run_at = EXCLUDED.last_run_at, details = EXCLUDED.details`,
      [job, at, JSON.stringify(details)],
    );
  }
}
