import { finnishFromCase, finnishLocative, finnishToCase, roundedDistanceKm } from "../../knowledge/index.js";
import { municipalityName, type Language } from "../../knowledge/index.js";

/**
 * Answers "how far is it" questions with the straight-line distance between municipal centres
 * (knowledge/geo/municipalities.json). Every answer says that it is a straight line and that the
 * road is longer, because no road network is shipped. Pure.
 */

/** The distance sentence, e.g. "Lestijärveltä Kaustiselle on linnuntietä noin 48 km. Tietä pitkin matka on pidempi." */
export function answerDistance(input: { fromCode: string; toCode: string; language: Language }): string {
  const { fromCode, toCode, language } = input;
  const km = roundedDistanceKm(fromCode, toCode);
  if (km === undefined) {
    return {
      fi: "En tunne toista näistä paikoista, joten en osaa kertoa matkaa. Kerrotko kunnan nimen?",
      sv: "Jag känner inte till den ena platsen, så jag kan inte säga avståndet. Vilken kommun menar du?",
      en: "I do not know one of these places, so I cannot tell the distance. Which municipality do you mean?",
    }[language];
  }
  const from = municipalityName(fromCode, language) ?? fromCode;
  const to = municipalityName(toCode, language) ?? toCode;
  if (fromCode === toCode) {
    return {
      fi: `Molemmat ovat ${finnishLocative(fromCode)}, samassa kunnassa.`,
      sv: `Båda finns i ${from}, i samma kommun.`,
      en: `They are both in ${from}, the same municipality.`,
    }[language];
  }
  return {
    fi: `${finnishFromCase(fromCode)} ${finnishToCase(toCode)} on linnuntietä noin ${km} km. Tietä pitkin matka on pidempi.`,
    sv: `Från ${from} till ${to} är det cirka ${km} km fågelvägen. Vägen är längre.`,
    en: `From ${from} to ${to} it is about ${km} km in a straight line. The distance by road is longer.`,
  }[language];
}

/**
 * Which two places a distance question is about. Two places named: between them, in the order
 * said. One named: from home (else the page's municipality), or, when that is unknown or is the named place ("how far is that
 * from Veteli"), from the named place to the shown item's place (else the last place talked
 * about). None named: from home to the shown item's or last place. Undefined when the start is
 * unknown; the caller then asks where from.
 */
export function pickDistancePair(input: {
  /** Municipality codes in order of mention. */
  mentioned: readonly string[];
  home?: string | undefined;
  /** The municipality of the page the chat is embedded on ("how far is that from here?"); stands in for an unknown home. */
  page?: string | undefined;
  lastPlace?: string | undefined;
  shownItemPlace?: string | undefined;
}): { fromCode: string; toCode: string } | undefined {
  const [first, second] = [...new Set(input.mentioned)];
  const target = input.shownItemPlace ?? input.lastPlace;
  const home = input.home ?? input.page;
  if (first && second) return { fromCode: first, toCode: second };
  if (first) {
    if (home && home !== first) return { fromCode: home, toCode: first };
    return target ? { fromCode: first, toCode: target } : undefined;
  }
  return home && target ? { fromCode: home, toCode: target } : undefined;
}
