import { buildHomeMunicipalityCard, buildResultCard, withCardLine } from "../../adaptive-cards/index.js";
import {
  distanceLabel,
  HOME_MUNICIPALITY_QUESTION,
  municipalityCode,
  municipalityName,
  planCommute,
  scarcityMessage,
  STRAIGHT_LINE_NOTE,
  type ItemKind,
  type Language,
  type Searcher,
  type SearchResult,
} from "../../knowledge/index.js";
import { escapeMarkdown } from "../../platform/index.js";
import type { BotReply } from "../conversation/bot-reply.js";
import { annotateResultLine, makeReply, MUNICIPALITY_CHOICES } from "../conversation/compose-reply.js";
import type { SearchPlan } from "../conversation/memory.js";
import type { HomeStore } from "./home-store.js";
import type { OccupationItemFinder } from "./sql-occupation-items.js";

/**
 * Commute-aware answers: the person's home municipality (asked once, kept for the conversation),
 * straight-line distances from it on each result, and, when few results are near, the sentence
 * "few near, more farther" with the nearest farther ones.
 */

const HOME_SAVED: Record<Language, (name: string) => string> = {
  fi: (name) => `Selvä, muistan kotikuntasi tämän keskustelun ajan: ${name}. Näytän jatkossa etäisyydet sieltä.`,
  sv: (name) => `Okej, jag kommer ihåg din hemkommun under den här konversationen: ${name}. Jag visar avstånden därifrån.`,
  en: (name) => `Got it, I will remember your home municipality for this conversation: ${name}. I will show distances from there.`,
};

const HOME_BUTTON: Record<Language, string> = { fi: "Tallenna", sv: "Spara", en: "Save" };

/** The card asking for the home municipality. */
export function homeCard(language: Language): BotReply["cards"][number] {
  return buildHomeMunicipalityCard({
    language,
    question: HOME_MUNICIPALITY_QUESTION[language],
    label: `${HOME_MUNICIPALITY_QUESTION[language].split("?")[0]}?`,
    choices: MUNICIPALITY_CHOICES.map((code) => ({ title: municipalityName(code, language) ?? code, value: code })),
    buttonLabel: HOME_BUTTON[language],
  });
}

/** The home card's submit: saves the municipality, or asks again when it is not one we know. */
export async function saveHome(homes: HomeStore, conversationId: string, value: Readonly<Record<string, unknown>>, language: Language): Promise<BotReply> {
  const code = typeof value.municipality === "string" ? municipalityCode(value.municipality) : undefined;
  if (!code) return makeReply({ language, text: HOME_MUNICIPALITY_QUESTION[language], outcome: "clarify" });
  await homes.setHome(conversationId, code);
  return makeReply({ language, text: HOME_SAVED[language](municipalityName(code, language) ?? code), outcome: "help" });
}

/** Distance from home on every placed result: a line on its card and in its text line, and the straight-line note once. */
export function withDistances(reply: BotReply, results: readonly SearchResult[], home: string): BotReply {
  const language = reply.language;
  let shown = false;
  let text = reply.text;
  const cards = [...reply.cards];
  results.forEach((result, index) => {
    const label = distanceLabel(home, result.municipalityCode, language);
    if (!label || !cards[index]) return;
    cards[index] = withCardLine(cards[index]!, `📍 ${label}`);
    text = annotateResultLine(text, index + 1, label);
    shown = true;
  });
  return { ...reply, cards, text: shown ? `${text}\n\n${STRAIGHT_LINE_NOTE[language]}` : text };
}

function isOpenResult(result: SearchResult, today: string): boolean {
  return !result.validUntil || result.validUntil >= today;
}

export interface NearbyDeps {
  readonly searcher: Searcher;
  readonly occupationItems: OccupationItemFinder;
  /** Minimum search score of a usable result. */
  readonly minScore: number;
  readonly nearKm: number;
}

/**
 * Few near, more farther: when fewer than three results are within `nearKm` of `anchor`, the
 * sentence saying so and the nearest other open items of the same kind and occupation, numbered
 * after the answer's own results. Only on answers: a no-answer offers the nearest alternatives in
 * the conversation core, and "found nothing" followed by a list would contradict itself.
 */
export async function withNearbyAlternatives(
  deps: NearbyDeps,
  input: { reply: BotReply; results: readonly SearchResult[]; plan: SearchPlan; kind: ItemKind | undefined; anchor: string; occupations: readonly string[]; today: string },
): Promise<BotReply> {
  const { reply, kind, anchor } = input;
  const language = reply.language;
  const placed = input.results.filter((result) => result.municipalityCode);
  const local = planCommute(placed, { homeCode: anchor, radiusKm: deps.nearKm });
  if (local.near.length >= 3) return reply;
  // Same occupations as the results (or as the query names): a cheap indexed lookup; a query
  // without a known occupation falls back to a second, wider search.
  const pool =
    input.occupations.length > 0 && kind
      ? await deps.occupationItems.findOpen({ kind, occupations: [...input.occupations], today: input.today, limit: 50 })
      : (await deps.searcher.search({ query: input.plan.query, kind, preferMunicipality: anchor, limit: 12, today: input.today })).results;
  const shownIds = new Set(input.results.map((result) => result.id));
  const candidates = pool.filter(
    (result) =>
      result.score >= deps.minScore &&
      isOpenResult(result, input.today) &&
      !shownIds.has(result.id) &&
      (!kind || result.kind === kind) &&
      (!input.plan.employmentType || result.employmentType === input.plan.employmentType),
  );
  const plan = planCommute([...placed, ...candidates], { homeCode: anchor, radiusKm: deps.nearKm });
  const sentence = scarcityMessage(plan, language, kind);
  // The straight-line note once per reply: distances may have added it already.
  const message = sentence && reply.text.includes(STRAIGHT_LINE_NOTE[language]) ? sentence.replace(` ${STRAIGHT_LINE_NOTE[language]}`, "") : sentence;
  if (!message) return reply;
  // Near ones the answer did not show yet (e.g. a neighbouring municipality), then the nearest farther ones.
  const farther = [...plan.near, ...plan.farther.flatMap((group) => group.results)]
    .filter((result): result is SearchResult => "id" in result && !shownIds.has(result.id))
    .slice(0, 4);
  // Numbered after the answer's own results so [n] stays unambiguous.
  const start = reply.cards.length;
  const labelOf = (result: SearchResult) => (result.municipalityCode ? distanceLabel(anchor, result.municipalityCode, language) : undefined);
  const cards = farther.map((result, index) => {
    const card = buildResultCard(
      { ...result, municipality: result.municipalityCode ? municipalityName(result.municipalityCode, language) : result.municipality },
      { language, today: input.today, position: start + index + 1 },
    );
    const label = labelOf(result);
    return label ? withCardLine(card, `📍 ${label}`) : card;
  });
  const lines = farther.map((result, index) => {
    const label = labelOf(result);
    return `[${start + index + 1}] ${escapeMarkdown(result.title)}${label ? ` (${label})` : ""}`;
  });
  // Alternatives are offered in the text and as cards, but not cited as sources of the answer: the
  // person asked about a place, and the answer's sources stay what matched there.
  return { ...reply, text: [reply.text, message, ...lines].join("\n\n"), cards: [...reply.cards, ...cards] };
}
