import { findPlaces, kindOfWordOrTail, languageWords, tokenize, type Language } from "../../../knowledge/index.js";
import type { ItemFieldLabel } from "../../understanding/index.js";
import { makeReply, talkToPersonAction } from "../compose-reply.js";
import { answerItemQuestion, guessItemField, resolveItemReference, type ShownItem } from "../item-question.js";
import type { ConversationMemory } from "../memory.js";
import { simple, type TurnContextData, type TurnResult } from "./turn-context.js";

/**
 * A question about an item the bot just showed ("paljonko se maksaa?", "is the Kaustinen one
 * remote?"): answered from that item's own fields with the item cited, or honestly saying that the
 * item does not tell.
 */
export function itemQuestionTurn(
  context: TurnContextData,
  options: { fields: readonly ItemFieldLabel[]; language: Language; memory: ConversationMemory },
): TurnResult {
  const { memory, language } = options;
  const items = memory.lastResults ?? [];
  const text = context.questionRedacted;
  const item = resolveItemReference(text, items) ?? items[0]!;
  const guessed = guessItemField(text);
  const fields = [...new Set([...options.fields, ...(guessed ? [guessed] : [])])].slice(0, 2);
  const answers = fields.map((field) => answerItemQuestion({ item, field, question: text, language, today: context.deps.today() }));
  const found = answers.some((answer) => answer.found);
  const reply = makeReply({
    language,
    outcome: "answer",
    text: answers.map((answer) => answer.text).join("\n\n"),
    sources: [item.id],
    citations: [{ position: 1, id: item.id, name: item.title, url: item.url, abstract: item.description.slice(0, 150) }],
    suggestedActions: [talkToPersonAction(language)],
    feedback: true,
  });
  const next: ConversationMemory = { ...memory, lastPlace: item.municipalityCode ?? memory.lastPlace };
  return simple(context, next, reply, "answer", found ? "item-question" : "item-question-not-told", { sources: [item.id], topicKind: item.kind });
}

/**
 * Whether a question is about one of the shown items: it points at one (a reference word such as
 * "se", "den", "it", or the item's place, title or position) or names nothing but what it asks
 * ("paljonko maksaa?"). "missä on lähin asiointipiste?" after a Kela service names something new.
 */
export function shownItemQuestion(text: string, items: readonly ShownItem[]): { refers: boolean; pointsAt: boolean; asksField: boolean } {
  const asksField = guessItemField(text) !== undefined;
  if (items.length === 0) return { refers: false, pointsAt: false, asksField };
  const words = languageWords();
  const tokens = tokenize(text.slice(0, 500));
  const content = tokens.filter(
    (token) =>
      token.length > 3 &&
      !words.stopWords.has(token) &&
      !words.referenceWords.has(token) &&
      !kindOfWordOrTail(token) &&
      guessItemField(token) === undefined &&
      findPlaces(token).length === 0 &&
      !/^\d+$/.test(token),
  );
  // A word none of the shown items has ("starttiraha, voiko sitä hakea?") starts a new topic.
  const itemWords = new Set(items.flatMap((item) => tokenize(`${item.title} ${item.organization ?? ""} ${item.description}`)));
  // Same word up to an inflection ending: one is the start of the other, at most four letters apart.
  const known = (word: string) =>
    itemWords.has(word) ||
    [...itemWords].some((other) => Math.abs(other.length - word.length) <= 4 && (other.startsWith(word) || word.startsWith(other)) && Math.min(other.length, word.length) >= 4);
  if (content.some((word) => !known(word))) return { refers: false, pointsAt: false, asksField };
  const pointsAt = tokens.some((token) => words.referenceWords.has(token)) || resolveItemReference(text, items) !== undefined;
  return { refers: pointsAt || content.length === 0, pointsAt, asksField };
}
