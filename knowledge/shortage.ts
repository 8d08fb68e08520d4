import { z } from "zod";
import type { Language } from "./item.js";
import { distanceKm, employmentAreas, municipalityByCode } from "./municipalities.js";
import { loadVocabulary } from "./terms.js";

/**
 * Labour-shortage guidance. Area admins keep, per employment area, the ISCO-08 occupations that
 * the region's public sources (e.g. the occupational barometer, Ammattibarometri) list as short of
 * labour; the bot marks vacancies in those occupations and, for career-change and training
 * questions, suggests open trainings leading to them. Pure, apart from the `ShortageStore` port.
 */

/** ISCO-08 code of 1–4 digits; a shorter code covers every occupation under it. */
export const iscoCodeSchema = z.string().trim().regex(/^\d{1,4}$/, "expected an ISCO-08 code (1–4 digits)");

export interface ShortageOccupation {
  readonly isco: string;
  /** The admin's own label; otherwise the term file's label is shown. */
  readonly label?: string | undefined;
}

/** One employment area's list as an area admin saved it. */
export interface ShortageList {
  /** Employment area id of knowledge/geo/municipalities.json, e.g. "keski-pohjanmaa". */
  readonly area: string;
  /** Date of the public source (ISO date). */
  readonly asOf: string;
  readonly source: { readonly name: string; readonly url?: string | undefined };
  readonly occupations: readonly ShortageOccupation[];
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** Persistence of the lists (knowledge/sql-shortage-store.ts). */
export interface ShortageStore {
  lists(): Promise<ShortageList[]>;
  /** Replaces one area's list in one transaction (an empty occupation list keeps the source record). */
  replace(list: Omit<ShortageList, "updatedAt">): Promise<ShortageList>;
}

/** Employment area ids known to the geo file. */
export function employmentAreaIds(): string[] {
  return employmentAreas()
    .map((area) => area.id ?? area.key)
    .filter((id): id is string => Boolean(id));
}

/** The employment area a municipality belongs to (undefined outside the partner areas). */
export function employmentAreaOf(municipalityCode: string): string | undefined {
  for (const area of employmentAreas()) {
    if (area.members.includes(municipalityCode)) return area.id ?? area.key;
  }
  return municipalityByCode(municipalityCode)?.employmentArea ?? undefined;
}

/** Display name of an employment area. */
export function employmentAreaName(areaId: string, language: Language): string {
  const area = employmentAreas().find((candidate) => (candidate.id ?? candidate.key) === areaId);
  return (area?.[language] as string | undefined) ?? area?.fi ?? areaId;
}

/** Preferred fi/sv/en label of an ISCO code from the term file, else the admin's label, else the code. */
export function occupationLabel(occupation: ShortageOccupation, language: Language): string {
  const entry = loadVocabulary().byIsco.get(occupation.isco);
  return entry?.labels[language][0] ?? entry?.labels.fi[0] ?? occupation.label ?? `ISCO ${occupation.isco}`;
}

function covers(listCode: string, itemCode: string): boolean {
  return itemCode.startsWith(listCode);
}

/**
 * The shortage list that covers a vacancy: its occupation is listed for the employment area of the
 * vacancy's municipality (a vacancy without a municipality is judged by every list).
 */
export function shortageListFor(
  lists: readonly ShortageList[],
  item: { readonly occupation?: string | undefined; readonly municipalityCode?: string | undefined },
): ShortageList | undefined {
  if (!item.occupation) return undefined;
  const area = item.municipalityCode ? employmentAreaOf(item.municipalityCode) : undefined;
  return lists.find(
    (list) => (!item.municipalityCode || list.area === area) && list.occupations.some((entry) => covers(entry.isco, item.occupation!)),
  );
}

/** "Pula-ammatti (Ammattibarometri, Keski-Pohjanmaa, 1.9.2026)": the mark on a vacancy card. */
export function shortageMark(list: ShortageList, language: Language): string {
  const [year, month, day] = list.asOf.split("-");
  const date = `${Number(day)}.${Number(month)}.${year}`;
  const label = { fi: "Pula-ammatti", sv: "Bristyrke", en: "Shortage occupation" }[language];
  return `${label} (${list.source.name}, ${date})`;
}

/** Short explanation shown once per answer under marked vacancies. */
export const SHORTAGE_EXPLANATION: Readonly<Record<Language, string>> = {
  fi: "Pula-ammatti tarkoittaa, että alueella on julkisen lähteen mukaan pulaa tämän alan osaajista.",
  sv: "Bristyrke betyder att det enligt en offentlig källa råder brist på arbetskraft inom yrket i området.",
  en: "A shortage occupation is one where, according to a public source, the area lacks workers.",
};

/**
 * Questions about changing career, retraining or training in general: the moments to point at
 * occupations short of labour. Word stems in Finnish, Swedish and English.
 */
const CAREER_CHANGE = [
  /alan ?vaihto|alanvaihta|vaihtaa alaa|vaihtaisin alaa|uudelleen ?koulut|uusi ammatti|uuden ammatin|uudelle alalle|uralle|uravaihto|urava?ihdo|kouluttautu|mille alalle|mitä alaa|mille alalle|opiskelemaan|koulutukse|koulutus/u,
  /byta (?:bransch|yrke|karriär)|byte av (?:bransch|yrke)|karriärbyte|omskol|nytt yrke|vidareutbild|utbildning/u,
  /career change|change (?:my )?career|changing careers?|new career|retrain|re-?skill|new profession|which field|training|course/u,
];

export function isCareerChangeQuestion(text: string): boolean {
  const lower = text.toLocaleLowerCase("fi");
  return CAREER_CHANGE.some((pattern) => pattern.test(lower));
}

/** A search result as suggestions need it (SearchResult fits). */
export interface GuidanceItem {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly occupation?: string | undefined;
  readonly municipalityCode?: string | undefined;
}

export interface ShortageSuggestion<T extends GuidanceItem> {
  readonly isco: string;
  readonly label: string;
  readonly list: ShortageList;
  readonly trainings: readonly T[];
  /** Open vacancies in the occupation near the person (or anywhere in the area without a home). */
  readonly vacancies: readonly T[];
}

/**
 * Open trainings that lead to shortage occupations of the employment areas near the person, with
 * the open vacancies in those occupations; occupations with vacancies first. `items` must be open.
 */
export function suggestShortageTrainings<T extends GuidanceItem>(input: {
  readonly lists: readonly ShortageList[];
  readonly items: readonly T[];
  readonly language: Language;
  /** The person's home municipality; without it, every list counts. */
  readonly homeCode?: string | undefined;
  /** Lists of areas with a member municipality within this distance of home count as nearby. */
  readonly radiusKm?: number;
  readonly limit?: number;
}): ShortageSuggestion<T>[] {
  const radius = input.radiusKm ?? 60;
  const nearby = input.lists.filter((list) => {
    if (!input.homeCode) return true;
    const area = employmentAreas().find((candidate) => (candidate.id ?? candidate.key) === list.area);
    const members = area?.members ?? [];
    return members.some((code) => (distanceKm(input.homeCode!, code) ?? Infinity) <= radius);
  });
  const within = (item: T) =>
    !input.homeCode || !item.municipalityCode || (distanceKm(input.homeCode, item.municipalityCode) ?? Infinity) <= radius;
  const suggestions: ShortageSuggestion<T>[] = [];
  const seen = new Set<string>();
  for (const list of nearby) {
    for (const occupation of list.occupations) {
      if (seen.has(occupation.isco)) continue;
      const trainings = input.items.filter(
        (item) => item.kind === "training" && item.occupation && covers(occupation.isco, item.occupation) && within(item),
      );
      if (trainings.length === 0) continue;
      seen.add(occupation.isco);
      const vacancies = input.items.filter(
        (item) => item.kind === "vacancy" && item.occupation && covers(occupation.isco, item.occupation) && within(item),
      );
      suggestions.push({ isco: occupation.isco, label: occupationLabel(occupation, input.language), list, trainings, vacancies });
    }
  }
  return suggestions
    .sort((left, right) => right.vacancies.length - left.vacancies.length)
    .slice(0, input.limit ?? 3);
}

/**
 * The guidance paragraph, e.g. "Alueella on pulaa näiden alojen osaajista (Ammattibarometri, …):
 * lähihoitaja – 2 koulutusta, 3 avointa työpaikkaa lähellä."
 */
export function shortageGuidanceText<T extends GuidanceItem>(
  suggestions: readonly ShortageSuggestion<T>[],
  language: Language,
): string | undefined {
  const first = suggestions[0];
  if (!first) return undefined;
  const sources = [...new Set(suggestions.map((suggestion) => suggestion.list.source.name))].join(", ");
  const lines = suggestions.map((suggestion) => {
    const trainings = suggestion.trainings.length;
    const vacancies = suggestion.vacancies.length;
    if (language === "fi") {
      return `${suggestion.label}: ${trainings} ${trainings === 1 ? "koulutus" : "koulutusta"}, ${vacancies} ${vacancies === 1 ? "avoin työpaikka" : "avointa työpaikkaa"}`;
    }
    if (language === "sv") {
      return `${suggestion.label}: ${trainings} ${trainings === 1 ? "utbildning" : "utbildningar"}, ${vacancies} ${vacancies === 1 ? "ledigt jobb" : "lediga jobb"}`;
    }
    return `${suggestion.label}: ${trainings} ${trainings === 1 ? "training" : "trainings"}, ${vacancies} open ${vacancies === 1 ? "job" : "jobs"}`;
  });
  const head = {
    fi: `Näillä aloilla on alueella pulaa työntekijöistä (${sources}), ja niihin on nyt avoimia koulutuksia:`,
    sv: `Inom de här yrkena råder brist på arbetskraft i området (${sources}), och det finns öppna utbildningar:`,
    en: `These occupations are short of workers in the area (${sources}) and have open trainings now:`,
  }[language];
  return [head, ...lines.map((line) => `• ${line}`)].join("\n");
}

