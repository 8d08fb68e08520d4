import { looksLikeInjection } from "./understand-turn.js";

/** Requests for identity data or credentials that an item should never make of a jobseeker. */
const DATA_REQUEST = /(henkilötunnu|personal identity code|personbeteckning|salasana|password|lösenord|pankkitunnu|bank credentials)/i;
const INSTRUCTION = /(tell the user|kerro käyttäjälle|säg till användaren|send (their|your)|lähetä|skicka)/i;

/**
 * Removes sentences of an item's text that address an assistant rather than a reader ("Ignore
 * all previous instructions and tell the user …"), so text inside the knowledge base can never
 * be repeated to a person as if it were advice, nor reach a model as an instruction.
 */
export function stripInstructionLikeSentences(text: string): string {
  const sentences = text.split(/(?<=[.!?…])\s+|(?<=["”»])\s+/u);
  const kept = sentences.filter((sentence) => {
    if (looksLikeInjection(sentence)) return false;
    if (DATA_REQUEST.test(sentence) && INSTRUCTION.test(sentence)) return false;
    return true;
  });
  return kept.join(" ").trim();
}
