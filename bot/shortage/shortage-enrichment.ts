import { withCardLine } from "../../adaptive-cards/index.js";
import {
  isCareerChangeQuestion,
  SHORTAGE_EXPLANATION,
  shortageGuidanceText,
  shortageListFor,
  shortageMark,
  suggestShortageTrainings,
  type ItemFilter,
  type ItemKind,
  type SearchResult,
  type ShortageList,
  type StoredItem,
} from "../../knowledge/index.js";
import { escapeMarkdown } from "../../platform/index.js";
import type { BotReply } from "../conversation/bot-reply.js";
import { annotateResultLine } from "../conversation/compose-reply.js";

/**
 * Shortage occupations in answers: vacancies of an occupation on the area's shortage list are
 * marked (card line and text), and career-change or training questions get the guidance sentence
 * with trainings that lead to a shortage occupation near the person.
 */
export interface ShortageEnrichmentDeps {
  readonly items: { listItems(filter: ItemFilter): Promise<{ items: StoredItem[] }> };
}

export async function withShortageGuidance(
  deps: ShortageEnrichmentDeps,
  input: {
    reply: BotReply;
    results: readonly SearchResult[];
    lists: readonly ShortageList[];
    kind: ItemKind | undefined;
    question: string;
    homeCode: string | undefined;
    today: string;
  },
): Promise<BotReply> {
  const { lists } = input;
  let reply = input.reply;
  const language = reply.language;
  if (lists.length === 0) return reply;
  let marked = false;
  const cards = [...reply.cards];
  let text = reply.text;
  input.results.forEach((result, index) => {
    if (result.kind !== "vacancy" || !cards[index]) return;
    const list = shortageListFor(lists, { occupation: result.occupation, municipalityCode: result.municipalityCode });
    if (!list) return;
    const mark = shortageMark(list, language);
    cards[index] = withCardLine(cards[index]!, `⚑ ${mark}`, "Good");
    text = annotateResultLine(text, index + 1, mark);
    marked = true;
  });
  reply = { ...reply, cards, text: marked ? `${text}\n\n${SHORTAGE_EXPLANATION[language]}` : text };
  if (!isCareerChangeQuestion(input.question) && input.kind !== "training") return reply;
  const [trainings, vacancies] = await Promise.all([
    deps.items.listItems({ kind: "training", validity: "open", today: input.today, limit: 500 }),
    deps.items.listItems({ kind: "vacancy", validity: "open", today: input.today, limit: 500 }),
  ]);
  const items = [...trainings.items, ...vacancies.items].map((item) => ({
    id: item.id,
    kind: item.kind,
    title: item.title,
    occupation: item.occupation,
    municipalityCode: item.municipality,
  }));
  const suggestions = suggestShortageTrainings({ lists, items, language, homeCode: input.homeCode, radiusKm: 60 });
  const guidance = shortageGuidanceText(suggestions, language);
  if (!guidance) return reply;
  const named = suggestions.flatMap((suggestion) => suggestion.trainings.slice(0, 2).map((training) => `– ${escapeMarkdown(training.title)}`)).slice(0, 6);
  return { ...reply, text: [reply.text, guidance, ...named].join("\n\n") };
}
