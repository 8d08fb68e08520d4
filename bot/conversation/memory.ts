import type { ItemKind, Language } from "../../knowledge/index.js";
import type { SearchPlan } from "../understanding/index.js";
import type { Outcome } from "./bot-reply.js";
import type { ShownItem } from "./item-question.js";
import type { HandoffTrigger } from "./ports.js";

export type { SearchPlan };

/** A reply the person may rate; kept for the feedback table. */
export interface RememberedReply {
  readonly replyId: string;
  /** The channel's id of the message that carried this reply, once sent. */
  readonly activityId?: string | undefined;
  readonly outcome: Outcome;
  readonly question: string;
}

/**
 * The dialogue state of one conversation, stored as JSON in PostgreSQL through the botbuilder
 * Storage. Texts here are redacted. Kept small: a few recent turns and the last results only.
 */
export interface ConversationMemory {
  readonly language?: Language | undefined;
  /** The page's municipality (embed attribute): a soft preference. */
  readonly preferMunicipality?: string | undefined;
  /** The person's home municipality, once told: distances, the handoff card and routing use it. */
  readonly home?: string | undefined;
  /** The current topic: the last search (query, kind, place), which follow-ups refine. */
  readonly lastSearch?: SearchPlan | undefined;
  /** The results the last answer showed, which item questions and references resolve against. */
  readonly lastResults?: readonly ShownItem[] | undefined;
  /** The last municipality the conversation was about ("how far is that from Veteli?"). */
  readonly lastPlace?: string | undefined;
  readonly noAnswerStreak: number;
  readonly handoff?:
    | {
        readonly stage: "offered" | "awaiting-contact";
        readonly trigger: HandoffTrigger;
        readonly consentToTranscript: boolean;
      }
    | undefined;
  readonly recent: ReadonlyArray<{ readonly role: "user" | "bot"; readonly text: string; readonly at: string }>;
  readonly replies: readonly RememberedReply[];
  readonly greeted: boolean;
  readonly lastTopicKind?: ItemKind | undefined;
  /** Set once the person speaks as an employer: searches then prefer services for employers. */
  readonly audience?: "employer" | undefined;
}

export const EMPTY_MEMORY: ConversationMemory = Object.freeze({
  noAnswerStreak: 0,
  recent: [],
  replies: [],
  greeted: false,
});

const RECENT_LIMIT = 12;
const REPLIES_LIMIT = 20;

export function rememberLine(memory: ConversationMemory, line: { role: "user" | "bot"; text: string; at: string }): ConversationMemory {
  return { ...memory, recent: [...memory.recent, { ...line, text: line.text.slice(0, 500) }].slice(-RECENT_LIMIT) };
}

export function rememberReply(memory: ConversationMemory, reply: RememberedReply): ConversationMemory {
  return { ...memory, replies: [...memory.replies, { ...reply, question: reply.question.slice(0, 500) }].slice(-REPLIES_LIMIT) };
}

/** The municipality the person is in, as far as the conversation tells: home first, then the page's. */
export function personMunicipality(memory: ConversationMemory): string | undefined {
  return memory.home ?? memory.preferMunicipality ?? memory.lastSearch?.municipality;
}
