import { UpstreamError } from "../../platform/index.js";

/**
 * A source could not be read completely (network error, HTTP error after retries, a page that is
 * not the documented shape). The sync writes nothing and records this message for the admin UI,
 * so the message names the request but never a credential.
 */
export class SourceFetchError extends UpstreamError {
  /** HTTP status of the last response, when there was one. */
  readonly httpStatus: number | undefined;
  /** The server's `Retry-After`, in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    options: { cause?: unknown; retryable?: boolean; httpStatus?: number | undefined; retryAfterMs?: number | undefined } = {},
  ) {
    super(message, { code: "source_fetch_failed", retryable: options.retryable ?? false, cause: options.cause });
    this.httpStatus = options.httpStatus;
    this.retryAfterMs = options.retryAfterMs;
  }
}
