import type { ItemKind, Language } from "./item.js";
import { distanceKm, municipalityByCode, municipalityName } from "./municipalities.js";

/**
 * Commute-aware wording: distances from the person's home municipality to each result and the
 * "few near, more farther" answer. Pure; distances are straight lines between the municipal
 * centres of knowledge/geo/municipalities.json, and every text that shows one says so.
 */

/** Results within this distance of home count as "near" unless the caller says otherwise. */
export const DEFAULT_NEAR_RADIUS_KM = 30;
/** Fewer near results than this makes the answer mention the nearest ones farther away. */
const DEFAULT_MINIMUM_NEAR = 3;

export const STRAIGHT_LINE_NOTE: Readonly<Record<Language, string>> = {
  fi: "Etäisyydet ovat linnuntietä kuntakeskusten välillä.",
  sv: "Avstånden är fågelvägen mellan kommuncentrumen.",
  en: "Distances are straight-line distances between municipal centres.",
};

/** Distance between two municipality centres in whole kilometres (undefined for unknown codes). */
export function roundedDistanceKm(fromCode: string, toCode: string): number | undefined {
  const km = distanceKm(fromCode, toCode);
  return km === undefined ? undefined : Math.round(km);
}

const LOCATIVE_ENDINGS = /(?:ssa|ssä|lla|llä)$/;
const FROM_ENDINGS = /(?:sta|stä|lta|ltä)$/;

function capitalise(word: string): string {
  return word.charAt(0).toLocaleUpperCase("fi") + word.slice(1);
}

/**
 * A Finnish case form from the geo file's `forms`: the first one with the wanted ending that shares
 * the name's stem (the list also holds plurals, demonyms and merged former municipalities such as
 * "kälviällä" under Kokkola, which must not be picked).
 */
function pickForm(code: string, endings: RegExp): string | undefined {
  const municipality = municipalityByCode(code);
  if (!municipality) return undefined;
  const stem = municipality.fi.toLocaleLowerCase("fi").slice(0, 3);
  const form = municipality.forms.find(
    (candidate) => !candidate.includes(" ") && candidate.startsWith(stem) && endings.test(candidate),
  );
  return form ? capitalise(form) : undefined;
}

function backVowels(name: string): boolean {
  return /[aou]/i.test(name.replace(/[^aouäöy]/gi, ""));
}

/** "Kaustisella", "Vetelissä", "Kokkolassa": where something is, in Finnish. */
export function finnishLocative(code: string): string {
  const found = pickForm(code, LOCATIVE_ENDINGS);
  if (found) return found;
  const name = municipalityName(code, "fi") ?? code;
  // Unknown forms: the inessive with vowel harmony is right for most place names.
  return `${name}${backVowels(name) ? "ssa" : "ssä"}`;
}

/** "Kaustiselta", "Vetelistä", "Kokkolasta": where a distance is measured from, in Finnish. */
export function finnishFromCase(code: string): string {
  const found = pickForm(code, FROM_ENDINGS);
  if (found) return found;
  const name = municipalityName(code, "fi") ?? code;
  return `${name}${backVowels(name) ? "sta" : "stä"}`;
}

const ALLATIVE_ENDING = /lle$/;
/** Illative endings, most specific first: "laukaan" (genitive) must lose to "laukaaseen". */
const ILLATIVE_ENDINGS = [/seen$/, /([aeiouyäö])h\1n$/, /([aeiouyäö])\1n$/];

/** "Kaustiselle", "Veteliin", "Kannukseen": where to, in Finnish (allative for places said with -lla, else illative). */
export function finnishToCase(code: string): string {
  const locative = finnishLocative(code);
  if (/(?:lla|llä)$/.test(locative)) return pickForm(code, ALLATIVE_ENDING) ?? `${locative.slice(0, -1)}e`;
  for (const ending of ILLATIVE_ENDINGS) {
    const found = pickForm(code, ending);
    if (found) return found;
  }
  const name = municipalityName(code, "fi") ?? code;
  // Unknown forms: a name ending in a vowel lengthens it ("Kokkola" → "Kokkolaan").
  const last = name.slice(-1);
  return /[aeiouyäö]/i.test(last) ? `${name}${last}n` : `${name}iin`;
}

