import {
  DEFAULT_NEAR_RADIUS_KM,
  distanceKm,
  municipalityName,
  planCommute,
  roundedDistanceKm,
  scarcityMessage,
  type Language,
  type SearchRequest,
  type SearchResult,
} from "../../../knowledge/index.js";
import type { BotReply } from "../bot-reply.js";
import { composeExtractiveAnswer, makeReply, resultLine, citationsFor, talkToPersonAction } from "../compose-reply.js";
import { toShownItem } from "../item-question.js";
import { personMunicipality, type ConversationMemory, type SearchPlan } from "../memory.js";
import { groundedAnswer } from "../model-assist.js";
import { asksForCredentials, stripInstructionLikeSentences } from "../sanitize-item-text.js";
import { BUTTONS, noAnswerText, offerPersonSentence, text as fixedText } from "../texts.js";
import { consentCard } from "./handoff-turn.js";
import { simple, type TurnContextData, type TurnResult } from "./turn-context.js";

/**
 * Results below this share of the best open match's score are left out of an answer, so an answer
 * is not padded with weak matches. 0.5 was chosen on the development questions: 0.4 let in
 * unrelated partial matches, 0.6 dropped the second of two equally good items in other languages.
 */
const ANSWER_SHARE_OF_BEST_SCORE = 0.5;
/** A search score at or above this is a confident match (docs/decisions/0010-hybrid-retrieval.md). */
const CONFIDENT_SCORE = 0.5;
/** Alternatives offered from other places when nothing is open in the named one. */
const NEAREST_ALTERNATIVES = 3;

/** "Summer job" covers seasonal and temporary postings; other types must match. */
function employmentTypeFits(actual: string, wanted: string): boolean {
  if (wanted === "seasonal") return actual === "seasonal" || actual === "temporary";
  return actual === wanted;
}

