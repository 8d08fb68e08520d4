/**
 * Small linear-time string helpers for untrusted text. They replace regular expressions such as
 * `[!.]+$` and `<[^>]+>`, which V8 retries at every position of a long run ("!!!!…", "<<<<…") and
 * so take time quadratic in the input (decision 0004).
 */

/** Removes any of `characters` from the end of `text`. */
export function trimTrailing(text: string, characters: string): string {
  let end = text.length;
  while (end > 0 && characters.includes(text[end - 1]!)) end -= 1;
  return text.slice(0, end);
}

/**
 * Replaces every span from `open` to the next `close` (inclusive) with `replacement`; an `open`
 * without a `close` after it is kept as text. Each character is looked at once.
 */
export function replaceSpans(text: string, open: string, close: string, replacement: string): string {
  let result = "";
  let position = 0;
  while (position < text.length) {
    const start = text.indexOf(open, position);
    if (start === -1) break;
    const end = text.indexOf(close, start + open.length);
    if (end === -1) break;
    result += text.slice(position, start) + replacement;
    position = end + close.length;
  }
  return result + text.slice(position);
}

/** Markup tags ("<b>", "</p>", "<at>") removed, leaving their text. */
export function stripTags(text: string, replacement = ""): string {
  return replaceSpans(text, "<", ">", replacement);
}

/**
 * The Markdown characters that can make a link, an image, raw HTML or code: without an unescaped
 * `[`/`]` there is no `[text](url)` or `![img](url)`, and without `<`/`>` no tag or autolink.
 * Emphasis and parentheses stay as they are, so titles such as "Hitsaaja (MIG/MAG)" read and
 * match as written.
 */
const MARKDOWN_SYNTAX = /[\\`[\]<>]/g;

const HTML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text escaped for HTML element content and quoted attribute values (e-mails, the demo page). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/**
 * Text that is not ours (item fields, a jobseeker's words) escaped for a Markdown surface (Web
 * Chat, Teams, Adaptive Card TextBlocks). One character class, so the cost is linear in the text.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SYNTAX, "\\$&");
}
