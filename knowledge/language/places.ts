import { allMunicipalities, municipalityCode, municipalityForms } from "../municipalities.js";
import { tokenize } from "./tokenize.js";
import { languageWords } from "./words.js";

/** A municipality named in a text. */
export interface PlaceMention {
  /** Statistics Finland code. */
  readonly code: string;
  /** The word(s) as written, lower-cased. */
  readonly surface: string;
  /** Index of the first token of the mention. */
  readonly tokenIndex: number;
  /** How many tokens the mention spans (1, or 2 for "i vetil"-style forms). */
  readonly tokenCount: number;
}

/** Base names (fi and sv) of municipalities → code, for endings the gazetteer's forms miss. */
let baseNames: Array<readonly [string, string]> | undefined;
function municipalityBaseNames(): Array<readonly [string, string]> {
  if (baseNames) return baseNames;
  baseNames = allMunicipalities()
    .flatMap((municipality) =>
      [municipality.fi, municipality.sv ?? undefined]
        .filter((name): name is string => Boolean(name))
        .map((name) => [name.toLowerCase(), municipality.code] as const),
    )
    .filter(([name]) => name.length >= 4 && !name.includes(" "));
  return baseNames;
}

/**
 * Finnish case endings after a place name's base form ("kokkola|a", "perho|on", "karstula|ssa"),
 * and the clipped spoken forms ("toholammil", "kokkolas", "perhost").
 */
const PLACE_ENDINGS = new Set([
  "", "a", "ä", "n", "on", "an", "än", "hin", "seen", "lle", "lla", "llä", "lta", "ltä", "ssa", "ssä", "sta", "stä",
  "s", "ts", "l", "st", "lt", "lt", "ll", "ss", "ssaki", "llaki",
]);

/** The municipality the token at `index` names (one or two tokens), else undefined. */
export function placeAt(tokens: readonly string[], index: number): { code: string; tokenCount: number } | undefined {
  const token = tokens[index]!;
  if (token.length < 3 || /^\d+$/.test(token)) return undefined;
  const forms = municipalityForms();
  const next = tokens[index + 1];
  if (next && forms.has(`${token} ${next}`)) return { code: forms.get(`${token} ${next}`)!, tokenCount: 2 };
  if (languageWords().stopWords.has(token) && !forms.has(token)) return undefined;
  const code = municipalityCode(token);
  if (code) return { code, tokenCount: 1 };
  for (const [name, nameCode] of municipalityBaseNames()) {
    if (token.startsWith(name) && PLACE_ENDINGS.has(token.slice(name.length))) return { code: nameCode, tokenCount: 1 };
  }
  // Spoken clipped locatives of consonant-gradation stems: "toholammil" (toholammilla), "vetelis" (vetelissä).
  for (const ending of ["l", "s", "st", "lt"]) {
    if (token.length > 5 && token.endsWith(ending)) {
      const restored = municipalityCode(`${token}${ending === "l" ? "la" : ending === "s" ? "sa" : "a"}`) ??
        municipalityCode(`${token}${ending === "l" ? "lä" : ending === "s" ? "sä" : "ä"}`);
      if (restored) return { code: restored, tokenCount: 1 };
    }
  }
  return undefined;
}

/** Every municipality named in a text, in order (inflected Finnish and Swedish forms). */
export function findPlaces(text: string): PlaceMention[] {
  const tokens = tokenize(text);
  const mentions: PlaceMention[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const found = placeAt(tokens, index);
    if (!found) continue;
    mentions.push({ code: found.code, surface: tokens.slice(index, index + found.tokenCount).join(" "), tokenIndex: index, tokenCount: found.tokenCount });
    index += found.tokenCount - 1;
  }
  return mentions;
}

/** Whether the text says "near" ("lähellä", "nära", "around") anywhere. */
export function mentionsNear(tokens: readonly string[]): boolean {
  const near = languageWords().nearWords;
  return tokens.some((token) => near.has(token));
}