/** Relevant, open (or upcoming) and of the requested employment type (unknown types are kept). */
export function isUsable(result: SearchResult, plan: Pick<SearchPlan, "employmentType">, minScore: number, today: string): boolean {
  if (result.score < minScore) return false;
  if (asksForCredentials(`${result.title}. ${result.description}`)) return false;
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

/**
 * Whether a result belongs in an answer about a named place: items of that place (or, for "near",
 * within the radius), and items that cover the whole area or region (no municipality), such as
 * registering as a jobseeker or unemployment benefits, which a place name must never hide.
 */
function fitsPlace(result: SearchResult, place: string, near: boolean): boolean {
  if (!result.municipalityCode) return result.kind !== "vacancy";
  if (result.municipalityCode === place) return true;
  return near && (distanceKm(place, result.municipalityCode) ?? Infinity) <= DEFAULT_NEAR_RADIUS_KM;
}

function byScore(left: SearchResult, right: SearchResult): number {
  return right.score - left.score;
}

/**
 * One search of the plan. A named place narrows vacancies (a hard filter, with a radius for
 * "near"); for other kinds the place is a preference and the results are kept to that place and
 * to area-wide items, so "asun Toholammilla, miten ilmoittaudun työttömäksi" still finds the
 * area-wide registration service.
 */
async function searchPlan(context: TurnContextData, plan: SearchPlan, memory: ConversationMemory, limit: number): Promise<readonly SearchResult[]> {
  const { deps } = context;
  const today = deps.today();
  const base: SearchRequest = {
    query: plan.query,
    kind: plan.kind,
    preferKind: plan.kind ? undefined : plan.preferKind,
    limit,
    offset: plan.offset,
    includeExpired: plan.offset === 0,
    preferAudience: memory.audience ?? "jobseeker",
    today,
  };
  if (!plan.municipality) {
    return (await deps.searcher.search({ ...base, preferMunicipality: personMunicipality(memory) })).results;
  }
  const placeBound = deps.searcher.search({
    ...base,
    municipality: plan.municipality,
    nearKm: plan.near ? DEFAULT_NEAR_RADIUS_KM : undefined,
  });
  if (plan.kind === "vacancy") return (await placeBound).results;
  const wide = deps.searcher.search({ ...base, preferMunicipality: plan.municipality });
  const [local, all] = await Promise.all([placeBound, wide]);
  const seen = new Set(local.results.map((result) => result.id));
  const areaWide = all.results.filter((result) => !seen.has(result.id) && fitsPlace(result, plan.municipality!, plan.near === true));
  return [...local.results, ...areaWide].sort(byScore);
}

/** Open items of the same search in other places, nearest first, when the named place has none. */
async function nearestAlternatives(context: TurnContextData, plan: SearchPlan, place: string): Promise<SearchResult[]> {
  const { deps } = context;
  const today = deps.today();
  const response = await deps.searcher.search({
    query: plan.query,
    kind: plan.kind,
    preferKind: plan.kind ? undefined : plan.preferKind,
    preferMunicipality: place,
    limit: 20,
    today,
  });
  const usable = response.results.filter((result) => isUsable(result, plan, deps.settings.minScore, today) && result.municipalityCode);
  const best = usable[0]?.score ?? 0;
  return usable
    .filter((result) => result.score >= best * ANSWER_SHARE_OF_BEST_SCORE)
    .sort((left, right) => (distanceKm(place, left.municipalityCode!) ?? 999) - (distanceKm(place, right.municipalityCode!) ?? 999))
    .slice(0, NEAREST_ALTERNATIVES);
}

function alternativesReply(options: { language: Language; plan: SearchPlan; place: string; results: readonly SearchResult[]; today: string }): BotReply {
  const { language, plan, place, results, today } = options;
  const placeName = municipalityName(place, language) ?? place;
  // A service in a neighbouring municipality serves the person too; a job elsewhere is not "here".
  const servicesOnly = results.every((result) => result.kind === "service");
  // "Lestijärvellä ja sen lähistöllä (alle 30 km) ei nyt ole avoimia työpaikkoja, mutta Vetelissä, 40 km, on yksi."
  const scarcity = scarcityMessage(planCommute(results, { homeCode: place, radiusKm: DEFAULT_NEAR_RADIUS_KM, minimumNear: 1 }), language, plan.kind);
  const lead = servicesOnly
    ? {
        fi: `Lähimmät sopivat palvelut ovat naapurikunnissa (etäisyys: ${placeName}):`,
        sv: `De närmaste passande tjänsterna finns i grannkommuner (avstånd från ${placeName}):`,
        en: `The nearest matching services are in neighbouring municipalities (distance from ${placeName}):`,
      }[language]
    : (scarcity ??
      {
        fi: `${placeName}: ei avoimia osumia juuri tähän. Lähimmät vaihtoehdot:`,
        sv: `${placeName}: inga öppna träffar just på detta. De närmaste alternativen:`,
        en: `${placeName}: nothing open for this right now. The nearest alternatives:`,
      }[language]);
  const lines = results.map((result, index) => {
    const km = result.municipalityCode ? roundedDistanceKm(place, result.municipalityCode) : undefined;
    const distance = km === undefined ? "" : { fi: ` (${km} km)`, sv: ` (${km} km)`, en: ` (${km} km)` }[language];
    return `${resultLine(result, index + 1, language, today)}${distance}`;
  });
  return makeReply({
    language,
    outcome: servicesOnly ? "answer" : "no-answer",
    text: [lead, ...lines, offerPersonSentence(language)].join("\n\n"),
    sources: results.map((result) => result.id),
    citations: citationsFor(results),
    suggestedActions: [
      { title: BUTTONS.searchWholeRegion[language], text: BUTTONS.searchWholeRegion[language], value: { action: "widen" } },
      talkToPersonAction(language),
    ],
    feedback: true,
  });
}

/**
 * Searches, keeps relevant open items, and answers (grounded with a model, else extractive). With
 * `requireConfidentMatch`, returns undefined instead of answering when no match is confident.
 */
export async function searchTurn(context: TurnContextData, plan: SearchPlan, language: Language, memoryOverride?: ConversationMemory): Promise<TurnResult>;
export async function searchTurn(
  context: TurnContextData,
  plan: SearchPlan,
  language: Language,
  memoryOverride: ConversationMemory | undefined,
  options: { readonly requireConfidentMatch: boolean },
): Promise<TurnResult | undefined>;
export async function searchTurn(
  context: TurnContextData,
  plan: SearchPlan,
  language: Language,
  memoryOverride?: ConversationMemory,
  options: { readonly requireConfidentMatch?: boolean } = {},
): Promise<TurnResult | undefined> {
  const { deps, input } = context;
  const memory = { ...(memoryOverride ?? input.memory), language };
  const today = deps.today();
  const pageSize = deps.settings.pageSize;
  // The first page also asks for expired items (one search instead of two): they are never shown,
  // but when the best match has closed the bot can say so.
  const firstPage = plan.offset === 0;
  const found = await searchPlan(context, plan, memory, firstPage ? pageSize + 4 : pageSize + 1);
  const usable = found.filter((result) => isUsable(result, plan, deps.settings.minScore, today));
  const best = usable[0]?.score ?? 0;
  const relevant = usable
    .filter((result) => plan.offset > 0 || result.score >= best * ANSWER_SHARE_OF_BEST_SCORE)
    .map((result) => ({
      ...result,
      snippet: stripInstructionLikeSentences(result.snippet),
      description: stripInstructionLikeSentences(result.description),
    }));
  // Words that lean off-topic get an answer only from a confident match (decision 0010: ≥ 0.5).
  if (options.requireConfidentMatch && (relevant[0]?.score ?? 0) < CONFIDENT_SCORE) return undefined;
  const shown = relevant.slice(0, pageSize);
  const hasMore = relevant.length > pageSize;
  const nextPlan: SearchPlan = { ...plan, shown: shown.length };
  const topicKind = plan.kind ?? shown[0]?.kind;
  const lastPlace = plan.municipality ?? memory.lastPlace;

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
    const expired = firstPage ? expiredTopMatch(found, deps.settings.minScore, today) : undefined;
    if (plan.municipality && !expired) {
      const alternatives = await nearestAlternatives(context, plan, plan.municipality);
      if (alternatives.length > 0) {
        const reply = alternativesReply({ language, plan, place: plan.municipality, results: alternatives, today });
        const next: ConversationMemory = {
          ...memory,
          lastSearch: nextPlan,
          lastResults: alternatives.map(toShownItem),
          lastPlace,
        };
        return simple(context, next, reply, reply.outcome, "nearest-alternatives", { topicKind, search: plan, sources: reply.sources });
      }
    }
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
      cards: offer ? [consentCard(memory, language)] : [],
      feedback: true,
    });
    const next: ConversationMemory = {
      ...memory,
      lastSearch: nextPlan,
      lastPlace,
      handoff: offer ? { stage: "offered", trigger: "no-answers", consentToTranscript: false } : memory.handoff,
    };
    const enriched = await enrichReply(context, reply, plan, [], today, memory);
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
  reply = await enrichReply(context, reply, plan, shown, today, memory);
  const next: ConversationMemory = {
    ...memory,
    lastSearch: nextPlan,
    lastResults: shown.map(toShownItem),
    lastPlace: plan.municipality ?? (shown.length === 1 ? shown[0]!.municipalityCode : undefined) ?? memory.lastPlace,
    lastTopicKind: topicKind,
    handoff: undefined,
  };
  return simple(context, next, reply, "answer", reason, { sources: reply.sources, topicKind, search: plan });
}

/** Lets capabilities add to a search reply; a failing enricher keeps the reply as it was. */
async function enrichReply(
  context: TurnContextData,
  reply: BotReply,
  plan: SearchPlan,
  results: readonly SearchResult[],
  today: string,
  memory: ConversationMemory,
): Promise<BotReply> {
  let current = reply;
  for (const enrich of context.deps.enrichers ?? []) {
    try {
      current = await enrich({
        conversationId: context.input.conversationId,
        reply: current,
        plan,
        results,
        preferMunicipality: memory.preferMunicipality,
        home: memory.home,
        question: context.questionRedacted,
        today,
      });
    } catch (error) {
      context.deps.logger.warn({ err: error }, "conversation.enricher_failed");
    }
  }
  return current;
}
