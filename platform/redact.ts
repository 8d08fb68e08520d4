/**
 * Personal data that jobseekers type into a chat and that must not reach logs, analytics or stored
 * transcripts unless they are handing off. No maintained package knows the Finnish personal
 * identity code, so this is our own. Phone numbers and e-mail addresses are found by scanners that
 * look at every character a bounded number of times, not by regular expressions: a backtracking
 * pattern for them froze the server on an anonymous 90-character message (decision 0004). The one
 * regular expression left has a fixed length and no nested quantifier, and input is cut at
 * MAX_REDACTED_CHARS before anything runs.
 */

/** Longest text redacted; the rest is dropped (chat turns are capped far lower before this). */
export const MAX_REDACTED_CHARS = 20_000;

/** Finnish personal identity code: DDMMYY, century sign (+, -, Y, X, W, V, U, A–F), 3 digits, check. */
const PERSONAL_IDENTITY_CODE = /(?<!\p{N})(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])(\d{2})([-+A-FU-Y])(\d{3})([0-9A-FHJ-NPR-Y])(?![\p{L}\p{N}])/giu;
const CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY";

/** RFC 5321 limits: a local part has at most 64 characters, a domain at most 255. */
const MAX_LOCAL_PART = 64;
const MAX_DOMAIN = 255;

export type PersonalDataKind = "personal-identity-code" | "email" | "phone";

export interface RedactionResult {
  readonly text: string;
  readonly found: readonly PersonalDataKind[];
}

interface Span {
  readonly start: number;
  readonly end: number;
}

function isLetterOrDigit(character: string | undefined): boolean {
  return character !== undefined && /[\p{L}\p{N}]/u.test(character);
}

function isDigit(character: string | undefined): boolean {
  return character !== undefined && character >= "0" && character <= "9";
}

/** The identity code's check character is (DDMMYY·1000 + NNN) mod 31 in CHECK_CHARACTERS. */
function validCheck(match: RegExpExecArray): boolean {
  const number = Number(`${match[1]}${match[2]}${match[3]}${match[5]}`);
  return CHECK_CHARACTERS[number % 31] === match[6]!.toUpperCase();
}

/**
 * Identity codes. Standing alone they are redacted whatever their check character (a mistyped code
 * is still personal data); glued to a word ("hetu131052-308T") only with a valid check character,
 * so that product codes and the like are left alone.
 */
