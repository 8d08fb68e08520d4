/**
 * Elements whose content is code, not text. They are removed with their content wherever they
 * appear: in Markdown (raw HTML is allowed there) and in text that html-to-text decoded from
 * escaped markup (`&lt;script&gt;` becomes a literal `<script>`).
 */
const DANGEROUS_ELEMENTS = ["script", "style", "iframe", "object", "embed", "template", "noscript"];

/** Anything tag-like that is left after removing the dangerous blocks. */
const TAG_LIKE = /<\/?[a-zA-Z!][^<>]*>/g;

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
    result += text.slice(position, open);
    const close = lower.indexOf(`</${name}`, open + name.length + 1);
    const closeEnd = close === -1 ? -1 : lower.indexOf(">", close);
    position = closeEnd === -1 ? text.length : closeEnd + 1;
    open = lower.indexOf("<", position);
  }
  return result + text.slice(position);
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
