import { municipalityName, type Language } from "../../knowledge/index.js";
import { redactPersonalData } from "../../platform/index.js";
import { cleanText, understandTurn, type TurnUnderstanding } from "../understanding/index.js";
import type { BotReply, Outcome } from "./bot-reply.js";
import { fixedReply, makeReply, municipalityActions, talkToPersonAction } from "./compose-reply.js";
import { personMunicipality, rememberLine, type ConversationMemory } from "./memory.js";
import { refineUnderstanding } from "./model-assist.js";
import { homeSavedText, offerPersonSentence, text as fixedText } from "./texts.js";
import { distanceTurn } from "./turns/distance-turn.js";
import { employerTurn } from "./turns/employer-turn.js";
import { consentTurn, offerHandoff } from "./turns/handoff-turn.js";
import { itemQuestionTurn, shownItemQuestion } from "./turns/item-question-turn.js";
import { searchTurn } from "./turns/search-turn.js";
import { outcomeEvent, simple, type TurnContextData, type TurnDeps, type TurnInput, type TurnResult } from "./turns/turn-context.js";

export type { FeedbackRecord, TurnDeps, TurnInput, TurnResult, TurnSettings } from "./turns/turn-context.js";
export { expiredTopMatch, isUsable } from "./turns/search-turn.js";

/**
 * One message turn, channel-neutral: redact, understand, route to the module of that kind of turn
 * (turns/*.ts). The handler in lahituki-bot.ts adapts botbuilder's TurnContext to this and sends
 * the replies.
 */
export async function handleTurn(deps: TurnDeps, input: TurnInput): Promise<TurnResult> {
  const now = new Date(input.receivedAt).toISOString();
  const memory = input.memory;
  const value = input.value ?? {};
  const action = typeof value.action === "string" ? value.action : undefined;

  const rawText = cleanText(input.text ?? "").text;
  const redaction = redactPersonalData(rawText);
  const questionRedacted = redaction.text.slice(0, 2000);

  if (action === "feedback") return feedbackTurn(memory, value);

  const activeHandoff = await deps.handoff.active(input.conversationId);
  if (activeHandoff) {
    const replies = await deps.handoff.relayFromPerson({
      conversationId: input.conversationId,
      channel: input.channel,
      address: input.address,
      handoffId: activeHandoff.id,
      text: redaction.text,
      language: memory.language ?? "fi",
      value: input.value,
    });
    const language = memory.language ?? "fi";
    return {
      replies,
      memory: rememberLine(memory, { role: "user", text: redaction.text, at: now }),
      outcome: outcomeEvent(input, { language, outcome: "handoff", questionRedacted, reason: "relayed", memory }),
    };
  }

  const context: TurnContextData = { deps, input, now, questionRedacted, rawText, foundPersonalData: redaction.found.length > 0 };

  if (action) {
    const handled = await actionTurn(context, action, value);
    if (handled) return handled;
  }

  const understanding = understandTurn({
    text: redaction.text,
    model: deps.understanding,
    context: {
      language: memory.language,
      pageMunicipality: memory.preferMunicipality,
      home: memory.home,
      lastSearch: memory.lastSearch,
      hasShownItems: (memory.lastResults ?? []).length > 0,
      shownItemQuestion: (text) => shownItemQuestion(text, memory.lastResults ?? []),
      lastPlace: memory.lastPlace,
      awaitingConsent: memory.handoff?.stage === "offered" || memory.handoff?.stage === "awaiting-contact",
    },
  });
  return routeUnderstanding(context, understanding);
}

function feedbackTurn(memory: ConversationMemory, value: Readonly<Record<string, unknown>>): TurnResult {
  const rating = value.rating === 1 || value.rating === "1" || value.rating === "up" ? 1 : value.rating === -1 || value.rating === "-1" || value.rating === "down" ? -1 : undefined;
  if (rating === undefined) return { replies: [], memory };
  const replyId = typeof value.replyId === "string" ? value.replyId : undefined;
  const remembered = memory.replies.find((reply) => reply.replyId === replyId) ?? (replyId ? undefined : memory.replies.at(-1));
  return {
    replies: [],
    memory,
    feedback: { replyId, activityId: remembered?.activityId, rating, outcome: remembered?.outcome, questionRedacted: remembered?.question },
  };
}

