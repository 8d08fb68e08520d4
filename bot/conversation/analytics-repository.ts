import type { SqlClient } from "../../platform/index.js";
import { redactText } from "../../platform/index.js";
import type { TurnOutcomeEvent } from "./ports.js";

export interface FeedbackRow {
  readonly conversationId: string;
  readonly activityId?: string | undefined;
  readonly rating: 1 | -1;
  readonly outcome?: string | undefined;
  readonly questionRedacted?: string | undefined;
  readonly municipality?: string | undefined;
  readonly language?: string | undefined;
}

/**
 * Writes `turn_outcomes` and `feedback` (migration 0020) for the insights dashboard. Texts are
 * redacted again here so nothing unredacted can reach these tables whatever the caller did.
 */
export class AnalyticsRepository {
  constructor(private readonly database: SqlClient) {}

  async recordTurnOutcome(event: Omit<TurnOutcomeEvent, "address">): Promise<void> {
    await this.database.query(
      `INSERT INTO turn_outcomes (conversation_id, channel, language, municipality, outcome, question_redacted, topic_kind, sources, reason, audience)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`,
      [
        event.conversationId,
        event.channel,
        event.language,
        event.municipality ?? null,
        event.outcome,
        redactText(event.questionRedacted).slice(0, 2000),
        event.topicKind ?? null,
        JSON.stringify(event.sources),
        event.reason ?? null,
        event.audience ?? null,
      ],
    );
  }

  async recordFeedback(row: FeedbackRow): Promise<void> {
    await this.database.query(
      `INSERT INTO feedback (conversation_id, activity_id, rating, outcome, question_redacted, municipality, language)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        row.conversationId,
        row.activityId ?? null,
        row.rating,
        row.outcome ?? null,
        row.questionRedacted ? redactText(row.questionRedacted).slice(0, 2000) : null,
        row.municipality ?? null,
        row.language ?? null,
      ],
    );
  }
}
