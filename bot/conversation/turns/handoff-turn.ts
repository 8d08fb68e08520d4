import { buildConsentCard } from "../../../adaptive-cards/index.js";
import { municipalityName, type Language } from "../../../knowledge/index.js";
import type { BotReply, Outcome } from "../bot-reply.js";
import { makeReply } from "../compose-reply.js";
import { findContactInText, parseContact, type Contact } from "../contact.js";
import { personMunicipality, type ConversationMemory } from "../memory.js";
import type { HandoffTrigger } from "../ports.js";
import { BUTTONS, officialServiceSentence, text as fixedText } from "../texts.js";
import { simple, type TurnContextData, type TurnResult } from "./turn-context.js";

const HANDOFF_OUTCOME: Outcome = "handoff";

function nameOf(code: string | undefined, language: Language): string | undefined {
  return code ? municipalityName(code, language) : undefined;
}

/** The consent card with the person's municipality, as far as the conversation knows it. */
export function consentCard(memory: ConversationMemory, language: Language): BotReply["cards"][number] {
  return buildConsentCard({ language, municipalityName: nameOf(personMunicipality(memory), language) });
}

/**
 * Offers a person: the consent card, yes/no buttons, and for a crisis the crisis numbers first.
 * A crisis turn is never a no-answer.
 */
export async function offerHandoff(
  context: TurnContextData,
  options: { trigger: HandoffTrigger; language: Language; memory?: ConversationMemory; notices?: readonly string[] },
): Promise<TurnResult> {
  const memory = options.memory ?? context.input.memory;
  const { language, trigger } = options;
  const lead = trigger === "crisis" ? fixedText("crisis", language) : fixedText("handoffOffer", language);
  const textParts = [lead];
  if (trigger === "crisis") textParts.push(fixedText("handoffOffer", language));
  const notices = (options.notices ?? []).filter((notice) => notice !== fixedText("personalData", language));
  const outcome: Outcome = trigger === "crisis" ? "crisis" : HANDOFF_OUTCOME;
  const reply = makeReply({
    language,
    outcome,
    text: [...textParts, ...notices].join("\n\n"),
    cards: [consentCard(memory, language)],
    suggestedActions: [
      { title: BUTTONS.yes[language], text: BUTTONS.yes[language], value: { action: "handoffConsent", consent: true } },
      { title: BUTTONS.no[language], text: BUTTONS.no[language], value: { action: "handoffConsent", consent: false } },
    ],
  });
  const next: ConversationMemory = { ...memory, language, handoff: { stage: "offered", trigger, consentToTranscript: false } };
  return simple(context, next, reply, outcome, `handoff-offer:${trigger}`);
}

/** The person's answer to the offer: declined, a contact to validate, or the handoff request. */
export async function consentTurn(
  context: TurnContextData,
  options: { consent: boolean; contactText: string; shareTranscript: boolean; language: Language },
): Promise<TurnResult> {
  const { deps, input } = context;
  const memory = input.memory;
  const { language } = options;
  const trigger = memory.handoff?.trigger ?? "button";
  if (!options.consent) {
    const reply = makeReply({
      language,
      outcome: HANDOFF_OUTCOME,
      text: `${fixedText("handoffDeclined", language)} ${officialServiceSentence(language, personMunicipality(memory))}`,
    });
    return simple(context, { ...memory, handoff: undefined }, reply, HANDOFF_OUTCOME, "handoff-declined");
  }
  let contact: Contact | undefined;
  if (options.contactText.trim()) {
    const typed = parseContact(options.contactText) ?? findContactInText(options.contactText).contact;
    const attempted = findContactInText(options.contactText).attempted || /\d{4,}|@/.test(options.contactText.slice(0, 500));
    if (!typed && attempted) {
      const reply = makeReply({ language, outcome: HANDOFF_OUTCOME, text: fixedText("invalidContact", language) });
      return simple(
        context,
        { ...memory, handoff: { stage: "awaiting-contact", trigger, consentToTranscript: options.shareTranscript } },
        reply,
        HANDOFF_OUTCOME,
        "invalid-contact",
      );
    }
    contact = typed;
  }
  const consentToTranscript = options.shareTranscript || memory.handoff?.consentToTranscript === true;
  const userLines = memory.recent.filter((line) => line.role === "user").map((line) => line.text);
  const summary = userLines.slice(-3).join(" / ").slice(0, 600) || "-";
  const replies = await deps.handoff.request({
    conversationId: input.conversationId,
    channel: input.channel,
    address: input.address,
    language,
    municipality: personMunicipality(memory),
    summary,
    transcript: consentToTranscript ? memory.recent : undefined,
    contact,
    consentToTranscript,
    trigger,
    topicKind: memory.lastTopicKind,
    audience: memory.audience,
    botAnswers: memory.recent.filter((line) => line.role === "bot").map((line) => line.text).slice(-3),
  });
  const next: ConversationMemory = { ...memory, handoff: undefined, noAnswerStreak: 0 };
  const first = replies[0];
  if (!first) return { replies: [], memory: next };
  const result = simple(context, next, first, HANDOFF_OUTCOME, `handoff-requested:${trigger}`);
  return { ...result, replies };
}
