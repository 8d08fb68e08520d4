import path from "node:path";
import { parseJson, parseJsonLines } from "./json-parser.js";
import type { FileParser } from "./types.js";

export type { FileParser, ParsedFile, ParseOptions, SourceRecord } from "./types.js";

/** Parsers by file extension (lower case, with dot). */
const PARSERS: Readonly<Record<string, FileParser>> = {
  ".jsonl": parseJsonLines,
  ".ndjson": parseJsonLines,
  ".json": parseJson,
};

export const SUPPORTED_EXTENSIONS = Object.keys(PARSERS);

export function parserFor(file: string): FileParser | undefined {
  return PARSERS[path.extname(file).toLowerCase()];
}
