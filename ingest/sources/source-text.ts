import { helsinkiDate, isIsoDate } from "../../knowledge/index.js";
import { EMPLOYMENT_TYPES, LANGUAGES, type Language } from "../../knowledge/index.js";
import { municipalityByCode } from "../../knowledge/index.js";
import { tidyWhitespace, toPlainText } from "../../knowledge/index.js";

export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

/** Text of a field that may carry HTML (Konfo descriptions, JSON-LD `description`), as plain text. */
export function plainText(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const cleaned = tidyWhitespace(toPlainText(value));
  return cleaned || undefined;
}

/** Paragraphs joined by a blank line, without empty or repeated ones. */
export function joinParagraphs(parts: ReadonlyArray<string | undefined>): string | undefined {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const part of parts) {
    const text = part?.trim();
    if (!text || seen.has(text)) continue;
    seen.add(text);
    kept.push(text);
  }
  return kept.length > 0 ? kept.join("\n\n") : undefined;
}

/** "fi", "FI", "fi-FI", "fin", "sv_SE" → the item language; anything else → undefined. */
export function itemLanguage(code: string | null | undefined): Language | undefined {
  const prefix = code?.trim().toLowerCase().slice(0, 2);
  if (prefix === "sw") return undefined;
  return (LANGUAGES as readonly string[]).includes(prefix ?? "") ? (prefix as Language) : undefined;
}

/**
 * Calendar day (Europe/Helsinki) of a source timestamp. Timestamps with an offset are converted
 * (a deadline of 21:59Z is 23:59 in Helsinki); naive ones are taken as local time already.
 */
export function helsinkiDay(value: string | null | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const time = Date.parse(text);
    return Number.isNaN(time) ? undefined : helsinkiDate(new Date(time));
  }
  const day = text.slice(0, 10);
  return isIsoDate(day) ? day : undefined;
}

/** A Statistics Finland code that the gazetteer knows ("74" → "074"), else undefined. */
export function knownMunicipality(code: string | number | null | undefined): string | undefined {
  if (code === null || code === undefined) return undefined;
  const padded = String(code).trim().padStart(3, "0");
  return /^\d{3}$/.test(padded) && municipalityByCode(padded) ? padded : undefined;
}

/**
 * One employment type from several signals: seasonal and temporary say more about the job than
 * its hours, so they win over part-time, which wins over full-time.
 */
export function pickEmploymentType(types: Iterable<EmploymentType | undefined>): EmploymentType | undefined {
  const present = new Set(types);
  for (const type of ["seasonal", "temporary", "part-time", "full-time"] as const) if (present.has(type)) return type;
  return undefined;
}

const PHONE = /^[+()\d][\d\s()+-]{4,}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const WEB = /^https?:\/\/[^\s]+$/i;

/** Contact fields are optional: a malformed one is dropped rather than rejecting the whole item. */
export function safePhone(value: string | null | undefined): string | undefined {
  const text = value?.replace(/\s+/g, " ").trim();
  return text && text.length <= 50 && PHONE.test(text) ? text : undefined;
}

export function safeEmail(value: string | null | undefined): string | undefined {
  const text = value?.trim();
  return text && text.length <= 320 && EMAIL.test(text) ? text : undefined;
}

export function safeUrl(value: string | null | undefined): string | undefined {
  const text = value?.trim();
  return text && text.length <= 2000 && WEB.test(text) ? text : undefined;
}

/** Cuts text to `max` characters at a word boundary, marking the cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}