/** Buttons and card submissions: exact data, so rules rather than a model. */
async function actionTurn(context: TurnContextData, action: string, value: Readonly<Record<string, unknown>>): Promise<TurnResult | undefined> {
  const { input } = context;
  const memory = input.memory;
  const language = memory.language ?? "fi";
  switch (action) {
    case "handoffConsent": {
      const consent = value.consent === true || value.consent === "true";
      const contactText = typeof value.contact === "string" ? value.contact : "";
      const shareTranscript = value.shareTranscript === true || value.shareTranscript === "true";
      return consentTurn(context, { consent, contactText, shareTranscript, language });
    }
    case "talkToPerson":
      return offerHandoff(context, { trigger: "button", language });
    case "showMore":
      if (!memory.lastSearch) return undefined;
      return searchTurn(context, { ...memory.lastSearch, offset: memory.lastSearch.offset + memory.lastSearch.shown, followUp: "more" }, language);
    case "chooseMunicipality":
      return clarifyMunicipality(context, language);
    case "filterMunicipality": {
      const code = typeof value.municipality === "string" ? value.municipality : undefined;
      if (!code || !municipalityName(code)) return undefined;
      if (!memory.lastSearch) {
        const next = { ...memory, preferMunicipality: code };
        return simple(context, next, makeReply({ language, outcome: "clarify", text: fixedText("askWhatFirst", language) }), "clarify");
      }
      return searchTurn(context, { ...memory.lastSearch, municipality: code, offset: 0, shown: 0, followUp: "refine" }, language);
    }
    case "widen":
      if (!memory.lastSearch) return undefined;
      return searchTurn(context, { ...memory.lastSearch, municipality: undefined, near: undefined, offset: 0, shown: 0, followUp: "refine" }, language);
    case "setLanguage": {
      const chosen = value.language;
      if (chosen !== "fi" && chosen !== "sv" && chosen !== "en") return undefined;
      const next: ConversationMemory = { ...memory, language: chosen as Language };
      return simple(context, next, fixedReply("languageSwitched", chosen, "help"), "help");
    }
    default:
      return undefined;
  }
}

/** Intents that never reach the interceptors (alerts): safety and the handoff flow come first. */
const NOT_INTERCEPTED = new Set(["crisis", "injection", "consent", "empty", "unsupported-language", "handoff-request", "language-switch"]);

