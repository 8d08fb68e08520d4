/**
 * Seams between the conversation core and the capabilities built on top of it (Teams and
 * human handoff; alerts). The core only knows these interfaces; the composition root
 * (bot/main.ts) decides the implementations. All types are our own, never a botbuilder type, so
 * the channel SDK stays replaceable.
 */
import type { Language, SearchResult } from "../../knowledge/index.js";
import type { BotReply, Outcome, TopicKind } from "./bot-reply.js";
import type { SearchPlan } from "./memory.js";

/** Where a conversation lives, enough to send to it later (proactively). */
export interface ConversationAddress {
  /** "directline" for the web chat, "msteams" for Teams. */
  readonly channelId: string;
  readonly conversationId: string;
  /** The person's id on that channel (Direct Line: "dl_…"). */
  readonly userId?: string | undefined;
  /** Bot Framework serviceUrl for Teams; unused by Direct Line. */
  readonly serviceUrl?: string | undefined;
  /** Tenant id etc. for Teams; opaque to the core. */
  readonly channelData?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Sends bot messages into a conversation outside a turn (advisor messages relayed to the person,
 * alerts). Direct Line: appends to the stored conversation so the web user sees it on the stream
 * or the next poll. Teams: the handoff engineer's implementation uses continueConversation.
 */
export interface ProactiveChannel {
  /** Channel ids this implementation can deliver to, e.g. ["directline"]. */
  readonly channelIds: readonly string[];
  sendToConversation(address: ConversationAddress, replies: readonly BotReply[]): Promise<void>;
}

/** A handoff as the core needs to see it. */
export interface ActiveHandoff {
  readonly id: string;
  /** e.g. "waiting" | "claimed" | "callback"; states are the handoff capability's own. */
  readonly state: string;
}

/** What made the bot offer a person. */
export type HandoffTrigger = "explicit" | "button" | "no-answers" | "distress" | "crisis";

export interface HandoffRequest {
  readonly conversationId: string;
  readonly channel: string;
  readonly address: ConversationAddress;
  readonly language: Language;
  /** Statistics Finland code of the person's (or the page's) municipality, if known. */
  readonly municipality?: string | undefined;
  /** Extractive summary of what the person asked (redacted). */
  readonly summary: string;
  /** The conversation so far (redacted texts), only when the person consented to share it. */
  readonly transcript?: readonly TranscriptLine[] | undefined;
  /** Phone number or e-mail the person gave for a callback (validated, not redacted). */
  readonly contact?: { readonly kind: "phone" | "email"; readonly value: string } | undefined;
  readonly consentToTranscript: boolean;
  readonly trigger: HandoffTrigger;
  /** Topic of the last search, for the advisor card. */
  readonly topicKind?: TopicKind | undefined;
  /** "employer" when the person spoke as an employer: the advisor card says so (business services). */
  readonly audience?: "employer" | undefined;
  /** What the bot already answered (lead sentences), for the advisor card. */
  readonly botAnswers?: readonly string[] | undefined;
}

export interface TranscriptLine {
  readonly role: "user" | "bot";
  readonly text: string;
  readonly at: string;
}

export interface RelayFromPerson {
  readonly conversationId: string;
  readonly channel: string;
  readonly address: ConversationAddress;
  readonly handoffId: string;
  /** Redacted unless the handoff itself needs the contact; the port decides what it forwards. */
  readonly text: string;
  readonly language: Language;
  /** Card submission data, if the person pressed a button. */
  readonly value?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Human handoff. While `active` returns a handoff the bot does not answer on its own: the person's
 * messages go to `relayFromPerson` and its replies are sent back. The offer and consent flow is the
 * conversation core's; `request` is called only after consent.
 */
export interface HandoffPort {
  active(conversationId: string): Promise<ActiveHandoff | undefined>;
  /** Creates the handoff (or explains why none can be made) and returns replies for the person. */
  request(request: HandoffRequest): Promise<readonly BotReply[]>;
  /** A message from the person during a handoff (relay, cancel handling). */
  relayFromPerson(message: RelayFromPerson): Promise<readonly BotReply[]>;
}

/** What one turn ended with; `onTurnOutcome` hooks get it after the replies are sent. */
export interface TurnOutcomeEvent {
  readonly conversationId: string;
  readonly channel: string;
  readonly address: ConversationAddress;
  readonly language: Language;
  readonly municipality?: string | undefined;
  readonly outcome: Outcome;
  readonly questionRedacted: string;
  readonly topicKind?: TopicKind | undefined;
  readonly sources: readonly string[];
  /** Why this outcome (e.g. "no-relevant-results", "injection", "model-fallback"). */
  readonly reason?: string | undefined;
  /** "employer" once the person spoke as an employer in this conversation. */
  readonly audience?: "employer" | undefined;
  /** The search behind an answer, for a later "notify me". */
  readonly search?: { readonly query: string; readonly kind?: TopicKind | undefined; readonly municipality?: string | undefined } | undefined;
}

/**
 * Called after each turn's replies are sent (analytics, later alerts). A failing hook never breaks
 * the turn: the caller logs it. To change a reply (e.g. add "notify me"), use `ReplyDecorator`.
 */
export type TurnOutcomeHook = (event: TurnOutcomeEvent) => Promise<void>;

/**
 * Lets another capability add to a reply before it is sent (e.g. a "notify me" suggested action on
 * vacancy answers) without touching the core. Must be pure and fast.
 */
export type ReplyDecorator = (reply: BotReply, event: Omit<TurnOutcomeEvent, "address">) => BotReply;

/** What an interceptor sees of a turn before the core routes it. */
export interface InterceptedTurn {
  readonly conversationId: string;
  readonly channel: string;
  readonly address: ConversationAddress;
  /** Redacted text of the message. */
  readonly text: string;
  readonly value?: Readonly<Record<string, unknown>> | undefined;
  readonly language: Language;
  /** What the trained classifier took the message for ("alert-subscribe", "search", …). */
  readonly intent?: string | undefined;
  /** The conversation's last search (for "notify me about this"). */
  readonly lastSearch?:
    | { readonly query: string; readonly kind?: TopicKind | undefined; readonly municipality?: string | undefined; readonly employmentType?: string | undefined }
    | undefined;
  readonly now: Date;
  /** Opaque per-client key for limits (see TurnInput.clientKey). */
  readonly clientKey?: string | undefined;
  /** The conversation's municipality so far (home, page or last search). */
  readonly municipality?: string | undefined;
}

/**
 * Lets another capability answer a turn before the core does (e.g. alert commands "ilmoita kun
 * tulee uusia hitsaajan paikkoja", "lopeta ilmoitukset"). Returns replies to take the
 * turn, or undefined to let the core answer. Safety (crisis, injection) is checked first and
 * never reaches an interceptor.
 */
export type TurnInterceptor = (turn: InterceptedTurn) => Promise<readonly BotReply[] | undefined>;

/** A search reply about to be sent and the results behind it, for `SearchReplyEnricher`s. */
export interface SearchReplyContext {
  readonly conversationId: string;
  readonly reply: BotReply;
  readonly plan: SearchPlan;
  /** The results the reply shows (empty for a no-answer). */
  readonly results: readonly SearchResult[];
  /** The conversation's remembered municipality (page or person). */
  readonly preferMunicipality?: string | undefined;
  /** The person's home municipality, when told in this conversation. */
  readonly home?: string | undefined;
  /** Redacted question of the turn. */
  readonly question: string;
  /** ISO date in Europe/Helsinki. */
  readonly today: string;
}

/**
 * Lets another capability add to a search answer or no-answer before it is sent, with async access
 * to its own data (distances from home, "few near, more farther", shortage-occupation
 * marks, the "notify me" button). Returns the reply to send; throwing keeps the original.
 */
export type SearchReplyEnricher = (context: SearchReplyContext) => Promise<BotReply>;
