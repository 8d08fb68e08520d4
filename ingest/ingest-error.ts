import { AppError } from "../platform/index.js";

/** A rejected record or a failed file, as reported by `npm run ingest -- --json`. */
export interface IngestIssue {
  readonly file: string;
  /** 1-based line (JSONL, CSV row incl. header, JSON array element index + 1); 0 for the whole file. */
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/** A file that could not be read or parsed at all; nothing of it is written. */
export class FileUnreadableError extends AppError {
  constructor(
    readonly file: string,
    message: string,
    cause?: unknown,
  ) {
    super(`${file}: ${message}`, { code: "file_unreadable", status: 400, expose: true, cause });
  }
}
