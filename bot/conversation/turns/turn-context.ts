import type { Language, SearchResult, Searcher } from "../../../knowledge/index.js";
import type { Logger } from "../../../platform/index.js";
import type { UnderstandingModel } from "../../understanding/index.js";
import type { BotReply, Outcome, TopicKind } from "../bot-reply.js";
import type { ChatModel } from "../chat-model.js";
import { rememberLine, rememberReply, type ConversationMemory, type SearchPlan } from "../memory.js";
import type { ConversationAddress, HandoffPort, SearchReplyEnricher, TurnInterceptor, TurnOutcomeEvent } from "../ports.js";

/** Tunables of a turn; the composition root fills them from config. */
export interface TurnSettings {
  /** Every reply must be sent within this many milliseconds of the message (REPLY_BUDGET_MS). */
  readonly replyBudgetMs: number;
  /** Results below this search score are not shown (see docs/decisions/0010-hybrid-retrieval.md). */
  readonly minScore: number;
  /** Result cards per answer. */
  readonly pageSize: number;
}

export interface TurnDeps {
  readonly searcher: Searcher;
  readonly handoff: HandoffPort;
  readonly chatModel?: ChatModel | undefined;
  /** Trained intent, field, follow-up and language models (bot/understanding). */
  readonly understanding: UnderstandingModel;
  readonly logger: Logger;
  /** ISO date in Europe/Helsinki. */
  readonly today: () => string;
  readonly settings: TurnSettings;
  /** Capabilities that may take a turn before the core (alerts); see ports.ts. */
  readonly interceptors?: readonly TurnInterceptor[] | undefined;
  /** Capabilities that add to search replies (distances, shortage marks, notify me); see ports.ts. */
  readonly enrichers?: readonly SearchReplyEnricher[] | undefined;
}

export interface TurnInput {
  readonly conversationId: string;
  readonly channel: string;
  readonly address: ConversationAddress;
  readonly text: string | undefined;
  /** Card submission or messageBack value. */
  readonly value?: Readonly<Record<string, unknown>> | undefined;
  /** Attachments the person sent (content types only matter). */
  readonly attachmentCount: number;
  readonly memory: ConversationMemory;
  /** When the message arrived (ms since epoch), for the reply budget. */
  readonly receivedAt: number;
  /**
   * Opaque key of the client (a keyed hash of the web client's address, or of the Teams user), for
   * per-client limits; never an address itself.
   */
  readonly clientKey?: string | undefined;
}

/** Thumbs up/down given on an earlier reply. */
export interface FeedbackRecord {
  readonly replyId: string | undefined;
  /** The channel's activity id of the rated message, when known. */
  readonly activityId: string | undefined;
  readonly rating: 1 | -1;
  readonly outcome: Outcome | undefined;
  readonly questionRedacted: string | undefined;
}

export interface TurnResult {
  readonly replies: readonly BotReply[];
  readonly memory: ConversationMemory;
  /** The outcome to record, or undefined for turns that are not questions (feedback). */
  readonly outcome?: Omit<TurnOutcomeEvent, "address"> | undefined;
  readonly feedback?: FeedbackRecord | undefined;
}

/** What every kind of turn gets: the deps, the message, and its redacted text. */
export interface TurnContextData {
  readonly deps: TurnDeps;
  readonly input: TurnInput;
  readonly now: string;
  readonly questionRedacted: string;
  /** The cleaned, unredacted text: used only to read a callback contact during a handoff offer. */
  readonly rawText: string;
  readonly foundPersonalData: boolean;
}

export interface OutcomeExtra {
  readonly sources?: readonly string[] | undefined;
  readonly topicKind?: TopicKind | undefined;
  readonly search?: SearchPlan | undefined;
}

/** A one-reply turn: remembers the exchange and records the outcome. */
export function simple(
  context: TurnContextData,
  memory: ConversationMemory,
  reply: BotReply,
  outcome: Outcome,
  reason?: string,
  extra: OutcomeExtra = {},
): TurnResult {
  const { input, now, questionRedacted } = context;
  let next = rememberLine(memory, { role: "user", text: questionRedacted, at: now });
  next = rememberLine(next, { role: "bot", text: reply.text.split("\n")[0] ?? "", at: now });
  next = rememberReply(next, { replyId: reply.replyId, outcome: reply.outcome, question: questionRedacted });
  if (outcome === "no-answer") next = { ...next, noAnswerStreak: next.noAnswerStreak + 1 };
  else if (outcome === "answer") next = { ...next, noAnswerStreak: 0 };
  return {
    replies: [reply],
    memory: next,
    outcome: outcomeEvent(input, {
      language: reply.language,
      outcome,
      questionRedacted,
      reason,
      memory: next,
      sources: extra.sources,
      topicKind: extra.topicKind,
      search: extra.search,
    }),
  };
}

export function outcomeEvent(
  input: TurnInput,
  fields: {
    language: Language;
    outcome: Outcome;
    questionRedacted: string;
    reason?: string | undefined;
    memory: ConversationMemory;
    sources?: readonly string[] | undefined;
    topicKind?: TopicKind | undefined;
    search?: SearchPlan | undefined;
  },
): Omit<TurnOutcomeEvent, "address"> {
  return {
    conversationId: input.conversationId,
    channel: input.channel,
    language: fields.language,
    municipality: fields.search?.municipality ?? fields.memory.home ?? fields.memory.preferMunicipality,
    outcome: fields.outcome,
    questionRedacted: fields.questionRedacted,
    topicKind: fields.topicKind,
    sources: fields.sources ?? [],
    reason: fields.reason,
    audience: fields.memory.audience,
    search: fields.search ? { query: fields.search.query, kind: fields.search.kind, municipality: fields.search.municipality } : undefined,
  };
}

/** Results that a reply shows, for enrichers. */
export type ShownResults = readonly SearchResult[];
