import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { FileUnreadableError, type IngestIssue } from "../ingest-error.js";
import type { FileParser, SourceRecord } from "./types.js";
import { decodeUtf8Text } from "./text-decoding.js";

const YIELD_EVERY_LINES = 500;

/** JSON Lines: one object per line; a broken line is rejected alone, the other lines still count. */
export const parseJsonLines: FileParser = async (content, options) => {
  const text = decodeUtf8Text(content, options.file);
  const records: SourceRecord[] = [];
  const issues: IngestIssue[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    // Lets a server that parses a large file in-process answer requests in between.
    if (index % YIELD_EVERY_LINES === YIELD_EVERY_LINES - 1) await yieldToEventLoop();
    const line = raw.trim();
    if (!line) continue;
    try {
      records.push({ line: index + 1, value: JSON.parse(line), raw: line });
    } catch (error) {
      issues.push({
        file: options.file,
        line: index + 1,
        field: "(record)",
        message: `not valid JSON: ${(error as Error).message}`,
      });
    }
  }
  if (records.length === 0 && issues.length > 0) {
    throw new FileUnreadableError(options.file, "no line of this file is valid JSON");
  }
  return { records, issues };
};

/** A JSON file holding an array of items or one item; broken JSON rejects the whole file. */
export const parseJson: FileParser = async (content, options) => {
  const text = decodeUtf8Text(content, options.file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FileUnreadableError(options.file, `not valid JSON (${(error as Error).message})`, error);
  }
  if (Array.isArray(value)) {
    return { records: value.map((entry, index) => ({ line: index + 1, value: entry })), issues: [] };
  }
  if (value && typeof value === "object") {
    const object = value as Record<string, unknown>;
    // Also accept {"items": [...]} wrappers that exports often use.
    if (Array.isArray(object.items) && !("kind" in object)) {
      return { records: object.items.map((entry, index) => ({ line: index + 1, value: entry })), issues: [] };
    }
    return { records: [{ line: 1, value }], issues: [] };
  }
  throw new FileUnreadableError(options.file, "expected a JSON array of items or one item object");
};
