import type { Language } from "../../knowledge/item.js";

/**
 * Guesses fi/sv/en from common function words. franc-min is not used because it only knows
 * languages with more than eight million speakers and has no Finnish, so it labels Finnish text
 * Swedish; a stop-word count is reliable for the three languages we accept.
 */
const STOP_WORDS: Readonly<Record<Language, ReadonlySet<string>>> = {
  fi: new Set(
    "ja on ei että tai sekä voi myös kanssa ovat oli ole jos kun tämä tämän nämä se ne sinä hän me te he mukaan sinun teidän joka jotka mutta vain kuin siitä sen niin noin klo".split(
      " ",
    ),
  ),
  sv: new Set(
    "och är att som för med det en ett på av till inte har kan vi du ni de den om eller men från vid hos också eller efter".split(
      " ",
    ),
  ),
  en: new Set(
    "the and is are to of for with you your we in on this that be or not from by at as can will have has an".split(" "),
  ),
};

/** The most likely language of `text`, or `fallback` when no function word is recognised. */
export function detectLanguage(text: string, fallback: Language = "fi"): Language {
  const words = text.toLowerCase().split(/[^\p{L}]+/u).slice(0, 2000);
  const scores: Record<Language, number> = { fi: 0, sv: 0, en: 0 };
  for (const word of words) {
    for (const language of ["fi", "sv", "en"] as const) {
      if (STOP_WORDS[language].has(word)) scores[language] += 1;
    }
  }
  const best = (Object.entries(scores) as Array<[Language, number]>).sort((left, right) => right[1] - left[1])[0]!;
  return best[1] === 0 ? fallback : best[0];
}
