import type { BotReply } from "../conversation/bot-reply.js";
import { makeReply } from "../conversation/compose-reply.js";
import type { ActiveHandoff, ConversationAddress, HandoffPort, HandoffRequest, ProactiveChannel, RelayFromPerson } from "../conversation/ports.js";
import type { PersonAddress, PersonMessage } from "./handoff-repository.js";
import type { HandoffService } from "./handoff-service.js";
import type { PersonLanguage } from "./handoff.js";
import { PERSON_TEXTS } from "./person-texts.js";
import type { PersonChannel } from "./ports.js";

/** A handoff message as a channel-neutral reply of the conversation core (`outcome: "handoff"`). */
export function toBotReply(message: PersonMessage, language: PersonLanguage): BotReply {
  const text = message.advisorName
    ? `**${PERSON_TEXTS.advisorPrefix[language](message.advisorName)}:** ${message.text}`
    : message.text;
  // An advisor's words are a person's, not generated; the core labels templates alike.
  return makeReply({ language, text, outcome: "handoff", feedback: message.feedback === true });
}

/**
 * The conversation core's `HandoffPort` over the handoff service: the core runs the offer and
 * consent; from `request` on, the handoff capability owns the conversation until it ends.
 */
export function createConversationHandoffPort(service: HandoffService): HandoffPort {
  return {
    async active(conversationId: string): Promise<ActiveHandoff | undefined> {
      const handoff = await service.active(conversationId);
      return handoff ? { id: handoff.id, state: handoff.state } : undefined;
    },
    async request(request: HandoffRequest): Promise<readonly BotReply[]> {
      const result = await service.request({
        conversationId: request.conversationId,
        channel: request.channel,
        address: request.address,
        language: request.language,
        municipality: request.municipality,
        summary: request.summary,
        transcript: (request.transcript ?? []).map((line) => ({ role: line.role === "user" ? "person" : "bot", text: line.text, at: line.at })),
        contact: request.contact ? { [request.contact.kind]: request.contact.value } : undefined,
        consentToTranscript: request.consentToTranscript,
        trigger: request.trigger,
        topicKind: request.topicKind,
        audience: request.audience,
        botAnswers: request.botAnswers,
      });
      return result.messages.map((message) => toBotReply(message, request.language));
    },
    async relayFromPerson(message: RelayFromPerson): Promise<readonly BotReply[]> {
      const messages = await service.relayFromPerson({ conversationId: message.conversationId, text: message.text });
      return messages.map((entry) => toBotReply(entry, message.language));
    },
  };
}

/** Delivers handoff messages through a conversation-core `ProactiveChannel` (the web chat's Direct Line). */
export function createProactivePersonChannel(channel: ProactiveChannel): PersonChannel {
  return {
    channelIds: channel.channelIds,
    async send(address: PersonAddress, message: PersonMessage, language: PersonLanguage) {
      await channel.sendToConversation(address as ConversationAddress, [toBotReply(message, language)]);
    },
  };
}
