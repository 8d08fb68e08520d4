import { FileUnreadableError } from "../ingest-error.js";

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes UTF-8 (with or without BOM). Invalid UTF-8 or NUL bytes mean a binary file under a text
 * name (e.g. a spreadsheet renamed .csv): the whole file is rejected rather than half-read.
 */
export function decodeUtf8Text(content: Buffer, file: string): string {
  if (content.includes(0)) throw new FileUnreadableError(file, "looks like a binary file, not UTF-8 text");
  let text: string;
  try {
    text = decoder.decode(content);
  } catch (error) {
    throw new FileUnreadableError(file, "is not valid UTF-8 text", error);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
