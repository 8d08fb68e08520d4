import type { Database, SqlClient } from "../../platform/index.js";
import type {
  AdvisorIdentity,
  Handoff,
  HandoffContact,
  HandoffMode,
  HandoffPatch,
  HandoffState,
  PersonLanguage,
  TranscriptLine,
} from "./handoff.js";
import type { ChannelRegistration } from "./routing.js";

/** Where the person is, enough for a proactive message (mirrors the conversation core's address). */
export interface PersonAddress {
  readonly channelId: string;
  readonly conversationId: string;
  readonly userId?: string | undefined;
  readonly serviceUrl?: string | undefined;
  readonly channelData?: Readonly<Record<string, unknown>> | undefined;
}

/** A Teams conversation the bot can post to (a channel or a 1:1 chat). */
export interface TeamsConversationRef {
  readonly conversationId: string;
  readonly serviceUrl: string;
  readonly tenantId?: string | undefined;
  readonly botId?: string | undefined;
}

/** A message for the person, turned into a channel reply at delivery. */
export interface PersonMessage {
  readonly text: string;
  /** Offer thumbs up/down (the short feedback question after a handoff ends). */
  readonly feedback?: boolean | undefined;
  /** Name shown before an advisor's words. */
  readonly advisorName?: string | undefined;
}

export type OutboxPayload =
  | { readonly kind: "person"; readonly address: PersonAddress; readonly message: PersonMessage }
  | { readonly kind: "advisor-chat"; readonly text?: string | undefined; readonly card?: Record<string, unknown> | undefined }
  | { readonly kind: "channel-card"; readonly channelId: string; readonly cardKind: "primary" | "escalation" }
  | { readonly kind: "card-update" };

export interface OutboxRow {
  readonly id: number;
  readonly handoffId: string;
  readonly conversationId: string;
  readonly targetKey: string;
  readonly payload: OutboxPayload;
  readonly attempts: number;
}

export interface AdvisorChannel extends ChannelRegistration, TeamsConversationRef {
  readonly teamId: string | undefined;
  readonly teamName: string | undefined;
  readonly channelName: string | undefined;
}

export interface AdvisorChat extends TeamsConversationRef {
  readonly advisorId: string;
  readonly teamsUserId: string | undefined;
  readonly name: string | undefined;
}

export interface HandoffCardRow {
  readonly channelId: string;
  readonly serviceUrl: string;
  readonly activityId: string;
  readonly kind: "primary" | "escalation";
}

export interface RelayedMessage {
  readonly direction: "to_advisor" | "to_person";
  readonly senderName: string | undefined;
  readonly text: string;
  readonly at: string;
}

export interface NewHandoff extends Omit<Handoff, "claimedAt" | "claimedBy" | "closedAt" | "closedBy" | "closedByName" | "escalatedAt" | "callbackDone" | "state"> {
  readonly address: PersonAddress;
  readonly state: "waiting";
}

interface HandoffRecord {
  id: string;
  conversation_id: string;
  channel: string;
  address: PersonAddress;
  language: string;
  municipality: string | null;
  area_id: string | null;
  topic: string;
  summary: string;
  bot_answers: string[];
  consent_transcript: boolean;
  transcript: TranscriptLine[];
  contact: HandoffContact | null;
  trigger: string;
  mode: string;
  state: string;
  claimed_at: Date | string | null;
  claimed_by: AdvisorIdentity | null;
  closed_at: Date | string | null;
  closed_by: string | null;
  closed_by_name: string | null;
  escalated_at: Date | string | null;
  callback_done: boolean;
  advisor_chat: TeamsConversationRef | null;
  created_at: Date | string;
}

function isoOrUndefined(value: Date | string | null): string | undefined {
  if (value === null) return undefined;
  return new Date(value).toISOString();
}

export interface StoredHandoff extends Handoff {
  readonly address: PersonAddress;
  readonly advisorChat: TeamsConversationRef | undefined;
}