/** "32 km Kaustiselta", "32 km från Kaustby", "32 km from Kaustinen". */
export function formatDistanceFrom(km: number, homeCode: string, language: Language): string {
  const rounded = Math.round(km);
  if (language === "fi") return `${rounded} km ${finnishFromCase(homeCode)}`;
  const name = municipalityName(homeCode, language) ?? homeCode;
  return language === "sv" ? `${rounded} km från ${name}` : `${rounded} km from ${name}`;
}

/**
 * The distance label of one result for a person living in `homeCode`; "in your home municipality"
 * when they are the same, undefined when the result has no place or a place we do not know.
 */
export function distanceLabel(homeCode: string, itemCode: string | undefined, language: Language): string | undefined {
  if (!itemCode) return undefined;
  if (itemCode === homeCode) {
    return { fi: "kotikunnassasi", sv: "i din hemkommun", en: "in your home municipality" }[language];
  }
  const km = distanceKm(homeCode, itemCode);
  return km === undefined ? undefined : formatDistanceFrom(km, homeCode, language);
}

/** A result list entry as commute planning needs it. */
export interface PlacedResult {
  readonly municipalityCode?: string | undefined;
}

export interface FartherGroup<T> {
  readonly municipalityCode: string;
  readonly distanceKm: number;
  readonly results: readonly T[];
}

export interface CommutePlan<T> {
  /** Results in the home municipality or within the radius, nearest first (stable within a place). */
  readonly near: readonly T[];
  /** Results farther away, grouped by municipality, nearest municipality first. */
  readonly farther: ReadonlyArray<FartherGroup<T>>;
  /** Results without a municipality (area-wide or online); they are neither near nor far. */
  readonly unplaced: readonly T[];
  /** Fewer near results than the minimum while farther ones exist: the answer should say so. */
  readonly scarce: boolean;
  readonly homeCode: string;
  readonly radiusKm: number;
}

/** Splits results into near and farther ones around `homeCode`. */
export function planCommute<T extends PlacedResult>(
  results: readonly T[],
  options: { readonly homeCode: string; readonly radiusKm?: number; readonly minimumNear?: number },
): CommutePlan<T> {
  const radiusKm = options.radiusKm ?? DEFAULT_NEAR_RADIUS_KM;
  const minimumNear = options.minimumNear ?? DEFAULT_MINIMUM_NEAR;
  const near: Array<{ result: T; km: number; index: number }> = [];
  const farther = new Map<string, { km: number; results: T[] }>();
  const unplaced: T[] = [];
  results.forEach((result, index) => {
    const code = result.municipalityCode;
    const km = code ? distanceKm(options.homeCode, code) : undefined;
    if (!code || km === undefined) {
      unplaced.push(result);
    } else if (km <= radiusKm) {
      near.push({ result, km, index });
    } else {
      const group = farther.get(code) ?? { km, results: [] };
      group.results.push(result);
      farther.set(code, group);
    }
  });
  near.sort((left, right) => left.km - right.km || left.index - right.index);
  const groups = [...farther.entries()]
    .map(([municipalityCode, group]) => ({ municipalityCode, distanceKm: Math.round(group.km), results: group.results }))
    .sort((left, right) => left.distanceKm - right.distanceKm);
  return {
    near: near.map((entry) => entry.result),
    farther: groups,
    unplaced,
    scarce: near.length < minimumNear && groups.length > 0,
    homeCode: options.homeCode,
    radiusKm,
  };
}

const COUNT_WORDS: Readonly<Record<Language, readonly string[]>> = {
  fi: ["nolla", "yksi", "kaksi", "kolme", "neljä", "viisi", "kuusi", "seitsemän", "kahdeksan", "yhdeksän", "kymmenen"],
  sv: ["noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio"],
  en: ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
};

function countWord(count: number, language: Language, kind?: ItemKind): string {
  // Swedish "jobb" is neuter: "ett ledigt jobb", but "en utbildning".
  if (language === "sv" && count === 1 && kind === "vacancy") return "ett";
  return COUNT_WORDS[language][count] ?? String(count);
}

function openNoun(kind: ItemKind | undefined, count: number, language: Language): string {
  const plural = count !== 1;
  if (language === "fi") {
    // Partitive after "ei ole" and after numbers above one; nominative for exactly one.
    if (kind === "vacancy") return plural ? "avointa työpaikkaa" : "avoin työpaikka";
    if (kind === "training") return plural ? "avointa koulutusta" : "avoin koulutus";
    return plural ? "avointa" : "avoin";
  }
  if (language === "sv") {
    if (kind === "vacancy") return plural ? "lediga jobb" : "ledigt jobb";
    if (kind === "training") return plural ? "öppna utbildningar" : "öppen utbildning";
    return plural ? "öppna" : "öppen";
  }
  if (kind === "vacancy") return plural ? "open jobs" : "open job";
  if (kind === "training") return plural ? "open trainings" : "open training";
  return plural ? "open ones" : "open one";
}

