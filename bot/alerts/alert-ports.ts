import type { StoredItem } from "../../knowledge/item.js";
import type { AlertAddress } from "./subscription.js";

/** A Bot Framework activity as plain JSON: what the channels send. */
export interface OutgoingActivity {
  readonly type: "message";
  readonly text: string;
  readonly locale?: string;
  readonly textFormat?: "plain" | "markdown";
  readonly attachments?: ReadonlyArray<{ readonly contentType: string; readonly content: unknown }>;
  readonly attachmentLayout?: "list" | "carousel";
  readonly suggestedActions?: { readonly actions: ReadonlyArray<Record<string, unknown>> };
  readonly channelData?: Record<string, unknown>;
}

/**
 * Sends activities into an existing conversation without a user turn: a Teams proactive message
 * through the Bot Connector, or on the web an activity appended to the Direct Line conversation
 * that the person sees on their next visit. Same shape as `ProactiveChannel` in
 * bot/conversation/ports.ts so the channel implementations plug in unchanged.
 */
export interface AlertChannel {
  sendToConversation(address: AlertAddress, activities: readonly OutgoingActivity[]): Promise<void>;
}

/** One e-mail; `text` is the full content, `html` the same content formatted. */
export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly language: string;
}

/** Sends e-mail (SMTP in production: smtp-email-sender.ts). Throws `UpstreamError` on failure. */
export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
}

/** Reads stored items; the `KnowledgeStore` fits. */
export interface AlertItemReader {
  getItem(source: string, id: string): Promise<StoredItem | undefined>;
}
