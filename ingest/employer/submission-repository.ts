import { randomUUID } from "node:crypto";
import type { Language } from "../../knowledge/index.js";
import type { Database, SqlClient } from "../../platform/index.js";
import { titleKey, type VacancyDraft } from "./vacancy-submission.js";

export type SubmissionStatus = "pending" | "approved" | "rejected";

/** A stored submission. Contact details are gone once retention has run on a decided one. */
export interface StoredSubmission {
  readonly id: string;
  readonly status: SubmissionStatus;
  readonly draft: VacancyDraft;
  readonly language: Language;
  readonly conversationId?: string | undefined;
  readonly channel?: string | undefined;
  /** Where the decision's reply goes in the chat (a conversation reference). */
  readonly address?: Readonly<Record<string, unknown>> | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly decidedAt?: string | undefined;
  readonly decidedBy?: string | undefined;
  readonly reason?: string | undefined;
  readonly itemId?: string | undefined;
  readonly publishedAt?: string | undefined;
}

export interface SubmissionLimits {
  /** Submissions one conversation may make in 24 hours. */
  readonly perConversationPerDay: number;
  /** Submissions one client (keyed hash of the web client address, or the Teams user) may make in 24 hours. */
  readonly perClientPerDay: number;
  /** The same business ID and title again within this many days is a duplicate. */
  readonly duplicateDays: number;
}

export type CreateOutcome =
  | { readonly outcome: "created"; readonly submission: StoredSubmission }
  | { readonly outcome: "duplicate"; readonly existing: StoredSubmission }
  | { readonly outcome: "rate-limited"; readonly scope: "conversation" | "client" };

export interface NewSubmission {
  readonly draft: VacancyDraft;
  readonly language: Language;
  readonly conversationId: string;
  readonly channel: string;
  readonly address?: Readonly<Record<string, unknown>> | undefined;
  readonly clientKey?: string | undefined;
}

interface SubmissionRow {
  id: string;
  status: SubmissionStatus;
  municipality: string;
  title: string;
  business_id: string;
  employer_name: string;
  contact_person: string | null;
  contact_email: string | null;
  vacancy: Record<string, unknown>;
  language: Language;
  source_conversation_id: string | null;
  channel: string | null;
  address: Record<string, unknown> | null;
  created_at: Date | string;
  updated_at: Date | string;
  decided_at: Date | string | null;
  decided_by: string | null;
  reason: string | null;
  item_id: string | null;
  published_at: Date | string | null;
}

const iso = (value: Date | string | null): string | undefined => (value === null ? undefined : new Date(value).toISOString());

function toSubmission(row: SubmissionRow): StoredSubmission {
  const vacancy = row.vacancy as Partial<VacancyDraft>;
  const draft = {
    ...vacancy,
    title: row.title,
    municipality: row.municipality,
    employerName: row.employer_name,
    businessId: row.business_id,
    contactPerson: row.contact_person ?? "",
    contactEmail: row.contact_email ?? "",
  } as VacancyDraft;
  const submission: Record<string, unknown> = {
    id: row.id,
    status: row.status,
    draft,
    language: row.language,
    conversationId: row.source_conversation_id ?? undefined,
    channel: row.channel ?? undefined,
    address: row.address ?? undefined,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    decidedAt: iso(row.decided_at),
    decidedBy: row.decided_by ?? undefined,
    reason: row.reason ?? undefined,
    itemId: row.item_id ?? undefined,
    publishedAt: iso(row.published_at),
  };
  for (const key of Object.keys(submission)) if (submission[key] === undefined) delete submission[key];
  return submission as unknown as StoredSubmission;
}

/** The vacancy's own fields (everything the columns do not hold). */
function vacancyJson(draft: VacancyDraft): string {
  const { title: _title, municipality: _municipality, employerName: _employer, businessId: _business, contactPerson: _person, contactEmail: _email, ...rest } = draft;
  return JSON.stringify(rest);
}

const COLUMNS = `id, status, municipality, title, business_id, employer_name, contact_person, contact_email, vacancy, language,
  source_conversation_id, channel, address, created_at, updated_at, decided_at, decided_by, reason, item_id, published_at`;

/**
 * Vacancy submissions waiting for review (migration 0060). Every check that guards a write (rate
 * limits, duplicates, "still pending") runs in the statement or transaction that writes, so two
 * instances or two editors cannot both pass it.
 */
export class SqlSubmissionRepository {
  constructor(private readonly database: Database) {}

