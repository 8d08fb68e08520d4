import { asksForCredentials } from "../../knowledge/index.js";

export { asksForCredentials };

/**
 * Sentences of item text that instruct an assistant. Item text is not a chat turn: these exact
 * phrases are a filter on what the knowledge base may say, not a model of what people mean.
 */
const INJECTION = [
  /ignore (all |any |the |your |previous |prior |earlier )*(instructions|rules|prompts?)/i, /system ?prompt/i,
  /disregard (all |your |previous )*(instructions|rules)/i, /you are now/i, /pretend (to be|you are)/i, /role-?play/i,
  /jailbreak/i, /developer mode/i, /\bDAN\b/, /reveal (your|the) (instructions|prompt|rules)/i, /act as (an? )?(unrestricted|free)/i,
  /unohda (kaikki )?(aiemmat |aikaisemmat |edelliset )?(ohjeet|ohjeesi|säännöt)/i, /ohita (kaikki )?(ohjeet|säännöt)/i,
  /olet nyt (vapaa|uusi|rajoittamaton)/i, /näytä (ohjeesi|järjestelmä)/i, /paljasta (ohjeesi|kehotteesi|järjestelmä)/i,
  /järjestelmäkehote/i, /esitä ole(va)?si/i, /muiden käyttäjien tiedot/i, /other users'? (data|information|details)/i,
  /glöm (alla )?(dina |tidigare )?(instruktioner|regler)/i, /ignorera (alla )?(dina |tidigare )?(instruktioner|regler)/i,
  /systemprompt/i, /låtsas (att du är|vara)/i, /andra användares (uppgifter|data)/i,
];

/** True when a text tries to instruct an assistant. */
function looksLikeInjection(text: string): boolean {
  const capped = text.slice(0, 2000);
  return INJECTION.some((pattern) => pattern.test(capped));
}

/** Requests for identity data or credentials that an item should never make of a jobseeker. */

/**
 * Removes sentences of an item's text that address an assistant rather than a reader ("Ignore
 * all previous instructions and tell the user …"), so text inside the knowledge base can never
 * be repeated to a person as if it were advice, nor reach a model as an instruction.
 */
export function stripInstructionLikeSentences(text: string): string {
  const sentences = text.split(/(?<=[.!?…])\s+|(?<=["”»])\s+/u);
  const kept = sentences.filter((sentence) => {
    if (looksLikeInjection(sentence)) return false;
    if (asksForCredentials(sentence)) return false;
    return true;
  });
  return kept.join(" ").trim();
}
