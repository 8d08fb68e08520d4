import type { Language, StoredItem } from "../../knowledge/index.js";
import type { AlertAddress } from "./subscription.js";

/**
 * A channel-neutral bot message; the same shape as `BotReply` in bot/conversation/bot-reply.ts, so
 * the conversation core's channels render alerts exactly like answers.
 */
export interface AlertReply {
  readonly kind: "message";
  readonly replyId: string;
  readonly text: string;
  readonly language: Language;
  /** Alerts are answers (they carry sources); managing them is like help; asking what about is clarify. */
  readonly outcome: "answer" | "help" | "clarify";
  readonly sources: readonly string[];
  readonly citations: readonly [];
  readonly cards: ReadonlyArray<{ readonly contentType: "application/vnd.microsoft.card.adaptive"; readonly content: Record<string, unknown> }>;
  readonly suggestedActions: ReadonlyArray<{ readonly title: string; readonly text: string; readonly value?: Readonly<Record<string, unknown>> | undefined }>;
  readonly feedback: boolean;
  readonly generated: boolean;
}

/**
 * Sends messages into an existing conversation without a user turn: a Teams proactive message
 * through the Bot Connector, or on the web a message appended to the Direct Line conversation that
 * the person sees on their next visit. Structurally the `ProactiveChannel` of
 * bot/conversation/ports.ts, so its implementations plug in unchanged.
 */
export interface AlertChannel {
  sendToConversation(address: AlertAddress, replies: readonly AlertReply[]): Promise<void>;
}

/** One e-mail; `text` is the full content, `html` the same content formatted. */
export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly language: string;
  /** One-click unsubscribe page (also sent as List-Unsubscribe, RFC 8058). */
  readonly unsubscribeUrl?: string | undefined;
}

/** Sends e-mail (SMTP in production: smtp-email-sender.ts). Throws `UpstreamError` on failure. */
export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
}

/** Reads stored items; the `KnowledgeStore` fits. */
export interface AlertItemReader {
  getItem(source: string, id: string): Promise<StoredItem | undefined>;
}
