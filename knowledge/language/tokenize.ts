/** Characters of one message that the language module looks at; longer text is cut first. */
export const MAX_TEXT_CHARS = 2000;

/**
 * Lower-cases, NFC-normalises and cleans text: control characters and lone surrogates become
 * spaces, whitespace runs collapse, and the length is capped before anything else runs.
 */
export function normaliseText(raw: string, maxChars = MAX_TEXT_CHARS): string {
  const capped = raw.length > maxChars * 2 ? raw.slice(0, maxChars * 2) : raw;
  const cleaned = capped
    .normalize("NFC")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, " ")
    .replace(/[\ud800-\udfff]/g, (char, offset: number, whole: string) => {
      const code = char.charCodeAt(0);
      const next = whole.charCodeAt(offset + 1);
      const previous = whole.charCodeAt(offset - 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) return char;
      if (code >= 0xdc00 && previous >= 0xd800 && previous <= 0xdbff) return char;
      return " ";
    })
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
  return cleaned.length > maxChars ? cleaned.slice(0, maxChars) : cleaned;
}

/**
 * Words of a text: runs of letters and digits, lower-cased (so `' & | ! : * ( ) \` never reach a
 * tsquery). Words over 60 characters are noise and dropped.
 */
export function tokenize(text: string): string[] {
  const capped = text.length > MAX_TEXT_CHARS * 2 ? text.slice(0, MAX_TEXT_CHARS * 2) : text;
  return capped
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0 && token.length <= 60);
}
