import type { Language } from "../../../knowledge/index.js";
import type { ItemFieldLabel } from "../../understanding/index.js";
import { makeReply, talkToPersonAction } from "../compose-reply.js";
import { answerItemQuestion, guessItemField, resolveItemReference } from "../item-question.js";
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
