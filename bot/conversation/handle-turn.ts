import { buildConsentCard } from "../../adaptive-cards/consent-card.js";
import { municipalityName, type Language, type SearchResult, type Searcher } from "../../knowledge/index.js";
import { redactPersonalData, type Logger } from "../../platform/index.js";
import type { BotReply, Outcome, TopicKind } from "./bot-reply.js";
import type { ChatModel } from "./chat-model.js";
import {
  composeExtractiveAnswer,
  fixedReply,
  makeReply,
  municipalityActions,
  talkToPersonAction,
} from "./compose-reply.js";
import { findContactInText, parseContact, type Contact } from "./contact.js";
import { rememberLine, rememberReply, type ConversationMemory, type SearchPlan } from "./memory.js";
import { groundedAnswer, refineUnderstanding } from "./model-assist.js";
import type { ConversationAddress, HandoffPort, HandoffTrigger, SearchReplyEnricher, TurnInterceptor, TurnOutcomeEvent } from "./ports.js";
import { BUTTONS, noAnswerText, offerPersonSentence, officialServiceSentence, text as fixedText } from "./texts.js";
import { stripInstructionLikeSentences } from "./sanitize-item-text.js";
import { cleanText, understandTurn, type TurnUnderstanding } from "./understand-turn.js";

/** Tunables of a turn; the composition root fills them from config. */
export interface TurnSettings {
  /** Every reply must be sent within this many milliseconds of the message (REPLY_BUDGET_MS). */
  readonly replyBudgetMs: number;
  /** Results below this search score are not shown (see docs/decisions/0010-hybrid-retrieval.md). */
  readonly minScore: number;
  /** Result cards per answer. */
  readonly pageSize: number;
}

export interface TurnDeps {
  readonly searcher: Searcher;
  readonly handoff: HandoffPort;
  readonly chatModel?: ChatModel | undefined;
  readonly logger: Logger;
  /** ISO date in Europe/Helsinki. */
  readonly today: () => string;
  readonly settings: TurnSettings;
  /** Capabilities that may take a turn before the core (alerts); see ports.ts. */
  readonly interceptors?: readonly TurnInterceptor[] | undefined;
  /** Capabilities that add to search replies (issue 7: distances, shortage marks, notify me); see ports.ts. */
  readonly enrichers?: readonly SearchReplyEnricher[] | undefined;
}

export interface TurnInput {
  readonly conversationId: string;
  readonly channel: string;
  readonly address: ConversationAddress;
  readonly text: string | undefined;
  /** Card submission or messageBack value. */
  readonly value?: Readonly<Record<string, unknown>> | undefined;
  /** Attachments the person sent (content types only matter). */
  readonly attachmentCount: number;
  readonly memory: ConversationMemory;
  /** When the message arrived (ms since epoch), for the reply budget. */
  readonly receivedAt: number;
}

/** Thumbs up/down given on an earlier reply. */
export interface FeedbackRecord {
  readonly replyId: string | undefined;
  /** The channel's activity id of the rated message, when known. */
  readonly activityId: string | undefined;
  readonly rating: 1 | -1;
  readonly outcome: Outcome | undefined;
  readonly questionRedacted: string | undefined;
}

export interface TurnResult {
  readonly replies: readonly BotReply[];
  readonly memory: ConversationMemory;
  /** The outcome to record, or undefined for turns that are not questions (feedback). */
  readonly outcome?: Omit<TurnOutcomeEvent, "address"> | undefined;
  readonly feedback?: FeedbackRecord | undefined;
}

const HANDOFF_OUTCOME: Outcome = "handoff";
/** Results below this share of the best score are left out of an answer (tuned on the dev set). */
const RELATIVE_CUTOFF = 0.5;

/**
 * One message turn, channel-neutral: redact, understand, route, answer. The handler in
 * lahituki-bot.ts adapts botbuilder's TurnContext to this and sends the replies.
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
      outcome: outcomeEvent(input, { language, outcome: HANDOFF_OUTCOME, questionRedacted, reason: "relayed", memory }),
    };
  }

  const context: TurnContextData = { deps, input, now, questionRedacted, rawText, foundPersonalData: redaction.found.length > 0 };

  if (action) {
    const handled = await actionTurn(context, action, value);
    if (handled) return handled;
  }

  const understanding = understandTurn({ text: redaction.text, memory });
  return routeUnderstanding(context, understanding);
}

interface TurnContextData {
  readonly deps: TurnDeps;
  readonly input: TurnInput;
  readonly now: string;
  readonly questionRedacted: string;
  /** The cleaned, unredacted text: used only to read a callback contact during a handoff offer. */
  readonly rawText: string;
  readonly foundPersonalData: boolean;
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
      return searchTurn(context, { ...memory.lastSearch, municipality: undefined, offset: 0, shown: 0, followUp: "refine" }, language);
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

