import { htmlToText } from "html-to-text";

/**
 * Item text is plain text. Every ingest path (admin API, JSON/JSONL/CSV uploads, documents,
 * source syncs) validates records with the canonical item schema, which reduces any HTML in a text
 * field to its text here, so no stored title or description can become markup in a client.
 */

/**
 * Elements whose content is code, not text. They are removed with their content wherever they
 * appear: in Markdown (raw HTML is allowed there) and in text that html-to-text decoded from
 * escaped markup (`&lt;script&gt;` becomes a literal `<script>`).
 */
const DANGEROUS_ELEMENTS = ["script", "style", "iframe", "object", "embed", "template", "noscript"];

/** Anything tag-like: `<` then a letter, `!`, `/` or `?`, up to the next `>` with no `<` between. */
const TAG_LIKE = /<[a-zA-Z!/?][^<>]*>/g;

/** A tag opener that survived tag removal ("<a" of "<a<b>>"): made inert by a following space. */
const TAG_OPENER = /<(?=[a-zA-Z!/?])/g;

/** A tag opener or a character reference ("&amp;", "&#60;"): the text may be HTML. */
const HTML_HINT = /<[a-zA-Z!/?]|&(?:#\d{1,7}|#x[\da-fA-F]{1,6}|[a-zA-Z]{2,31});/;

/**
 * Removes each dangerous element from its opening tag to its closing tag (or to the end when it is
 * not closed). A scan with indexOf rather than a lazy `[\s\S]*?` pattern, which backtracked in
 * time cubic in a hostile upload's length.
 */
export function removeDangerousBlocks(text: string): string {
  const lower = text.toLowerCase();
  let result = "";
  let position = 0;
  let open = lower.indexOf("<", position);
  while (open !== -1) {
    const name = DANGEROUS_ELEMENTS.find((candidate) => lower.startsWith(candidate, open + 1) && !/[a-z0-9_]/.test(lower[open + 1 + candidate.length] ?? ""));
    if (!name) {
      open = lower.indexOf("<", open + 1);
      continue;
    }
    // A space where the block was, so its two sides cannot join into a new tag ("<scr" + "ipt>").
    result += `${text.slice(position, open)} `;
    const close = lower.indexOf(`</${name}`, open + name.length + 1);
    const closeEnd = close === -1 ? -1 : lower.indexOf(">", close);
    position = closeEnd === -1 ? text.length : closeEnd + 1;
    open = lower.indexOf("<", position);
  }
  return result + text.slice(position);
}

/**
 * Removes code blocks and tags. Removing a tag can expose another ("<a<b>>" leaves "<a >"), so a
 * few passes run, and then any tag opener still left is made inert. A fixed number of passes keeps
 * the cost linear in the text; repeating until nothing changes was quadratic on deep nesting.
 */
export function stripMarkup(text: string): string {
  let current = text;
  for (let pass = 0; pass < 3; pass += 1) {
    const next = removeDangerousBlocks(current).replace(TAG_LIKE, " ");
    if (next === current) break;
    current = next;
  }
  return tidyWhitespace(current.replace(TAG_OPENER, "< "));
}

/**
 * Runs of spaces made one space, no space around line breaks, at most one blank line. Spaces are
 * collapsed first so that no pattern below retries a long run of them (`[ \t]+\n` would).
 */
export function tidyWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ ?\n ?/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** True when the text has a tag opener or a character reference, so it may be HTML. */
export function looksLikeHtml(text: string): boolean {
  return HTML_HINT.test(text);
}

const HTML_TO_TEXT_OPTIONS = {
  wordwrap: false as const,
  // Plain text with an "&amp;" keeps its line breaks; only real tags make blocks.
  preserveNewlines: true,
  selectors: [
    ...["script", "style", "img", "iframe", "object", "embed", "svg", "template", "noscript", "canvas", "form", "button"].map((selector) => ({
      selector,
      format: "skip",
    })),
    { selector: "a", options: { ignoreHref: true } },
    ...["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: "table", format: "dataTable", options: { uppercaseHeaderCells: false } },
  ],
};

/**
 * A text field as plain text: HTML parsed and reduced to its text by html-to-text (images,
 * scripts and link targets dropped, entities decoded), then tag-like text that decoded entities
 * produced removed. Text without any sign of HTML is returned as it is.
 */
export function toPlainText(value: string): string {
  if (!looksLikeHtml(value)) return value;
  return stripMarkup(htmlToText(value, HTML_TO_TEXT_OPTIONS));
}
