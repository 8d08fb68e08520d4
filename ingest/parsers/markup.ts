/**
 * Elements whose content is code, not text. They are removed with their content wherever they
 * appear: in Markdown (raw HTML is allowed there) and in text that html-to-text decoded from
 * escaped markup (`&lt;script&gt;` becomes a literal `<script>`).
 */
const DANGEROUS_BLOCKS = /<(script|style|iframe|object|embed|template|noscript)\b[\s\S]*?(<\/\1\s*>|$)/gi;

/** Anything tag-like that is left after removing the dangerous blocks. */
const TAG_LIKE = /<\/?[a-zA-Z!][^<>]*>/g;

export function removeDangerousBlocks(text: string): string {
  return text.replace(DANGEROUS_BLOCKS, "");
}

/** Removes code blocks and every remaining tag, repeatedly, so split tags cannot reassemble. */
export function stripMarkup(text: string): string {
  let previous: string;
  let current = text;
  do {
    previous = current;
    current = removeDangerousBlocks(current).replace(TAG_LIKE, " ");
  } while (current !== previous);
  return current.replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim();
}
