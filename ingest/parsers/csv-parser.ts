import { parse } from "csv-parse/sync";
import { canonicalItemSchema } from "../../knowledge/index.js";
import { FileUnreadableError, type IngestIssue } from "../ingest-error.js";
import { decodeUtf8Text } from "./text-decoding.js";
import type { FileParser, SourceRecord } from "./types.js";

/** The canonical field names, which are the accepted CSV columns. */
const CSV_COLUMNS: readonly string[] = Object.keys(canonicalItemSchema({ today: "2000-01-01" }).shape);

const COLUMN_BY_KEY = new Map(CSV_COLUMNS.map((name) => [columnKey(name), name]));

/** "valid_until", "Valid Until" and "validUntil" all name the same column. */
function columnKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, "");
}

/**
 * The delimiter of the header line: Finnish spreadsheet exports use semicolons (the comma is the
 * decimal separator), others commas. Counted outside quotes so a quoted header cannot mislead.
 */
export function detectDelimiter(text: string): "," | ";" {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && char === ",") commas += 1;
    else if (!quoted && char === ";") semicolons += 1;
  }
  return semicolons > commas ? ";" : ",";
}

/**
 * CSV with a header row of canonical column names. Every cell stays a literal string: csv-parse
 * does no casting here, and cells beginning with `=`, `+`, `-` or `@` are kept as text, never
 * evaluated (see `neutraliseSpreadsheetCell` for writing such text back out to a spreadsheet).
 * Lines are counted as in the file, header included, so "line 3" is the second data row.
 */
export const parseCsv: FileParser = async (content, options) => {
  const text = decodeUtf8Text(content, options.file);
  if (!text.trim()) throw new FileUnreadableError(options.file, "is empty (expected a header row of column names)");
  const delimiter = detectDelimiter(text);
  let rows: Array<{ record: string[]; info: { lines: number }; raw: string }>;
  try {
    rows = parse(text, {
      delimiter,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
      bom: true,
      cast: false,
    }) as unknown as Array<{ record: string[]; info: { lines: number }; raw: string }>;
  } catch (error) {
    const where = (error as { lines?: number }).lines;
    throw new FileUnreadableError(
      options.file,
      `is not valid CSV${where ? ` (line ${where})` : ""}: ${(error as Error).message}`,
      error,
    );
  }
  const [header, ...data] = rows;
  if (!header) throw new FileUnreadableError(options.file, "has no header row");
  const columns = header.record.map((name) => name.trim());
  const unknown = columns.filter((name) => name && !COLUMN_BY_KEY.has(columnKey(name)));
  const records: SourceRecord[] = [];
  const issues: IngestIssue[] = [];
  for (const row of data) {
    // info.lines is the row's last line; a quoted cell may span lines, so count back to its first.
    const line = row.info.lines - (row.raw.replace(/\r?\n$/, "").match(/\n/g)?.length ?? 0);
    if (unknown.length > 0) {
      for (const name of unknown) {
        issues.push({
          file: options.file,
          line,
          field: name,
          message: `unknown column "${name}" (known columns: ${CSV_COLUMNS.join(", ")})`,
        });
      }
      continue;
    }
    if (row.record.length > columns.length && row.record.slice(columns.length).some((cell) => cell.trim())) {
      issues.push({
        file: options.file,
        line,
        field: "(record)",
        message: `has ${row.record.length} cells but the header has ${columns.length} columns`,
      });
      continue;
    }
    const value: Record<string, string> = {};
    columns.forEach((name, index) => {
      if (!name) return;
      value[COLUMN_BY_KEY.get(columnKey(name))!] = row.record[index] ?? "";
    });
    records.push({ line, value });
  }
  return { records, issues };
};

/**
 * Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) gets a
 * leading apostrophe, the OWASP advice for CSV exports. Exports of stored items must use this;
 * ingestion keeps the literal text.
 */
export function neutraliseSpreadsheetCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
