import type { FeedbackRow, HandoffRow, InsightQuery, InsightSource, OutcomeRow } from "../admin/index.js";
import { redactText, type Database } from "../platform/index.js";

/** At most this many rows of each kind in one report; a year of a busy area stays well below. */
const ROW_LIMIT = 200_000;

/**
 * The admin insights' rows, read by the capability that owns the tables (turn_outcomes and
 * feedback of the conversation, handoffs of the handoff flow; migrations 0020 and 0030). A renamed
 * column is a query error here, not an empty report.
 */
export function createSqlInsightSource(database: Database): InsightSource {
  return {
    async load(query: InsightQuery) {
      const scoped = (params: unknown[]) => {
        if (!query.municipalities) return "";
        params.push([...query.municipalities]);
        return query.includeUnknownMunicipality
          ? ` AND (municipality = ANY($${params.length}::text[]) OR municipality IS NULL)`
          : ` AND municipality = ANY($${params.length}::text[])`;
      };
      const outcomeParams: unknown[] = [query.from, query.to];
      const outcomeRows = await database.query<{
        created_at: Date;
        municipality: string | null;
        outcome: string;
        question: string | null;
        topic_kind: string | null;
        reason: string | null;
      }>(
        `SELECT created_at, municipality, outcome, question_redacted AS question, topic_kind, reason
         FROM turn_outcomes WHERE created_at >= $1 AND created_at < $2${scoped(outcomeParams)} ORDER BY created_at LIMIT ${ROW_LIMIT}`,
        outcomeParams,
      );
      const feedbackParams: unknown[] = [query.from, query.to];
      const feedbackRows = await database.query<{ created_at: Date; municipality: string | null; rating: number; question: string | null; outcome: string | null }>(
        `SELECT created_at, municipality, rating, question_redacted AS question, outcome
         FROM feedback WHERE created_at >= $1 AND created_at < $2 AND rating IS NOT NULL${scoped(feedbackParams)} ORDER BY created_at LIMIT ${ROW_LIMIT}`,
        feedbackParams,
      );
      const handoffParams: unknown[] = [query.from, query.to];
      const handoffRows = await database.query<{ created_at: Date; municipality: string | null; reason: string | null }>(
        `SELECT created_at, municipality, "trigger" AS reason FROM handoffs
         WHERE created_at >= $1 AND created_at < $2${scoped(handoffParams)} ORDER BY created_at LIMIT ${ROW_LIMIT}`,
        handoffParams,
      );
      const employerParams: unknown[] = [query.from, query.to];
      const employerRows = await database.query<{ created_at: Date; municipality: string | null }>(
        `SELECT min(created_at) AS created_at, municipality FROM turn_outcomes
         WHERE audience = 'employer' AND created_at >= $1 AND created_at < $2${scoped(employerParams)}
         GROUP BY conversation_id, municipality, date_trunc('month', created_at AT TIME ZONE 'Europe/Helsinki') LIMIT ${ROW_LIMIT}`,
        employerParams,
      );
      // Stored redacted already; redacting again costs little and guards against a writer that forgot.
      const outcomes: OutcomeRow[] = outcomeRows.rows.map((row) => ({
        createdAt: new Date(row.created_at),
        municipality: row.municipality ?? undefined,
        outcome: row.outcome,
        question: row.question ? redactText(row.question) : undefined,
        topicKind: row.topic_kind ?? undefined,
        reason: row.reason ?? undefined,
      }));
      const feedback: FeedbackRow[] = feedbackRows.rows.map((row) => ({
        createdAt: new Date(row.created_at),
        municipality: row.municipality ?? undefined,
        rating: Number(row.rating),
        question: row.question ? redactText(row.question) : undefined,
        outcome: row.outcome ?? undefined,
      }));
      const handoffs: HandoffRow[] = handoffRows.rows.map((row) => ({
        createdAt: new Date(row.created_at),
        municipality: row.municipality ?? undefined,
        reason: row.reason ?? "unknown",
      }));
      const employerConversations = employerRows.rows.map((row) => ({ createdAt: new Date(row.created_at), municipality: row.municipality ?? undefined }));
      return { outcomes, feedback, handoffs, employerConversations };
    },
  };
}