function toHandoff(row: HandoffRecord): StoredHandoff {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    channel: row.channel,
    address: row.address,
    language: row.language as PersonLanguage,
    municipality: row.municipality ?? undefined,
    areaId: row.area_id ?? undefined,
    topic: row.topic,
    summary: row.summary,
    botAnswers: row.bot_answers,
    consentToTranscript: row.consent_transcript,
    transcript: row.transcript,
    contact: row.contact ?? undefined,
    trigger: row.trigger,
    mode: row.mode as HandoffMode,
    state: row.state as HandoffState,
    createdAt: new Date(row.created_at).toISOString(),
    claimedAt: isoOrUndefined(row.claimed_at),
    claimedBy: row.claimed_by ?? undefined,
    closedAt: isoOrUndefined(row.closed_at),
    closedBy: (row.closed_by ?? undefined) as Handoff["closedBy"],
    closedByName: row.closed_by_name ?? undefined,
    escalatedAt: isoOrUndefined(row.escalated_at),
    callbackDone: row.callback_done,
    advisorChat: row.advisor_chat ?? undefined,
  };
}

const json = (value: unknown) => JSON.stringify(value ?? null);

/** Destination key: deliveries with the same key go out one at a time, oldest first. */
function outboxTargetKey(handoffId: string, payload: OutboxPayload): string {
  switch (payload.kind) {
    case "person":
      return `person:${payload.address.conversationId}`;
    case "advisor-chat":
      return `advisor:${handoffId}`;
    case "channel-card":
    case "card-update":
      return `cards:${handoffId}`;
  }
}

/**
 * PostgreSQL repository for handoffs, their cards, relayed messages, the delivery outbox and the
 * advisor channel registry. One implementation for PGlite and node-postgres.
 */
