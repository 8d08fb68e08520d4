/**
 * The one error family. `code` is stable for programs and logs; `retryable` is decided once where
 * the error is made; `expose` says whether `message` is safe to show to an end user.
 */
export class AppError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly status: number;
  readonly expose: boolean;

  constructor(
    message: string,
    options: { code: string; status?: number; retryable?: boolean; expose?: boolean; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.status = options.status ?? 500;
    this.retryable = options.retryable ?? false;
    this.expose = options.expose ?? this.status < 500;
  }
}

export class ConfigError extends AppError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: "config_invalid", status: 500, expose: true, cause });
  }
}

/** Bad input from a client or a file: shown to the caller, never retried. */
export class ValidationError extends AppError {
  readonly field: string | undefined;
  constructor(message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, { code: "validation_failed", status: 400, expose: true, cause: options.cause });
    this.field = options.field;
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(message, { code: "not_found", status: 404, expose: true });
  }
}

export class DatabaseError extends AppError {
  constructor(message: string, options: { cause?: unknown; retryable?: boolean; code?: string } = {}) {
    super(message, {
      code: options.code ?? "database_error",
      status: 500,
      retryable: options.retryable ?? false,
      expose: false,
      cause: options.cause,
    });
  }
}

/** The embedded data directory is held by another process (see platform/data-dir-lock.ts). */
export class DataDirLockedError extends AppError {
  readonly holder: { pid: number; port?: number | undefined };
  constructor(message: string, holder: { pid: number; port?: number | undefined }) {
    super(message, { code: "data_dir_locked", status: 503, expose: true });
    this.holder = holder;
  }
}

/** A call to a model or other upstream service failed. */
export class UpstreamError extends AppError {
  constructor(message: string, options: { cause?: unknown; retryable?: boolean; code?: string } = {}) {
    super(message, {
      code: options.code ?? "upstream_failed",
      status: 502,
      retryable: options.retryable ?? true,
      expose: false,
      cause: options.cause,
    });
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Message chain of an error and its causes, for logs and CLI output. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth += 1) {
    if (current instanceof Error) {
      parts.push(current.message);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(": caused by: ");
}
