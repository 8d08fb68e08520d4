import type { Database } from "../../platform/index.js";
import { redactPersonalData } from "../../platform/index.js";

/** A Bot Framework activity as stored and served over Direct Line (JSON object). */
export type StoredActivity = Record<string, unknown> & { id: string };

export interface ActivityPage {
  readonly activities: StoredActivity[];
  /** The watermark to send next time (the last sequence number seen), as Direct Line expects a string. */
  readonly watermark: string;
}

/**
 * Direct Line conversations and their activities in PostgreSQL. The global sequence is the
 * watermark, so any instance can answer GET activities and feed the stream. User activities are
 * stored redacted (identity codes, phones, e-mails), so the transcript never keeps them.
 */
export class DirectLineStore {
  constructor(private readonly database: Database) {}

  /** `resumeSecretHash`: SHA-256 (hex) of the secret that lets the page resume this conversation. */
  async createConversation(conversationId: string, userId: string, resumeSecretHash?: string): Promise<void> {
    await this.database.query(
      "INSERT INTO directline_conversations (conversation_id, user_id, resume_secret_hash) VALUES ($1, $2, $3) ON CONFLICT (conversation_id) DO NOTHING",
      [conversationId, userId, resumeSecretHash ?? null],
    );
  }

  async findConversation(conversationId: string): Promise<{ userId: string; started: boolean; resumeSecretHash?: string | undefined } | undefined> {
    const result = await this.database.query<{ user_id: string; started_at: string | null; resume_secret_hash: string | null }>(
      "SELECT user_id, started_at, resume_secret_hash FROM directline_conversations WHERE conversation_id = $1",
      [conversationId],
    );
    const row = result.rows[0];
    return row ? { userId: row.user_id, started: row.started_at !== null, resumeSecretHash: row.resume_secret_hash ?? undefined } : undefined;
  }

  /** Marks the conversation started; true only for the first call. */
  async markStarted(conversationId: string): Promise<boolean> {
    const result = await this.database.query(
      "UPDATE directline_conversations SET started_at = now() WHERE conversation_id = $1 AND started_at IS NULL",
      [conversationId],
    );
    return result.affectedRows > 0;
  }

  /**
   * Appends one activity in one statement; the sequence gives its id ("conversationId|0000000042")
   * and the watermark.
   */
  async append(conversationId: string, role: "user" | "bot", activity: Record<string, unknown>): Promise<StoredActivity> {
    const body: Record<string, unknown> = {
      ...(role === "user" ? redactActivity(activity) : activity),
      timestamp: typeof activity.timestamp === "string" ? activity.timestamp : new Date().toISOString(),
    };
    delete body.id;
    const result = await this.database.query<{ activity_id: string }>(
      `WITH next AS (SELECT nextval('directline_activities_seq_seq') AS seq)
       INSERT INTO directline_activities (seq, conversation_id, activity_id, from_role, activity)
       SELECT seq, $1, $1 || '|' || lpad(seq::text, 10, '0'), $2,
              $3::jsonb || jsonb_build_object('id', $1 || '|' || lpad(seq::text, 10, '0'))
       FROM next
       RETURNING activity_id`,
      [conversationId, role, JSON.stringify(body)],
    );
    return { ...body, id: result.rows[0]!.activity_id } as StoredActivity;
  }

  async replace(conversationId: string, activityId: string, activity: Record<string, unknown>): Promise<boolean> {
    const result = await this.database.query(
      "UPDATE directline_activities SET activity = $3::jsonb WHERE conversation_id = $1 AND activity_id = $2",
      [conversationId, activityId, JSON.stringify({ ...activity, id: activityId })],
    );
    return result.affectedRows > 0;
  }

  async remove(conversationId: string, activityId: string): Promise<void> {
    await this.database.query("DELETE FROM directline_activities WHERE conversation_id = $1 AND activity_id = $2", [conversationId, activityId]);
  }

  /** Activities after `watermark` (exclusive), oldest first. */
  async list(conversationId: string, watermark: number | undefined, limit = 200): Promise<ActivityPage> {
    const result = await this.database.query<{ seq: number; activity: StoredActivity }>(
      "SELECT seq, activity FROM directline_activities WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
      [conversationId, watermark ?? 0, limit],
    );
    const last = result.rows.at(-1)?.seq;
    return {
      activities: result.rows.map((row) => (typeof row.activity === "string" ? JSON.parse(row.activity) : row.activity) as StoredActivity),
      watermark: String(last ?? watermark ?? 0),
    };
  }
}

/** Redacts personal data in the text and values; drops NULs, which PostgreSQL jsonb cannot store. */
function redactActivity(activity: Record<string, unknown>): Record<string, unknown> {
  const copy = mapStrings(activity, 0, (text) => text.replace(/\u0000/g, "")) as Record<string, unknown>;
  const redact = (text: string) => redactPersonalData(text).text;
  if (typeof copy.text === "string") copy.text = redact(copy.text);
  if (copy.value !== undefined) copy.value = mapStrings(copy.value, 0, redact);
  if (copy.attachments !== undefined) copy.attachments = mapStrings(copy.attachments, 0, redact);
  return copy;
}

function mapStrings(value: unknown, depth: number, map: (text: string) => string): unknown {
  if (typeof value === "string") return map(value);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((entry) => mapStrings(entry, depth + 1, map));
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, mapStrings(entry, depth + 1, map)]));
}