export function createHandoffRepository(database: Database) {
  const selectHandoff = "SELECT * FROM handoffs";

  async function enqueue(client: SqlClient, handoffId: string, conversationId: string, payloads: readonly OutboxPayload[]) {
    for (const payload of payloads) {
      await client.query(
        "INSERT INTO handoff_outbox (handoff_id, conversation_id, target_key, payload) VALUES ($1, $2, $3, $4::jsonb)",
        [handoffId, conversationId, outboxTargetKey(handoffId, payload), json(payload)],
      );
    }
  }

  return {
    database,
    enqueue,

    /** Inserts a new handoff and its first deliveries; returns the already open one on conflict. */
    async insertHandoff(
      handoff: NewHandoff,
      outbox: readonly OutboxPayload[],
    ): Promise<{ created: true; handoff: StoredHandoff } | { created: false; handoff: StoredHandoff }> {
      try {
        return await database.transaction(async (client) => {
          await client.query(
            `INSERT INTO handoffs (id, conversation_id, channel, address, language, municipality, area_id, topic, summary,
               bot_answers, consent_transcript, transcript, contact, trigger, mode, state, created_at, updated_at)
             VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10::jsonb, $11, $12::jsonb, $13::jsonb, $14, $15, $16, $17, $17)`,
            [
              handoff.id, handoff.conversationId, handoff.channel, json(handoff.address), handoff.language,
              handoff.municipality ?? null, handoff.areaId ?? null, handoff.topic, handoff.summary, json(handoff.botAnswers),
              handoff.consentToTranscript, json(handoff.transcript), handoff.contact ? json(handoff.contact) : null,
              handoff.trigger, handoff.mode, handoff.state, handoff.createdAt,
            ],
          );
          await enqueue(client, handoff.id, handoff.conversationId, outbox);
          const stored = await client.query<HandoffRecord>(`${selectHandoff} WHERE id = $1`, [handoff.id]);
          return { created: true as const, handoff: toHandoff(stored.rows[0]!) };
        });
      } catch (error) {
        const existing = await this.findOpenByConversation(handoff.conversationId);
        if (existing) return { created: false, handoff: existing };
        throw error;
      }
    },

    async getHandoff(id: string): Promise<StoredHandoff | undefined> {
      const result = await database.query<HandoffRecord>(`${selectHandoff} WHERE id = $1`, [id]);
      return result.rows[0] ? toHandoff(result.rows[0]) : undefined;
    },

    async findOpenByConversation(conversationId: string): Promise<StoredHandoff | undefined> {
      const result = await database.query<HandoffRecord>(
        `${selectHandoff} WHERE conversation_id = $1 AND state IN ('waiting', 'claimed') ORDER BY created_at DESC LIMIT 1`,
        [conversationId],
      );
      return result.rows[0] ? toHandoff(result.rows[0]) : undefined;
    },

    /** The most recently claimed open handoff relayed through an advisor's 1:1 chat. */
    async findClaimedByAdvisorChat(chatId: string): Promise<StoredHandoff | undefined> {
      const result = await database.query<HandoffRecord>(
        `${selectHandoff} WHERE advisor_chat_id = $1 AND state = 'claimed' ORDER BY claimed_at DESC LIMIT 1`,
        [chatId],
      );
      return result.rows[0] ? toHandoff(result.rows[0]) : undefined;
    },

    /**
     * Applies a state-machine decision only if the handoff is still in the state it was decided
     * from (the atomic claim), and enqueues the resulting deliveries in the same transaction.
     */
    async applyPatch(
      id: string,
      from: HandoffState,
      patch: HandoffPatch,
      outbox: (handoff: StoredHandoff) => readonly OutboxPayload[],
      now: string,
    ): Promise<StoredHandoff | undefined> {
      return database.transaction(async (client) => {
        const assignments: string[] = [];
        const params: unknown[] = [id, from, now];
        const set = (column: string, value: unknown, cast = "") => {
          params.push(value);
          assignments.push(`${column} = $${params.length}${cast}`);
        };
        if (patch.state !== undefined) set("state", patch.state);
        if (patch.claimedAt !== undefined) set("claimed_at", patch.claimedAt);
        if (patch.claimedBy !== undefined) set("claimed_by", json(patch.claimedBy), "::jsonb");
        if (patch.closedAt !== undefined) set("closed_at", patch.closedAt);
        if (patch.closedBy !== undefined) set("closed_by", patch.closedBy);
        if (patch.closedByName !== undefined) set("closed_by_name", patch.closedByName);
        if (patch.escalatedAt !== undefined) set("escalated_at", patch.escalatedAt);
        if (patch.callbackDone !== undefined) set("callback_done", patch.callbackDone);
        const escalationGuard = patch.escalatedAt !== undefined ? " AND escalated_at IS NULL" : "";
        const result = await client.query<HandoffRecord>(
          `UPDATE handoffs SET ${[...assignments, "updated_at = $3"].join(", ")}
           WHERE id = $1 AND state = $2${escalationGuard} RETURNING *`,
          params,
        );
        const row = result.rows[0];
        if (!row) return undefined;
        const handoff = toHandoff(row);
        await enqueue(client, handoff.id, handoff.conversationId, outbox(handoff));
        return handoff;
      });
    },

    async setAdvisorChat(handoffId: string, chat: TeamsConversationRef): Promise<void> {
      await database.query("UPDATE handoffs SET advisor_chat = $2::jsonb, advisor_chat_id = $3 WHERE id = $1", [
        handoffId,
        json(chat),
        chat.conversationId,
      ]);
    },

    async listHandoffs(filter: { areaIds: readonly string[] | "all"; limit: number }): Promise<StoredHandoff[]> {
      const params: unknown[] = [filter.limit];
      let where = "";
      if (filter.areaIds !== "all") {
        params.push(json(filter.areaIds));
        where = "WHERE area_id IN (SELECT jsonb_array_elements_text($2::jsonb))";
      }
      const result = await database.query<HandoffRecord>(
        `${selectHandoff} ${where}
         ORDER BY CASE state WHEN 'waiting' THEN 0 WHEN 'claimed' THEN 1 ELSE 2 END, created_at DESC LIMIT $1`,
        params,
      );
      return result.rows.map(toHandoff);
    },

    /** Waiting, live, not yet escalated handoffs created before `cutoff`. */
    async dueForEscalation(cutoff: string): Promise<StoredHandoff[]> {
      const result = await database.query<HandoffRecord>(
        `${selectHandoff} WHERE state = 'waiting' AND mode = 'live' AND escalated_at IS NULL AND created_at <= $1 ORDER BY created_at LIMIT 50`,
        [cutoff],
      );
      return result.rows.map(toHandoff);
    },

    /**
     * Open live handoffs nobody answered in time: waiting since before `waitingBefore`, or claimed
     * with no relayed message (nor the claim itself) after `idleBefore`.
     */
    async staleOpen(input: { waitingBefore: string; idleBefore: string }): Promise<StoredHandoff[]> {
      const result = await database.query<HandoffRecord>(
        `${selectHandoff} h WHERE h.mode = 'live' AND (
           (h.state = 'waiting' AND h.created_at <= $1)
           OR (h.state = 'claimed' AND GREATEST(h.claimed_at,
                 COALESCE((SELECT max(m.created_at) FROM handoff_messages m WHERE m.handoff_id = h.id), h.claimed_at)) <= $2))
         ORDER BY h.created_at LIMIT 50`,
        [input.waitingBefore, input.idleBefore],
      );
      return result.rows.map(toHandoff);
    },

    async addMessage(
      handoff: Pick<Handoff, "id" | "conversationId">,
      message: { direction: "to_advisor" | "to_person"; senderName?: string | undefined; text: string },
      outbox: readonly OutboxPayload[],
    ): Promise<void> {
      await database.transaction(async (client) => {
        await client.query(
          "INSERT INTO handoff_messages (handoff_id, conversation_id, direction, sender_name, text) VALUES ($1, $2, $3, $4, $5)",
          [handoff.id, handoff.conversationId, message.direction, message.senderName ?? null, message.text],
        );
        await enqueue(client, handoff.id, handoff.conversationId, outbox);
      });
    },

    async listMessages(handoffId: string): Promise<RelayedMessage[]> {
      const result = await database.query<{ direction: "to_advisor" | "to_person"; sender_name: string | null; text: string; created_at: Date | string }>(
        "SELECT direction, sender_name, text, created_at FROM handoff_messages WHERE handoff_id = $1 ORDER BY id",
        [handoffId],
      );
      return result.rows.map((row) => ({
        direction: row.direction,
        senderName: row.sender_name ?? undefined,
        text: row.text,
        at: new Date(row.created_at).toISOString(),
      }));
    },

    async enqueueOnly(handoff: Pick<Handoff, "id" | "conversationId">, outbox: readonly OutboxPayload[]): Promise<void> {
      await database.transaction((client) => enqueue(client, handoff.id, handoff.conversationId, outbox));
    },

    /**
     * Claims up to `limit` deliveries: per destination only the oldest undelivered row, and only
     * when no other worker holds a live lease on it. The conditional UPDATE is atomic: under
     * concurrent claims PostgreSQL re-checks `claimed_until` on the locked row, so one worker wins.
     */
    async claimOutbox(worker: string, limit: number, leaseMs: number, now: string): Promise<OutboxRow[]> {
      const result = await database.query<{
        id: number; handoff_id: string; conversation_id: string; target_key: string; payload: OutboxPayload; attempts: number;
      }>(
        `UPDATE handoff_outbox AS o
            SET claimed_by = $1, claimed_until = $3::timestamptz + ($4::integer * interval '1 millisecond'), attempts = o.attempts + 1
          WHERE o.id IN (
                  SELECT id FROM (
                    SELECT DISTINCT ON (target_key) id, next_attempt_at, claimed_until FROM handoff_outbox
                     WHERE delivered_at IS NULL AND failed_at IS NULL
                     ORDER BY target_key, id) AS heads
                   WHERE heads.next_attempt_at <= $3::timestamptz
                     AND (heads.claimed_until IS NULL OR heads.claimed_until < $3::timestamptz)
                   ORDER BY id LIMIT $2)
            AND (o.claimed_until IS NULL OR o.claimed_until < $3::timestamptz)
            AND o.delivered_at IS NULL
          RETURNING o.id, o.handoff_id, o.conversation_id, o.target_key, o.payload, o.attempts`,
        [worker, limit, now, leaseMs],
      );
      return result.rows
        .sort((left, right) => Number(left.id) - Number(right.id))
        .map((row) => ({
          id: Number(row.id),
          handoffId: row.handoff_id,
          conversationId: row.conversation_id,
          targetKey: row.target_key,
          payload: row.payload,
          attempts: row.attempts,
        }));
    },

    async markDelivered(id: number, worker: string): Promise<boolean> {
      const result = await database.query(
        "UPDATE handoff_outbox SET delivered_at = now(), claimed_until = NULL, last_error = NULL WHERE id = $1 AND claimed_by = $2 AND delivered_at IS NULL",
        [id, worker],
      );
      return result.affectedRows === 1;
    },

    /** Releases a failed delivery for a later retry, or gives up on it (`retryAt` undefined). */
    async markFailed(id: number, worker: string, error: string, retryAt: string | undefined): Promise<void> {
      if (retryAt) {
        await database.query(
          "UPDATE handoff_outbox SET claimed_until = NULL, next_attempt_at = $3, last_error = $4 WHERE id = $1 AND claimed_by = $2",
          [id, worker, retryAt, error.slice(0, 500)],
        );
      } else {
        await database.query(
          "UPDATE handoff_outbox SET claimed_until = NULL, failed_at = now(), last_error = $3 WHERE id = $1 AND claimed_by = $2",
          [id, worker, error.slice(0, 500)],
        );
      }
    },

    async pendingOutboxCount(): Promise<number> {
      const result = await database.query<{ count: number }>(
        "SELECT count(*)::bigint AS count FROM handoff_outbox WHERE delivered_at IS NULL AND failed_at IS NULL",
      );
      return Number(result.rows[0]?.count ?? 0);
    },

    async addCard(handoff: Pick<Handoff, "id" | "conversationId">, card: HandoffCardRow): Promise<void> {
      await database.query(
        "INSERT INTO handoff_cards (handoff_id, conversation_id, channel_id, service_url, activity_id, kind) VALUES ($1, $2, $3, $4, $5, $6)",
        [handoff.id, handoff.conversationId, card.channelId, card.serviceUrl, card.activityId, card.kind],
      );
    },

    async listCards(handoffId: string): Promise<HandoffCardRow[]> {
      const result = await database.query<{ channel_id: string; service_url: string; activity_id: string; kind: "primary" | "escalation" }>(
        "SELECT channel_id, service_url, activity_id, kind FROM handoff_cards WHERE handoff_id = $1 ORDER BY id",
        [handoffId],
      );
      return result.rows.map((row) => ({ channelId: row.channel_id, serviceUrl: row.service_url, activityId: row.activity_id, kind: row.kind }));
    },

    /** Records (or refreshes) a Teams channel the bot is in; keeps any registration. */
    async upsertChannel(channel: Omit<AdvisorChannel, "municipalities" | "all" | "registeredAt">): Promise<void> {
      await database.query(
        `INSERT INTO advisor_channels (channel_id, team_id, team_name, channel_name, tenant_id, service_url, bot_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (channel_id) DO UPDATE SET team_id = COALESCE(EXCLUDED.team_id, advisor_channels.team_id),
           team_name = COALESCE(EXCLUDED.team_name, advisor_channels.team_name),
           channel_name = COALESCE(EXCLUDED.channel_name, advisor_channels.channel_name),
           tenant_id = COALESCE(EXCLUDED.tenant_id, advisor_channels.tenant_id),
           service_url = EXCLUDED.service_url, bot_id = COALESCE(EXCLUDED.bot_id, advisor_channels.bot_id), updated_at = now()`,
        [
          channel.channelId, channel.teamId ?? null, channel.teamName ?? null, channel.channelName ?? null,
          channel.tenantId ?? null, channel.serviceUrl, channel.botId ?? null,
        ],
      );
    },

    async registerChannel(channelId: string, registration: { municipalities: readonly string[]; all: boolean; by: string | undefined; at: string }): Promise<void> {
      await database.query(
        `UPDATE advisor_channels SET municipalities = $2::jsonb, all_municipalities = $3, registered_by = $4, registered_at = $5, updated_at = now()
         WHERE channel_id = $1`,
        [channelId, json(registration.municipalities), registration.all, registration.by ?? null, registration.at],
      );
    },

    /** The bot left the team: the channel no longer receives handoffs. */
    async unregisterChannel(channelId: string): Promise<void> {
      await database.query(
        "UPDATE advisor_channels SET municipalities = '[]'::jsonb, all_municipalities = false, registered_at = NULL, updated_at = now() WHERE channel_id = $1 OR team_id = $1",
        [channelId],
      );
    },

    async listChannels(): Promise<AdvisorChannel[]> {
      const result = await database.query<{
        channel_id: string; team_id: string | null; team_name: string | null; channel_name: string | null; tenant_id: string | null;
        service_url: string; bot_id: string | null; municipalities: string[]; all_municipalities: boolean; registered_at: Date | string | null;
      }>("SELECT * FROM advisor_channels ORDER BY created_at");
      return result.rows.map((row) => ({
        channelId: row.channel_id,
        conversationId: row.channel_id,
        teamId: row.team_id ?? undefined,
        teamName: row.team_name ?? undefined,
        channelName: row.channel_name ?? undefined,
        tenantId: row.tenant_id ?? undefined,
        serviceUrl: row.service_url,
        botId: row.bot_id ?? undefined,
        municipalities: row.municipalities,
        all: row.all_municipalities,
        registeredAt: row.registered_at ? new Date(row.registered_at).toISOString() : "",
      }));
    },

    async getAdvisorChat(advisorId: string): Promise<AdvisorChat | undefined> {
      const result = await database.query<{
        advisor_id: string; teams_user_id: string | null; name: string | null; tenant_id: string | null; service_url: string; chat_id: string; bot_id: string | null;
      }>("SELECT * FROM advisor_chats WHERE advisor_id = $1", [advisorId]);
      const row = result.rows[0];
      if (!row) return undefined;
      return {
        advisorId: row.advisor_id,
        teamsUserId: row.teams_user_id ?? undefined,
        name: row.name ?? undefined,
        tenantId: row.tenant_id ?? undefined,
        serviceUrl: row.service_url,
        conversationId: row.chat_id,
        botId: row.bot_id ?? undefined,
      };
    },

    async saveAdvisorChat(chat: AdvisorChat): Promise<void> {
      await database.query(
        `INSERT INTO advisor_chats (advisor_id, teams_user_id, name, tenant_id, service_url, chat_id, bot_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (advisor_id) DO UPDATE SET teams_user_id = COALESCE(EXCLUDED.teams_user_id, advisor_chats.teams_user_id),
           name = COALESCE(EXCLUDED.name, advisor_chats.name), tenant_id = COALESCE(EXCLUDED.tenant_id, advisor_chats.tenant_id),
           service_url = EXCLUDED.service_url, chat_id = EXCLUDED.chat_id, bot_id = COALESCE(EXCLUDED.bot_id, advisor_chats.bot_id), updated_at = now()`,
        [chat.advisorId, chat.teamsUserId ?? null, chat.name ?? null, chat.tenantId ?? null, chat.serviceUrl, chat.conversationId, chat.botId ?? null],
      );
    },
  };
}

export type HandoffRepository = ReturnType<typeof createHandoffRepository>;
