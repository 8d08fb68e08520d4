/**
 * Personal data that jobseekers type into a chat and that must not reach logs, analytics or stored
 * transcripts unless they are handing off. Regular expressions rather than a library: no maintained
 * package knows the Finnish personal identity code, and the patterns are short and tested.
 */

/** Finnish personal identity code: DDMMYY, century sign (+, -, Y, X, W, V, U, A–F), 3 digits, check. */
const PERSONAL_IDENTITY_CODE = /\b(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y]\b/gi;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/**
 * International (+358 …) or national (0 …) numbers, 7–13 digits with spaces or hyphens. Dates like
 * 12.03.2026 and short numbers (postal codes, years) do not match.
 */
const PHONE = /(?<![\p{L}\p{N}])(?:\+|00)\d{1,3}[\s-]?(?:\(?\d+\)?[\s-]?){2,5}\d+(?![\p{L}\p{N}])|(?<![\p{L}\p{N}+])0\d{1,3}[\s-]?\d{2,4}[\s-]?\d{2,4}(?:[\s-]?\d{1,4})?(?![\p{L}\p{N}])/gu;

export type PersonalDataKind = "personal-identity-code" | "email" | "phone";

export interface RedactionResult {
  readonly text: string;
  readonly found: readonly PersonalDataKind[];
}

const REPLACEMENTS: ReadonlyArray<[PersonalDataKind, RegExp, string]> = [
  ["personal-identity-code", PERSONAL_IDENTITY_CODE, "[henkilötunnus]"],
  ["email", EMAIL, "[email]"],
  ["phone", PHONE, "[phone]"],
];

/** Replaces identity codes, e-mail addresses and phone numbers with placeholders. */
export function redactPersonalData(text: string): RedactionResult {
  let result = text;
  const found: PersonalDataKind[] = [];
  for (const [kind, pattern, placeholder] of REPLACEMENTS) {
    pattern.lastIndex = 0;
    const replaced = result.replace(pattern, (match) => {
      const digits = match.replace(/\D/g, "");
      if (kind === "phone" && (digits.length < 7 || digits.length > 15)) return match;
      return placeholder;
    });
    if (replaced !== result) found.push(kind);
    result = replaced;
  }
  return { text: result, found };
}

export function redactText(text: string): string {
  return redactPersonalData(text).text;
}
