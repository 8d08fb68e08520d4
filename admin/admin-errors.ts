import { AppError, ValidationError } from "../platform/index.js";

/** An item failed validation; `issues` lists every field with a message in the caller's language. */
export class ItemValidationError extends ValidationError {
  readonly issues: ReadonlyArray<{ readonly field: string; readonly message: string }>;
  constructor(issues: ReadonlyArray<{ readonly field: string; readonly message: string }>) {
    const first = issues[0];
    super(first ? first.message : "Invalid item", first ? { field: first.field } : {});
    this.issues = issues;
  }
}

/** The item (or editor) already exists. */
export class ConflictError extends AppError {
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message, { code: "conflict", status: 409, expose: true });
    this.field = field;
  }
}

/** An upload over ADMIN_UPLOAD_MAX_MB. */
export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(message, { code: "too_large", status: 413, expose: true });
  }
}

/** An upload whose type we refuse (archives, compressed or binary data). */
export class UnsupportedMediaError extends AppError {
  readonly field: string | undefined;
  constructor(message: string, field = "file") {
    super(message, { code: "unsupported_media_type", status: 415, expose: true });
    this.field = field;
  }
}