  /**
   * Saves a pending submission unless the conversation or client is over its daily limit or the
   * same business ID and title were submitted within `duplicateDays` (rejected ones do not count).
   */
  async create(submission: NewSubmission, limits: SubmissionLimits): Promise<CreateOutcome> {
    const key = titleKey(submission.draft.title);
    return this.database.transaction(async (client) => {
      // One writer per business ID at a time: two identical submissions cannot both miss each other.
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`vacancy-submission:${submission.draft.businessId}`]);
      const counts = await client.query<{ by_conversation: number; by_client: number }>(
        `SELECT count(*) FILTER (WHERE source_conversation_id = $1)::int AS by_conversation,
                count(*) FILTER (WHERE $2::text IS NOT NULL AND client_key = $2)::int AS by_client
         FROM vacancy_submissions
         WHERE created_at > now() - interval '1 day' AND (source_conversation_id = $1 OR client_key = $2)`,
        [submission.conversationId, submission.clientKey ?? null],
      );
      const row = counts.rows[0];
      if ((row?.by_conversation ?? 0) >= limits.perConversationPerDay) return { outcome: "rate-limited", scope: "conversation" } as const;
      if ((row?.by_client ?? 0) >= limits.perClientPerDay) return { outcome: "rate-limited", scope: "client" } as const;
      const duplicate = await client.query<SubmissionRow>(
        `SELECT ${COLUMNS} FROM vacancy_submissions
         WHERE business_id = $1 AND title_key = $2 AND status <> 'rejected' AND created_at > now() - make_interval(days => $3::int)
         ORDER BY created_at DESC LIMIT 1`,
        [submission.draft.businessId, key, limits.duplicateDays],
      );
      if (duplicate.rows[0]) return { outcome: "duplicate", existing: toSubmission(duplicate.rows[0]) } as const;
      const created = await client.query<SubmissionRow>(
        `INSERT INTO vacancy_submissions (id, municipality, title, title_key, business_id, employer_name, contact_person,
                                          contact_email, vacancy, language, source_conversation_id, channel, address, client_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13::jsonb, $14)
         RETURNING ${COLUMNS}`,
        [
          randomUUID(),
          submission.draft.municipality,
          submission.draft.title,
          key,
          submission.draft.businessId,
          submission.draft.employerName,
          submission.draft.contactPerson,
          submission.draft.contactEmail,
          vacancyJson(submission.draft),
          submission.language,
          submission.conversationId,
          submission.channel,
          submission.address ? JSON.stringify(submission.address) : null,
          submission.clientKey ?? null,
        ],
      );
      return { outcome: "created", submission: toSubmission(created.rows[0]!) } as const;
    });
  }

  async get(id: string): Promise<StoredSubmission | undefined> {
    const found = await this.database.query<SubmissionRow>(`SELECT ${COLUMNS} FROM vacancy_submissions WHERE id = $1`, [id]);
    return found.rows[0] ? toSubmission(found.rows[0]) : undefined;
  }

  /** Newest first; `municipalities` undefined means every municipality. */
  async list(filter: { status?: SubmissionStatus | undefined; municipalities?: readonly string[] | undefined; limit: number; offset: number }): Promise<{ submissions: StoredSubmission[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.status) {
      params.push(filter.status);
      conditions.push(`status = $${params.length}`);
    }
    if (filter.municipalities) {
      params.push([...filter.municipalities]);
      conditions.push(`municipality = ANY($${params.length}::text[])`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "";
    const total = await this.database.query<{ count: number }>(`SELECT count(*)::int AS count FROM vacancy_submissions ${where}`, params);
    const rows = await this.database.query<SubmissionRow>(
      `SELECT ${COLUMNS} FROM vacancy_submissions ${where} ORDER BY created_at ASC, id LIMIT ${Math.trunc(filter.limit)} OFFSET ${Math.trunc(filter.offset)}`,
      params,
    );
    return { submissions: rows.rows.map(toSubmission), total: total.rows[0]?.count ?? 0 };
  }

  /** Replaces a pending submission's vacancy (an editor's corrections); undefined when it is no longer pending. */
  async updatePending(id: string, draft: VacancyDraft): Promise<StoredSubmission | undefined> {
    const updated = await this.database.query<SubmissionRow>(
      `UPDATE vacancy_submissions SET municipality = $2, title = $3, title_key = $4, business_id = $5, employer_name = $6,
              contact_person = $7, contact_email = $8, vacancy = $9::jsonb, updated_at = now()
       WHERE id = $1 AND status = 'pending' RETURNING ${COLUMNS}`,
      [id, draft.municipality, draft.title, titleKey(draft.title), draft.businessId, draft.employerName, draft.contactPerson, draft.contactEmail, vacancyJson(draft)],
    );
    return updated.rows[0] ? toSubmission(updated.rows[0]) : undefined;
  }

  /**
   * Decides a pending submission. The status check is in the UPDATE itself, so of two editors
   * deciding at once exactly one gets the row back; the other gets undefined.
   */
  async decide(id: string, decision: { status: "approved" | "rejected"; by: string; reason?: string | undefined; itemId?: string | undefined }): Promise<StoredSubmission | undefined> {
    const decided = await this.database.query<SubmissionRow>(
      `UPDATE vacancy_submissions SET status = $2, decided_by = $3, reason = $4, item_id = $5, decided_at = now(), updated_at = now()
       WHERE id = $1 AND status = 'pending' RETURNING ${COLUMNS}`,
      [id, decision.status, decision.by, decision.reason ?? null, decision.itemId ?? null],
    );
    return decided.rows[0] ? toSubmission(decided.rows[0]) : undefined;
  }

  /** Undoes an approval whose item could not be written, so the submission can be approved again. */
  async reopen(id: string): Promise<void> {
    await this.database.query(
      `UPDATE vacancy_submissions SET status = 'pending', decided_by = NULL, decided_at = NULL, item_id = NULL, updated_at = now()
       WHERE id = $1 AND status = 'approved' AND published_at IS NULL`,
      [id],
    );
  }

  async markPublished(id: string): Promise<void> {
    await this.database.query("UPDATE vacancy_submissions SET published_at = now() WHERE id = $1", [id]);
  }

  /** Approved but never published (the process stopped in between): published again at start. */
  async approvedUnpublished(): Promise<StoredSubmission[]> {
    const rows = await this.database.query<SubmissionRow>(
      `SELECT ${COLUMNS} FROM vacancy_submissions WHERE status = 'approved' AND published_at IS NULL ORDER BY decided_at`,
    );
    return rows.rows.map(toSubmission);
  }

  /** Status and times of the submissions of a period (insights: no content, no contact). */
  async insightRows(query: { from: Date; to: Date; municipalities?: readonly string[] | undefined }): Promise<Array<{ createdAt: Date; decidedAt: Date | undefined; status: SubmissionStatus; municipality: string }>> {
    const params: unknown[] = [query.from, query.to];
    let scope = "";
    if (query.municipalities) {
      params.push([...query.municipalities]);
      scope = ` AND municipality = ANY($3::text[])`;
    }
    const rows = await this.database.query<{ created_at: Date | string; decided_at: Date | string | null; status: SubmissionStatus; municipality: string }>(
      `SELECT created_at, decided_at, status, municipality FROM vacancy_submissions WHERE created_at >= $1 AND created_at < $2${scope} ORDER BY created_at LIMIT 100000`,
      params,
    );
    return rows.rows.map((row) => ({
      createdAt: new Date(row.created_at),
      decidedAt: row.decided_at === null ? undefined : new Date(row.decided_at),
      status: row.status,
      municipality: row.municipality,
    }));
  }

  /** Pending submissions created before `before`, oldest first, for the digest. */
  async pendingBefore(before: Date): Promise<StoredSubmission[]> {
    const rows = await this.database.query<SubmissionRow>(
      `SELECT ${COLUMNS} FROM vacancy_submissions WHERE status = 'pending' AND created_at < $1 ORDER BY created_at LIMIT 200`,
      [before],
    );
    return rows.rows.map(toSubmission);
  }
}

/**
 * Erasure of one conversation: its pending submissions are deleted; decided ones lose the link to
 * the conversation and its address (the published vacancy is the employer's public text).
 */
export async function eraseConversationSubmissions(client: SqlClient, conversationId: string): Promise<number> {
  const deleted = await client.query("DELETE FROM vacancy_submissions WHERE source_conversation_id = $1 AND status = 'pending'", [conversationId]);
  const unlinked = await client.query(
    "UPDATE vacancy_submissions SET source_conversation_id = NULL, address = NULL, client_key = NULL WHERE source_conversation_id = $1",
    [conversationId],
  );
  return deleted.affectedRows + unlinked.affectedRows;
}

/**
 * Retention: rejected submissions and submissions never reviewed are deleted once older than the
 * cut-off; approved ones keep the vacancy but lose the contact person, e-mail and chat address.
 */
export async function applySubmissionRetention(client: SqlClient, cutoff: Date): Promise<number> {
  const deleted = await client.query(
    "DELETE FROM vacancy_submissions WHERE (status = 'rejected' AND decided_at < $1) OR (status = 'pending' AND created_at < $1)",
    [cutoff],
  );
  const stripped = await client.query(
    `UPDATE vacancy_submissions SET contact_person = NULL, contact_email = NULL, address = NULL, client_key = NULL, source_conversation_id = NULL
     WHERE status = 'approved' AND decided_at < $1
       AND (contact_person IS NOT NULL OR contact_email IS NOT NULL OR address IS NOT NULL OR source_conversation_id IS NOT NULL)`,
    [cutoff],
  );
  return deleted.affectedRows + stripped.affectedRows;
}