function identityCodeSpans(text: string): Span[] {
  const spans: Span[] = [];
  PERSONAL_IDENTITY_CODE.lastIndex = 0;
  for (let match = PERSONAL_IDENTITY_CODE.exec(text); match; match = PERSONAL_IDENTITY_CODE.exec(text)) {
    const glued = /\p{L}/u.test(text[match.index - 1] ?? "");
    if (!glued || validCheck(match)) spans.push({ start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

const LOCAL_PART = /[\p{L}\p{N}._%+-]/u;
const DOMAIN_PART = /[\p{L}\p{N}.-]/u;

/** E-mail addresses: from each "@", at most 64 characters back and 255 forward. */
function emailSpans(text: string): Span[] {
  const spans: Span[] = [];
  let searchFrom = 0;
  let lastEnd = 0;
  for (let at = text.indexOf("@", searchFrom); at !== -1; at = text.indexOf("@", searchFrom)) {
    searchFrom = at + 1;
    let start = at;
    while (start > lastEnd && at - start < MAX_LOCAL_PART && LOCAL_PART.test(text[start - 1]!)) start -= 1;
    let end = at + 1;
    while (end < text.length && end - at <= MAX_DOMAIN && DOMAIN_PART.test(text[end]!)) end += 1;
    while (end > at + 1 && (text[end - 1] === "." || text[end - 1] === "-")) end -= 1;
    if (start === at) continue;
    const domain = text.slice(at + 1, end);
    const dot = domain.lastIndexOf(".");
    const topLevel = dot === -1 ? "" : domain.slice(dot + 1);
    if (dot <= 0 || topLevel.length < 2 || !/^\p{L}+$/u.test(topLevel)) continue;
    spans.push({ start, end });
    lastEnd = end;
    searchFrom = end;
  }
  return spans;
}

const PHONE_SEPARATORS = new Set([" ", "-", ".", "(", ")", "\u00a0"]);

/**
 * Finnish and international phone numbers: "+358 40 123 4567", "040-1234567", "(040) 123 4567",
 * "040.123.4567", "00358 …": a run of digits and separators that starts with "+", "(" or a 0, holds
 * 7–15 digits and has a group of three or more digits. Dates ("01.03.2026"), times ("08.00-16.00")
 * and postal codes are left alone. Each character is looked at once.
 */
function phoneSpans(text: string): Span[] {
  const spans: Span[] = [];
  let index = 0;
  while (index < text.length) {
    const character = text[index]!;
    const startsNumber =
      (character === "+" && isDigit(text[index + 1])) ||
      (character === "(" && text[index + 1] === "0") ||
      character === "0";
    if (!startsNumber || isLetterOrDigit(text[index - 1]) || text[index - 1] === "+") {
      index += 1;
      continue;
    }
    let end = index + 1;
    while (end < text.length) {
      const next = text[end]!;
      if (isDigit(next)) end += 1;
      else if (PHONE_SEPARATORS.has(next) && (isDigit(text[end + 1]) || text[end + 1] === "(" || (next === ")" && PHONE_SEPARATORS.has(text[end + 1] ?? "")))) end += 1;
      else if (next === ")") end += 1;
      else break;
    }
    const candidate = text.slice(index, end);
    if (!isLetterOrDigit(text[end]) && looksLikePhone(candidate)) spans.push({ start: index, end });
    index = end;
  }
  return spans;
}

function looksLikePhone(candidate: string): boolean {
  const groups = candidate.split(/[^0-9]+/).filter(Boolean);
  const digits = groups.join("").length;
  if (digits < 7 || digits > 15) return false;
  if (!groups.some((group) => group.length >= 3)) return false;
  // "01.03.2026", "1.9.2026": a date written with dots.
  if (candidate.includes(".") && groups.length === 3 && groups[0]!.length <= 2 && groups[1]!.length <= 2) return false;
  return true;
}

/** Replaces identity codes, e-mail addresses and phone numbers with placeholders. */
export function redactPersonalData(input: string): RedactionResult {
  const text = input.length > MAX_REDACTED_CHARS ? input.slice(0, MAX_REDACTED_CHARS) : input;
  const found: PersonalDataKind[] = [];
  const spans: Array<Span & { placeholder: string }> = [];
  const take = (kind: PersonalDataKind, placeholder: string, candidates: readonly Span[]) => {
    let used = false;
    for (const span of candidates) {
      if (spans.some((other) => span.start < other.end && other.start < span.end)) continue;
      spans.push({ ...span, placeholder });
      used = true;
    }
    if (used) found.push(kind);
  };
  take("personal-identity-code", "[henkilötunnus]", identityCodeSpans(text));
  take("email", "[email]", emailSpans(text));
  take("phone", "[phone]", phoneSpans(text));
  if (spans.length === 0) return { text, found };
  spans.sort((left, right) => left.start - right.start);
  let result = "";
  let position = 0;
  for (const span of spans) {
    result += text.slice(position, span.start) + span.placeholder;
    position = span.end;
  }
  return { text: result + text.slice(position), found };
}

export function redactText(text: string): string {
  return redactPersonalData(text).text;
}

/** E-mail addresses in a text (for reading a callback contact), found as redaction finds them. */
export function findEmailAddresses(text: string): string[] {
  const capped = text.length > MAX_REDACTED_CHARS ? text.slice(0, MAX_REDACTED_CHARS) : text;
  return emailSpans(capped).map((span) => capped.slice(span.start, span.end));
}