async function routeUnderstanding(context: TurnContextData, understood: TurnUnderstanding): Promise<TurnResult> {
  const { input, deps } = context;
  let understanding = understood;
  const memory0 = input.memory;
  const notices: string[] = [];
  const language = understanding.language;
  if (understanding.truncated) notices.push(fixedText("truncated", language));
  if (context.foundPersonalData && !memory0.handoff) notices.push(fixedText("personalData", language));
  if (input.attachmentCount > 0) notices.push(fixedText("unreadableAttachment", language));
  const memory: ConversationMemory = { ...memory0, language: understanding.intent.type === "unsupported-language" ? memory0.language : language };

  const withNotices = (reply: BotReply): BotReply =>
    notices.length === 0 ? reply : { ...reply, text: `${reply.text}\n\n${notices.join(" ")}` };

  // A model may refine a search (rewrite the query, classify); rules stay the fallback.
  if (deps.chatModel && understanding.intent.type === "search") {
    understanding = await refineUnderstanding(
      { model: deps.chatModel, logger: deps.logger, deadline: input.receivedAt + deps.settings.replyBudgetMs * 0.35 },
      understanding,
      memory,
    );
  }

  const intent = understanding.intent;
  const safety = ["crisis", "distress", "injection", "consent", "empty", "unsupported-language"];
  // Card buttons (e.g. "notify me") carry no text, so they arrive as "empty"; they still go to interceptors.
  const button = intent.type === "empty" && typeof input.value?.action === "string";
  if ((!safety.includes(intent.type) || button) && deps.interceptors && deps.interceptors.length > 0) {
    for (const intercept of deps.interceptors) {
      const replies = await intercept({
        conversationId: input.conversationId,
        channel: input.channel,
        address: input.address,
        text: understanding.text,
        value: input.value,
        language,
        lastSearch: memory.lastSearch,
        now: new Date(input.receivedAt),
      });
      if (replies && replies.length > 0) {
        const [first, ...rest] = replies;
        const result = simple(context, memory, first!, first!.outcome, "intercepted");
        return { ...result, replies: [first!, ...rest] };
      }
    }
  }
  switch (intent.type) {
    case "empty":
      if (input.attachmentCount > 0) {
        return simple(context, memory, fixedReply("unreadableAttachment", language, "clarify"), "clarify", "attachment");
      }
      return simple(context, memory, fixedReply("empty", memory0.language ?? language, "clarify"), "clarify", "empty");
    case "crisis":
      return offerHandoff(context, { trigger: "crisis", language, memory, notices });
    case "distress":
      return offerHandoff(context, { trigger: "distress", language, memory, notices });
    case "handoff-request":
      return offerHandoff(context, { trigger: "explicit", language, memory, notices });
    case "injection":
      return simple(context, memory, withNotices(fixedReply("injection", language, "no-answer", { feedback: true })), "no-answer", "injection");
    case "consent":
      return consentTurn(context, { consent: intent.consent, contactText: context.rawText, shareTranscript: false, language: memory0.language ?? language });
    case "cancel":
      return simple(context, { ...memory, handoff: undefined }, fixedReply("cancelNothing", language, "help"), "help", "cancel");
    case "language-switch":
      return simple(context, { ...memory, language: intent.language }, fixedReply("languageSwitched", intent.language, "help"), "help");
    case "unsupported-language":
      return simple(context, memory, fixedReply("unsupportedLanguage", "en", "clarify"), "clarify", "unsupported-language");
    case "greeting":
      return simple(
        context,
        { ...memory, greeted: true },
        withNotices(fixedReply("greeting", language, "help", { suggestedActions: [talkToPersonAction(language)] })),
        "help",
      );
    case "help":
      return simple(context, memory, withNotices(fixedReply("help", language, "help", { suggestedActions: [talkToPersonAction(language)] })), "help");
    case "thanks":
      return simple(context, memory, fixedReply("thanks", language, "help"), "help");
    case "out-of-scope": {
      const reply = makeReply({
        language,
        outcome: "no-answer",
        text: `${fixedText("outOfScope", language)} ${offerPersonSentence(language)}`,
        suggestedActions: [talkToPersonAction(language)],
        feedback: true,
      });
      return simple(context, memory, withNotices(reply), "no-answer", "out-of-scope");
    }
    case "choose-municipality":
      return clarifyMunicipality(context, language);
    case "search": {
      const plan = intent.plan;
      if (!plan.query.trim() || (plan.query.replace(/[^\p{L}\p{N}]/gu, "").length < 2 && !plan.kind)) {
        const next = plan.municipality ? { ...memory, preferMunicipality: plan.municipality } : memory;
        return simple(context, next, withNotices(fixedReply("askWhatFirst", language, "clarify")), "clarify", "no-query");
      }
      const result = await searchTurn(context, plan, language, memory);
      return { ...result, replies: result.replies.map((reply, index) => (index === 0 ? withNotices(reply) : reply)) };
    }
  }
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

/** A one-reply turn: remembers the exchange and records the outcome. */
function simple(
  context: TurnContextData,
  memory: ConversationMemory,
  reply: BotReply,
  outcome: Outcome,
  reason?: string,
  extra: { sources?: readonly string[]; topicKind?: TopicKind | undefined; search?: SearchPlan | undefined } = {},
): TurnResult {
  const { input, now, questionRedacted } = context;
  let next = rememberLine(memory, { role: "user", text: questionRedacted, at: now });
  next = rememberLine(next, { role: "bot", text: reply.text.split("\n")[0] ?? "", at: now });
  next = rememberReply(next, { replyId: reply.replyId, outcome: reply.outcome, question: questionRedacted });
  if (outcome === "no-answer") next = { ...next, noAnswerStreak: next.noAnswerStreak + 1 };
  else if (outcome === "answer") next = { ...next, noAnswerStreak: 0 };
  return {
    replies: [reply],
    memory: next,
    outcome: outcomeEvent(input, {
      language: reply.language,
      outcome,
      questionRedacted,
      reason,
      memory: next,
      sources: extra.sources,
      topicKind: extra.topicKind,
      search: extra.search,
    }),
  };
}

function outcomeEvent(
  input: TurnInput,
  fields: {
    language: Language;
    outcome: Outcome;
    questionRedacted: string;
    reason?: string | undefined;
    memory: ConversationMemory;
    sources?: readonly string[] | undefined;
    topicKind?: TopicKind | undefined;
    search?: SearchPlan | undefined;
  },
): Omit<TurnOutcomeEvent, "address"> {
  return {
    conversationId: input.conversationId,
    channel: input.channel,
    language: fields.language,
    municipality: fields.search?.municipality ?? fields.memory.preferMunicipality,
    outcome: fields.outcome,
    questionRedacted: fields.questionRedacted,
    topicKind: fields.topicKind,
    sources: fields.sources ?? [],
    reason: fields.reason,
    search: fields.search ? { query: fields.search.query, kind: fields.search.kind, municipality: fields.search.municipality } : undefined,
  };
}

/** Searches, filters to relevant open items, and answers (grounded with a model, else extractive). */
async function searchTurn(context: TurnContextData, plan: SearchPlan, language: Language, memoryOverride?: ConversationMemory): Promise<TurnResult> {
  const { deps, input } = context;
  const memory = { ...(memoryOverride ?? input.memory), language };
  const today = deps.today();
  const pageSize = deps.settings.pageSize;
  // The first page also asks for expired items (one search instead of two): they are never shown,
  // but when the best match has closed the bot can say so.
  const firstPage = plan.offset === 0;
  const response = await deps.searcher.search({
    query: plan.query,
    kind: plan.kind,
    preferKind: plan.kind ? undefined : plan.preferKind,
    municipality: plan.municipality,
    preferMunicipality: plan.municipality ? undefined : memory.preferMunicipality,
    limit: firstPage ? pageSize + 4 : pageSize + 1,
    offset: plan.offset,
    includeExpired: firstPage,
    today,
  });
  const usable = response.results.filter((result) => isUsable(result, plan, deps.settings.minScore, today));
  // Not padded with weak results: keep those within half of the best open match's score.
  const best = usable[0]?.score ?? 0;
  const relevant = usable
    .filter((result) => plan.offset > 0 || result.score >= best * RELATIVE_CUTOFF)
    .map((result) => ({
      ...result,
      snippet: stripInstructionLikeSentences(result.snippet),
      description: stripInstructionLikeSentences(result.description),
    }));
  const shown = relevant.slice(0, pageSize);
  const hasMore = relevant.length > pageSize;
  const nextPlan: SearchPlan = { ...plan, shown: shown.length };
  const topicKind = plan.kind ?? (shown[0]?.kind as TopicKind | undefined);

  if (shown.length === 0) {
    if (plan.followUp === "more") {
      const reply = makeReply({
        language,
        outcome: "no-answer",
        text: { fi: "Muita osumia ei löytynyt.", sv: "Inga fler träffar.", en: "There are no more results." }[language] + ` ${offerPersonSentence(language)}`,
        suggestedActions: [talkToPersonAction(language)],
        feedback: true,
      });
      return simple(context, { ...memory, lastSearch: nextPlan }, reply, "no-answer", "no-more-results", { topicKind, search: plan });
    }
    const expired = firstPage ? expiredTopMatch(response.results, deps.settings.minScore, today) : undefined;
    const streak = memory.noAnswerStreak + 1;
    const actions = [talkToPersonAction(language)];
    if (plan.municipality) {
      actions.unshift({ title: BUTTONS.searchWholeRegion[language], text: BUTTONS.searchWholeRegion[language], value: { action: "widen" } });
    }
    const offer = streak >= 2;
    const reply = makeReply({
      language,
      outcome: "no-answer",
      text: noAnswerText({ language, kind: plan.kind, municipality: plan.municipality, expired }) + (offer ? `\n\n${fixedText("handoffOffer", language)}` : ""),
      suggestedActions: actions,
      cards: offer ? [buildConsentCard({ language, municipalityName: nameOf(plan.municipality ?? memory.preferMunicipality, language) })] : [],
      feedback: true,
    });
    const next: ConversationMemory = {
      ...memory,
      lastSearch: nextPlan,
      handoff: offer ? { stage: "offered", trigger: "no-answers", consentToTranscript: false } : memory.handoff,
    };
    const enriched = await enrichReply(context, reply, plan, [], today);
    return simple(context, next, enriched, "no-answer", expired ? "expired-only" : "no-relevant-results", { topicKind, search: plan });
  }

  let reply: BotReply | undefined;
  let reason: string | undefined;
  if (deps.chatModel) {
    const grounded = await groundedAnswer(
      { model: deps.chatModel, logger: deps.logger, deadline: input.receivedAt + deps.settings.replyBudgetMs - 500 },
      { question: context.questionRedacted, language, results: shown, today },
    );
    if (grounded.ok) {
      const extractive = composeExtractiveAnswer({ language, results: grounded.used, kind: plan.kind, municipality: plan.municipality, more: plan.followUp === "more", hasMore, today });
      reply = { ...extractive, text: grounded.text, generated: true };
    } else {
      reason = `model-fallback:${grounded.reason}`;
    }
  }
  reply ??= composeExtractiveAnswer({
    language,
    results: shown,
    kind: plan.kind,
    municipality: plan.municipality,
    more: plan.followUp === "more",
    hasMore,
    today,
  });
  reply = await enrichReply(context, reply, plan, shown, today);
  return simple(context, { ...memory, lastSearch: nextPlan, lastTopicKind: topicKind, handoff: undefined }, reply, "answer", reason, {
    sources: reply.sources,
    topicKind,
    search: plan,
  });
}

/** Lets capabilities add to a search reply (issue 7); a failing enricher keeps the reply as it was. */
async function enrichReply(
  context: TurnContextData,
  reply: BotReply,
  plan: SearchPlan,
  results: readonly SearchResult[],
  today: string,
): Promise<BotReply> {
  let current = reply;
  for (const enrich of context.deps.enrichers ?? []) {
    try {
      current = await enrich({
        conversationId: context.input.conversationId,
        reply: current,
        plan,
        results,
        preferMunicipality: context.input.memory.preferMunicipality,
        question: context.questionRedacted,
        today,
      });
    } catch (error) {
      context.deps.logger.warn({ err: error }, "conversation.enricher_failed");
    }
  }
  return current;
}

function nameOf(code: string | undefined, language: Language): string | undefined {
  return code ? municipalityName(code, language) : undefined;
}

/** "Summer job" covers seasonal and temporary postings; other types must match. */
function employmentTypeFits(actual: string, wanted: string): boolean {
  if (wanted === "seasonal") return actual === "seasonal" || actual === "temporary";
  return actual === wanted;
}

/** Relevant, open (or upcoming) and of the requested employment type (unknown types are kept). */
export function isUsable(result: SearchResult, plan: Pick<SearchPlan, "employmentType">, minScore: number, today: string): boolean {
  if (result.score < minScore) return false;
  if (result.validUntil && result.validUntil < today) return false;
  if (plan.employmentType && result.kind === "vacancy" && result.employmentType && !employmentTypeFits(result.employmentType, plan.employmentType)) {
    return false;
  }
  return true;
}

/** The best relevant match, when it has expired, so the bot can say it is no longer open. */
export function expiredTopMatch(
  results: readonly SearchResult[],
  minScore: number,
  today: string,
): { title: string; validUntil: string } | undefined {
  const top = results.find((result) => result.score >= minScore);
  if (top?.validUntil && top.validUntil < today) return { title: top.title, validUntil: top.validUntil };
  return undefined;
}

async function offerHandoff(
  context: TurnContextData,
  options: { trigger: HandoffTrigger; language: Language; memory?: ConversationMemory; notices?: readonly string[] },
): Promise<TurnResult> {
  const memory = options.memory ?? context.input.memory;
  const { language, trigger } = options;
  const card = buildConsentCard({ language, municipalityName: nameOf(memory.preferMunicipality ?? memory.lastSearch?.municipality, language) });
  const lead =
    trigger === "crisis" ? fixedText("crisis", language) : trigger === "distress" ? fixedText("distress", language) : fixedText("handoffOffer", language);
  const textParts = [lead];
  if (trigger === "crisis" || trigger === "distress") textParts.push(fixedText("handoffOffer", language));
  const notices = (options.notices ?? []).filter((notice) => notice !== fixedText("personalData", language));
  const outcome: Outcome = trigger === "crisis" ? "crisis" : HANDOFF_OUTCOME;
  const reply = makeReply({
    language,
    outcome,
    text: [...textParts, ...notices].join("\n\n"),
    cards: [card],
    suggestedActions: [
      { title: BUTTONS.yes[language], text: BUTTONS.yes[language], value: { action: "handoffConsent", consent: true } },
      { title: BUTTONS.no[language], text: BUTTONS.no[language], value: { action: "handoffConsent", consent: false } },
    ],
  });
  const next: ConversationMemory = { ...memory, language, handoff: { stage: "offered", trigger, consentToTranscript: false } };
  return simple(context, next, reply, outcome, `handoff-offer:${trigger}`);
}

async function consentTurn(
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
      text: `${fixedText("handoffDeclined", language)} ${officialServiceSentence(language, memory.preferMunicipality ?? memory.lastSearch?.municipality)}`,
    });
    return simple(context, { ...memory, handoff: undefined }, reply, HANDOFF_OUTCOME, "handoff-declined");
  }
  let contact: Contact | undefined;
  if (options.contactText.trim()) {
    const typed = parseContact(options.contactText) ?? findContactInText(options.contactText).contact;
    const attempted = findContactInText(options.contactText).attempted || /\d{4,}|@/.test(options.contactText);
    if (!typed && attempted) {
      const reply = makeReply({ language, outcome: HANDOFF_OUTCOME, text: fixedText("invalidContact", language) });
      return simple(context, { ...memory, handoff: { stage: "awaiting-contact", trigger, consentToTranscript: options.shareTranscript } }, reply, HANDOFF_OUTCOME, "invalid-contact");
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
    municipality: memory.preferMunicipality ?? memory.lastSearch?.municipality,
    summary,
    transcript: consentToTranscript ? memory.recent : undefined,
    contact,
    consentToTranscript,
    trigger,
    topicKind: memory.lastTopicKind,
    botAnswers: memory.recent.filter((line) => line.role === "bot").map((line) => line.text).slice(-3),
  });
  const next: ConversationMemory = { ...memory, handoff: undefined, noAnswerStreak: 0 };
  const first = replies[0];
  if (!first) return { replies: [], memory: next };
  const result = simple(context, next, first, HANDOFF_OUTCOME, `handoff-requested:${trigger}`);
  return { ...result, replies };
}