async function routeUnderstanding(context: TurnContextData, understood: TurnUnderstanding): Promise<TurnResult> {
  const { input, deps } = context;
  let understanding = understood;
  const memory0 = input.memory;
  const notices: string[] = [];
  const language = understanding.language;
  if (understanding.truncated) notices.push(fixedText("truncated", language));
  if (context.foundPersonalData && !memory0.handoff) notices.push(fixedText("personalData", language));
  if (input.attachmentCount > 0) notices.push(fixedText("unreadableAttachment", language));
  const setHome = input.value?.action === "setHomeMunicipality" && typeof input.value.municipality === "string" ? input.value.municipality : undefined;
  const home = understanding.home ?? (setHome && municipalityName(setHome) ? setHome : undefined) ?? memory0.home;
  const memory: ConversationMemory = {
    ...memory0,
    home,
    language: understanding.intent.type === "unsupported-language" ? memory0.language : language,
  };

  const withNotices = (reply: BotReply): BotReply =>
    notices.length === 0 ? reply : { ...reply, text: `${reply.text}\n\n${notices.join(" ")}` };

  // A model may refine a search (rewrite the query, classify); the trained models stay the default.
  if (deps.chatModel && understanding.intent.type === "search") {
    understanding = await refineUnderstanding(
      { model: deps.chatModel, logger: deps.logger, deadline: input.receivedAt + deps.settings.replyBudgetMs * 0.35 },
      understanding,
      memory,
    );
  }

  const intent = understanding.intent;
  // Card buttons (e.g. "notify me") carry no text, so they arrive as "empty"; they still go to interceptors.
  const button = intent.type === "empty" && typeof input.value?.action === "string";
  if ((!NOT_INTERCEPTED.has(intent.type) || button) && deps.interceptors && deps.interceptors.length > 0) {
    for (const intercept of deps.interceptors) {
      const replies = await intercept({
        conversationId: input.conversationId,
        channel: input.channel,
        address: input.address,
        text: understanding.text,
        value: input.value,
        language,
        intent: understanding.label,
        lastSearch: memory.lastSearch,
        now: new Date(input.receivedAt),
        clientKey: input.clientKey,
        municipality: personMunicipality(memory),
      });
      if (replies && replies.length > 0) {
        const [first, ...rest] = replies;
        const result = simple(context, memory, first!, first!.outcome, "intercepted");
        return { ...result, replies: [first!, ...rest] };
      }
    }
  }
  const plainTurn = (key: Parameters<typeof fixedReply>[0], outcome: Outcome, reason?: string, next: ConversationMemory = memory) =>
    simple(context, next, withNotices(fixedReply(key, language, outcome, { suggestedActions: [talkToPersonAction(language)] })), outcome, reason);
  switch (intent.type) {
    case "empty":
      if (input.attachmentCount > 0) {
        return simple(context, memory, fixedReply("unreadableAttachment", language, "clarify"), "clarify", "attachment");
      }
      return simple(context, memory, fixedReply("empty", memory0.language ?? language, "clarify"), "clarify", "empty");
    case "crisis":
      return offerHandoff(context, { trigger: "crisis", language, memory, notices });
    case "handoff-request":
      return offerHandoff(context, { trigger: "explicit", language, memory, notices });
    case "injection":
      return simple(context, memory, withNotices(fixedReply("injection", language, "no-answer", { feedback: true })), "no-answer", "injection");
    case "consent":
      return consentTurn(context, { consent: intent.consent, contactText: context.rawText, shareTranscript: false, language: memory0.language ?? language });
    case "cancel":
      return simple(context, { ...memory, handoff: undefined }, fixedReply("cancelNothing", language, "help"), "help", "cancel");
    case "acknowledge":
      return plainTurn("acknowledge", "help", "acknowledge");
    case "language-switch":
      return simple(context, { ...memory, language: intent.language }, fixedReply("languageSwitched", intent.language, "help"), "help");
    case "unsupported-language":
      return simple(context, memory, fixedReply("unsupportedLanguage", "en", "clarify"), "clarify", "unsupported-language");
    case "greeting":
      return plainTurn("greeting", "help", undefined, { ...memory, greeted: true });
    case "help":
      return plainTurn("help", "help");
    case "thanks":
      return simple(context, memory, fixedReply("thanks", language, "help"), "help");
    case "home":
      return simple(context, memory, withNotices(makeReply({ language, outcome: "help", text: homeSavedText(intent.municipality, language) })), "help", "home");
    case "out-of-scope":
      return outOfScopeTurn(context, memory, language, withNotices);
    case "choose-municipality":
      return clarifyMunicipality(context, language);
    case "distance":
      return distanceTurn(context, { places: intent.places, language, memory });
    case "item-question":
      return itemQuestionTurn(context, { fields: intent.fields, language, memory });
    case "alert":
      // Alert commands are the alerts capability's (an interceptor); without it, they are searches.
      return searchOrClarify(context, understanding, memory, withNotices);
    case "employer":
      return employerTurn(context, { plan: intent.plan, memory, language, withNotices });
    case "search":
      return searchOrClarify(context, understanding, memory, withNotices);
  }
}

async function searchOrClarify(
  context: TurnContextData,
  understanding: TurnUnderstanding,
  memory: ConversationMemory,
  withNotices: (reply: BotReply) => BotReply,
): Promise<TurnResult> {
  const language = understanding.language;
  const plan = understanding.intent.type === "search" ? understanding.intent.plan : { query: understanding.text, offset: 0, shown: 0 };
  if (!plan.query.trim() || (plan.query.replace(/[^\p{L}\p{N}]/gu, "").length < 2 && !plan.kind)) {
    const next = plan.municipality ? { ...memory, preferMunicipality: plan.municipality } : memory;
    return simple(context, next, withNotices(fixedReply("askWhatFirst", language, "clarify")), "clarify", "no-query");
  }
  const offTopicLikely = understanding.intent.type === "search" && understanding.intent.offTopicLikely === true;
  const result = await searchTurn(context, plan, language, memory, { requireConfidentMatch: offTopicLikely });
  if (!result) return outOfScopeTurn(context, memory, language, withNotices);
  return { ...result, replies: result.replies.map((reply, index) => (index === 0 ? withNotices(reply) : reply)) };
}

function outOfScopeTurn(context: TurnContextData, memory: ConversationMemory, language: Language, withNotices: (reply: BotReply) => BotReply): TurnResult {
  const reply = makeReply({
    language,
    outcome: "no-answer",
    text: `${fixedText("outOfScope", language)} ${offerPersonSentence(language)}`,
    suggestedActions: [talkToPersonAction(language)],
    feedback: true,
  });
  return simple(context, memory, withNotices(reply), "no-answer", "out-of-scope");
}

function clarifyMunicipality(context: TurnContextData, language: Language): TurnResult {
  const reply = makeReply({
    language,
    outcome: "clarify",
    text: fixedText("chooseMunicipality", language),
    suggestedActions: municipalityActions(language),
  });
  return simple(context, context.input.memory, reply, "clarify");
}
