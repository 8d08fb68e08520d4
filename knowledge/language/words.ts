import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { ItemKind, Language } from "../item.js";

const WORDS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "words.json");

const wordsSchema = z.object({
  stopWords: z.array(z.string()),
  nearWords: z.array(z.string()),
  kindWords: z.object({ vacancy: z.array(z.string()), training: z.array(z.string()), service: z.array(z.string()) }),
  employmentTypes: z.object({
    "part-time": z.array(z.string()),
    "full-time": z.array(z.string()),
    temporary: z.array(z.string()),
    seasonal: z.array(z.string()),
  }),
  homeCues: z.array(z.string()),
  hereWords: z.array(z.string()),
  referenceWords: z.array(z.string()),
  qualificationWords: z.array(z.string()),
  languageNames: z.object({ fi: z.array(z.string()), sv: z.array(z.string()), en: z.array(z.string()) }),
});

export type EmploymentType = keyof z.infer<typeof wordsSchema>["employmentTypes"];

/** The word lists of words.json, parsed once: function words, kind words, near/home/here cues. */
export interface LanguageWords {
  readonly stopWords: ReadonlySet<string>;
  readonly nearWords: ReadonlySet<string>;
  readonly kindWords: Readonly<Record<ItemKind, ReadonlySet<string>>>;
  /** Substrings of the lower-cased text that name an employment type ("osa-aika", "deltid"). */
  readonly employmentTypes: ReadonlyArray<readonly [EmploymentType, readonly string[]]>;
  readonly homeCues: ReadonlySet<string>;
  readonly hereWords: ReadonlySet<string>;
  /** Words that point back at something shown ("se", "den", "it", "the first"). */
  readonly referenceWords: ReadonlySet<string>;
  /** Words of a stated qualification ("koulutettu", "utbildad", "qualified"): the person wants work. */
  readonly qualificationWords: ReadonlySet<string>;
  readonly languageNames: ReadonlyMap<string, Language>;
}

let cached: LanguageWords | undefined;

export function languageWords(): LanguageWords {
  if (cached) return cached;
  const parsed = wordsSchema.parse(JSON.parse(readFileSync(WORDS_FILE, "utf8")));
  const languageNames = new Map<string, Language>();
  for (const language of ["fi", "sv", "en"] as const) for (const name of parsed.languageNames[language]) languageNames.set(name, language);
  cached = {
    stopWords: new Set(parsed.stopWords),
    nearWords: new Set(parsed.nearWords),
    kindWords: {
      vacancy: new Set(parsed.kindWords.vacancy),
      training: new Set(parsed.kindWords.training),
      service: new Set(parsed.kindWords.service),
    },
    employmentTypes: Object.entries(parsed.employmentTypes) as Array<[EmploymentType, string[]]>,
    homeCues: new Set(parsed.homeCues),
    hereWords: new Set(parsed.hereWords),
    referenceWords: new Set(parsed.referenceWords),
    qualificationWords: new Set(parsed.qualificationWords),
    languageNames,
  };
  return cached;
}

/** The kind a single word names ("kurssi" → training, "duunia" → vacancy), if any. */
export function kindOfWord(token: string): ItemKind | undefined {
  const words = languageWords().kindWords;
  for (const kind of ["vacancy", "training", "service"] as const) if (words[kind].has(token)) return kind;
  return undefined;
}

/** The kind a word or the last part of a Finnish compound names ("kesäduunei" → vacancy). */
export function kindOfWordOrTail(token: string): ItemKind | undefined {
  const whole = kindOfWord(token);
  if (whole) return whole;
  for (let cut = 3; cut <= token.length - 4; cut += 1) {
    const kind = kindOfWord(token.slice(cut));
    if (kind) return kind;
  }
  return undefined;
}

/** Employment type named in a (lower-cased, capped) text; substring search is linear in the text. */
export function findEmploymentType(normalisedText: string): EmploymentType | undefined {
  for (const [type, stems] of languageWords().employmentTypes) {
    if (stems.some((stem) => normalisedText.includes(stem))) return type;
  }
  return undefined;
}