function noneNoun(kind: ItemKind | undefined, language: Language): string {
  if (language === "fi") return kind === "vacancy" ? "avoimia työpaikkoja" : kind === "training" ? "avoimia koulutuksia" : "avoimia";
  if (language === "sv") return kind === "vacancy" ? "lediga jobb" : kind === "training" ? "öppna utbildningar" : "öppna";
  return kind === "vacancy" ? "open jobs" : kind === "training" ? "open trainings" : "open ones";
}

function fartherPhrase<T>(groups: ReadonlyArray<FartherGroup<T>>, language: Language, kind?: ItemKind): string {
  const shown = groups.slice(0, 2).map((group) => {
    const count = countWord(group.results.length, language, kind);
    if (language === "fi") return { place: finnishLocative(group.municipalityCode), km: group.distanceKm, count };
    const name = municipalityName(group.municipalityCode, language) ?? group.municipalityCode;
    return { place: name, km: group.distanceKm, count };
  });
  const [first, second] = shown;
  if (!first) return "";
  if (language === "fi") {
    return `${first.place}, ${first.km} km, on ${first.count}${second ? ` ja ${second.place}, ${second.km} km, ${second.count}` : ""}`;
  }
  if (language === "sv") {
    return `i ${first.place}, ${first.km} km, finns ${first.count}${second ? ` och i ${second.place}, ${second.km} km, ${second.count}` : ""}`;
  }
  return `${first.place}, ${first.km} km away, has ${first.count}${second ? ` and ${second.place}, ${second.km} km away, ${second.count}` : ""}`;
}

/**
 * The sentence of a scarce plan, e.g. "Vetelissä ja sen lähistöllä (alle 30 km) ei nyt ole avoimia
 * työpaikkoja, mutta Kokkolassa, 52 km, on kolme." followed by the straight-line note. Undefined
 * when the plan is not scarce.
 */
export function scarcityMessage<T>(plan: CommutePlan<T>, language: Language, kind?: ItemKind): string | undefined {
  if (!plan.scarce) return undefined;
  const radius = plan.radiusKm;
  const nearCount = plan.near.length;
  const farther = fartherPhrase(plan.farther, language, kind);
  let sentence: string;
  if (language === "fi") {
    const home = `${finnishLocative(plan.homeCode)} ja sen lähistöllä (alle ${radius} km)`;
    sentence =
      nearCount === 0
        ? `${home} ei nyt ole ${noneNoun(kind, "fi")}, mutta ${farther}.`
        : `${home} on nyt vain ${countWord(nearCount, "fi")} ${openNoun(kind, nearCount, "fi")}, mutta ${farther} lisää.`;
  } else if (language === "sv") {
    const home = `i ${municipalityName(plan.homeCode, "sv") ?? plan.homeCode} med omnejd (under ${radius} km)`;
    sentence =
      nearCount === 0
        ? `Just nu finns inga ${noneNoun(kind, "sv")} ${home}, men ${farther}.`
        : `Just nu finns bara ${countWord(nearCount, "sv", kind)} ${openNoun(kind, nearCount, "sv")} ${home}, men ${farther} till.`;
  } else {
    const home = `in ${municipalityName(plan.homeCode, "en") ?? plan.homeCode} or within ${radius} km`;
    sentence =
      nearCount === 0
        ? `There are no ${noneNoun(kind, "en")} ${home} right now, but ${farther}.`
        : `There ${nearCount === 1 ? "is" : "are"} only ${countWord(nearCount, "en")} ${openNoun(kind, nearCount, "en")} ${home} right now, but ${farther} more.`;
  }
  return `${sentence} ${STRAIGHT_LINE_NOTE[language]}`;
}

/** Asks for the home municipality once; the answer is remembered for the conversation. */
export const HOME_MUNICIPALITY_QUESTION: Readonly<Record<Language, string>> = {
  fi: "Missä kunnassa asut? Kerron silloin, kuinka kaukana paikat ovat.",
  sv: "I vilken kommun bor du? Då kan jag berätta hur långt bort platserna finns.",
  en: "Which municipality do you live in? Then I can tell you how far away the places are.",
};
