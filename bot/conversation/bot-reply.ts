import type { ItemKind, Language } from "../../knowledge/index.js";

/** The value every reply carries in `channelData.lahituki.outcome`. */
export type Outcome = "answer" | "no-answer" | "handoff" | "clarify" | "help" | "crisis";
export type TopicKind = ItemKind;

/** A source cited by an answer; `position` is the [n] used in the text and on the card. */
export interface Citation {
  readonly position: number;
  /** The item's own id. */
  readonly id: string;
  readonly name: string;
  readonly url?: string | undefined;
  readonly abstract: string;
}

/** A button under the reply (Bot Framework suggested action). */
export interface SuggestedAction {
  readonly title: string;
  /**
   * Text posted as the person's message (imBack) when `value` is absent; with `value` the button
   * sends a messageBack whose `text` is shown in the transcript.
   */
  readonly text: string;
  readonly value?: Readonly<Record<string, unknown>> | undefined;
}

/** An Adaptive Card attachment (already expanded JSON). */
export interface CardAttachment {
  readonly contentType: "application/vnd.microsoft.card.adaptive";
  readonly content: Record<string, unknown>;
}

/**
 * One message from the bot, channel-neutral. Channels (Direct Line, Teams) convert it into a Bot
 * Framework activity with `toActivity` (bot/conversation/reply-activity.ts).
 */
export interface BotReply {
  readonly kind: "message";
  /** Stable id for feedback on this reply (not the channel's activity id). */
  readonly replyId: string;
  readonly text: string;
  readonly language: Language;
  readonly outcome: Outcome;
  /** Item ids in order of use. */
  readonly sources: readonly string[];
  readonly citations: readonly Citation[];
  readonly cards: readonly CardAttachment[];
  readonly suggestedActions: readonly SuggestedAction[];
  /** Whether thumbs up/down are offered (answers and no-answers). */
  readonly feedback: boolean;
  /** Generated (true) or a fixed template; both are labelled AI-generated, see reply-activity.ts. */
  readonly generated: boolean;
}
