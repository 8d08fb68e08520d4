import type { ItemKind, Language } from "../../knowledge/index.js";
import type { Outcome } from "./bot-reply.js";
import type { HandoffTrigger } from "./ports.js";
import type { EmploymentType } from "./understand-turn.js";

/** A search the person made, kept so follow-ups ("entä Vetelissä?", "näytä lisää") can refine it. */
export interface SearchPlan {
  readonly query: string;
  readonly kind?: ItemKind | undefined;
  /** A kind the words only hint at: a soft preference in the search. */
  readonly preferKind?: ItemKind | undefined;
  /** Statistics Finland code: a hard filter the person asked for. */
  readonly municipality?: string | undefined;
  readonly employmentType?: EmploymentType | undefined;
  readonly offset: number;
  /** How many results the last answer showed (for "show more"). */
  readonly shown: number;
  readonly followUp?: "refine" | "more" | undefined;
}

/** A reply the person may rate; kept for the feedback table. */
export interface RememberedReply {
  readonly replyId: string;
  /** The channel's id of the message that carried this reply, once sent. */
  readonly activityId?: string | undefined;
  readonly outcome: Outcome;
  readonly question: string;
}

/**
 * Everything the bot remembers about one conversation, stored as JSON in PostgreSQL through the
 * botbuilder Storage. Texts here are redacted. Kept small: a few recent turns only.
 */
export interface ConversationMemory {
  readonly language?: Language | undefined;
  /** The page's municipality (embed attribute) or the person's home municipality: a soft preference. */
  readonly preferMunicipality?: string | undefined;
  readonly lastSearch?: SearchPlan | undefined;
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
