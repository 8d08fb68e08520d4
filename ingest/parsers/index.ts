import path from "node:path";
import { parseCsv } from "./csv-parser.js";
import { parseHtml } from "./html-parser.js";
import { parseJson, parseJsonLines } from "./json-parser.js";
import { parseMarkdown, parsePlainText } from "./markdown-parser.js";
import { parsePdf } from "./pdf-parser.js";
import type { FileParser } from "./types.js";

export type { FileParser, ParsedFile, ParseOptions, SourceRecord } from "./types.js";

/** Parsers by file extension (lower case, with dot). */
const PARSERS: Readonly<Record<string, FileParser>> = {
  ".jsonl": parseJsonLines,
  ".ndjson": parseJsonLines,
  ".json": parseJson,
  ".csv": parseCsv,
  ".md": parseMarkdown,
  ".markdown": parseMarkdown,
  ".txt": parsePlainText,
  ".html": parseHtml,
  ".htm": parseHtml,
  ".pdf": parsePdf,
};

export const SUPPORTED_EXTENSIONS = Object.keys(PARSERS);

export function parserFor(file: string): FileParser | undefined {
  return PARSERS[path.extname(file).toLowerCase()];
}
