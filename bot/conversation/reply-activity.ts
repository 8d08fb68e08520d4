import type { Activity, CardAction } from "botbuilder";
import type { Language } from "../../knowledge/index.js";
import type { BotReply } from "./bot-reply.js";

const LOCALES: Record<Language, string> = { fi: "fi-FI", sv: "sv-FI", en: "en-GB" };

/** Feedback actions carry the reply id in their `@id` so a thumb maps back to its answer. */
const FEEDBACK_ID_PREFIX = "urn:lahituki:feedback:";

/**
 * The schema.org `Message` entity that Teams and Web Chat render: the AI-generated label,
 * citations as `Claim`s with a `DigitalDocument` appearance, and thumbs up/down
 * (`LikeAction`/`DislikeAction`, which Web Chat shows and posts back as a
 * `webchat:activity-status/feedback` event).
 */
function messageEntity(reply: BotReply): Record<string, unknown> {
  const entity: Record<string, unknown> = {
    type: "https://schema.org/Message",
    "@type": "Message",
    "@context": "https://schema.org",
    "@id": "",
    additionalType: ["AIGeneratedContent"],
  };
  if (reply.citations.length > 0) {
    entity.citation = reply.citations.map((citation) => ({
      "@type": "Claim",
      position: citation.position,
      appearance: {
        "@type": "DigitalDocument",
        name: citation.name,
        ...(citation.url ? { url: citation.url } : {}),
        abstract: citation.abstract,
      },
    }));
  }
  if (reply.feedback) {
    entity.potentialAction = [
      { "@type": "LikeAction", "@id": `${FEEDBACK_ID_PREFIX}${reply.replyId}:1`, actionStatus: "PotentialActionStatus" },
      { "@type": "DislikeAction", "@id": `${FEEDBACK_ID_PREFIX}${reply.replyId}:-1`, actionStatus: "PotentialActionStatus" },
    ];
  }
  return entity;
}

/** Converts a channel-neutral reply into a Bot Framework message activity. */
export function toActivity(reply: BotReply): Partial<Activity> {
  const actions: CardAction[] = reply.suggestedActions.map((action) =>
    action.value
      ? { type: "messageBack", title: action.title, text: action.text, displayText: action.text, value: action.value }
      : { type: "imBack", title: action.title, value: action.text },
  );
  return {
    type: "message",
    text: reply.text,
    textFormat: "markdown",
    locale: LOCALES[reply.language],
    ...(reply.cards.length > 0
      ? { attachments: reply.cards.map((card) => ({ ...card })), attachmentLayout: reply.cards.length > 1 ? "carousel" : "list" }
      : {}),
    ...(actions.length > 0 ? { suggestedActions: { actions, to: [] } } : {}),
    entities: [messageEntity(reply) as never],
    channelData: { lahituki: { outcome: reply.outcome, sources: [...reply.sources] } },
  };
}

/** Reads a Web Chat feedback event's action back into a reply id and rating. */
export function parseFeedbackAction(entity: unknown): { replyId: string; rating: 1 | -1 } | undefined {
  if (!entity || typeof entity !== "object") return undefined;
  const record = entity as Record<string, unknown>;
  const id = typeof record["@id"] === "string" ? record["@id"] : "";
  const match = new RegExp(`^${FEEDBACK_ID_PREFIX}(.+):(1|-1)$`).exec(id);
  if (!match) {
    const type = record["@type"];
    if (type === "LikeAction") return undefined;
    return undefined;
  }
  return { replyId: match[1]!, rating: match[2] === "1" ? 1 : -1 };
}
