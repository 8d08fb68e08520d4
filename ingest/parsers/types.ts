import type { IngestIssue } from "../ingest-error.js";

/** One raw record read from a file, with where it came from for error messages. */
export interface SourceRecord {
  readonly line: number;
  readonly value: unknown;
  /** The record's source text when the parser has it (a JSONL line); else its value is hashed. */
  readonly raw?: string | undefined;
}

export interface ParsedFile {
  readonly records: readonly SourceRecord[];
  /** Records that could not even be read (e.g. one broken JSONL line); the rest still count. */
  readonly issues: readonly IngestIssue[];
}

export interface ParseOptions {
  /** The file's name as shown in messages. */
  readonly file: string;
  /** `--kind` for free documents (Markdown, text, HTML, PDF) without front matter. */
  readonly kind?: string | undefined;
  /** Milliseconds a parser may run (PDF); beyond it the file is rejected. */
  readonly timeoutMs?: number | undefined;
  /** Resident memory a parser's own process may use (PDF), in MB; beyond it the file is rejected. */
  readonly memoryLimitMb?: number | undefined;
}

/**
 * Reads one file's bytes into raw records. Throws `FileUnreadableError` when the file as a whole is
 * malformed (broken JSON, binary data, truncated PDF).
 */
export type FileParser = (content: Buffer, options: ParseOptions) => Promise<ParsedFile>;
