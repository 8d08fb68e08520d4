import type { Logger } from "../../platform/index.js";
import { SourceFetchError } from "./source-fetch-error.js";

/** Statuses worth another try: rate limiting and server-side trouble. */
const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

export interface HttpClientOptions {
  /** Limit of one attempt (headers and body), in milliseconds. */
  readonly timeoutMs: number;
  /** Attempts after the first one, for 429/5xx/network errors/timeouts. */
  readonly maxRetries: number;
  /** First back-off delay; doubled per attempt with full jitter. Default 500 ms. */
  readonly baseDelayMs?: number | undefined;
  /** Upper bound of one back-off delay, also of a server's `Retry-After`. Default 30 s. */
  readonly maxDelayMs?: number | undefined;
  /** Bodies above this are refused so a broken upstream cannot exhaust memory. Default 50 MB. */
  readonly maxResponseBytes?: number | undefined;
  readonly userAgent?: string | undefined;
  readonly logger?: Logger | undefined;
  /** Test seams. */
  readonly fetch?: typeof fetch | undefined;
  readonly sleep?: ((milliseconds: number, signal?: AbortSignal) => Promise<void>) | undefined;
  readonly random?: (() => number) | undefined;
}

export interface HttpRequest {
  readonly method?: "GET" | "POST";
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON-serialised and sent with `content-type: application/json`. */
  readonly json?: unknown;
  readonly signal?: AbortSignal | undefined;
}

export interface HttpTextResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/**
 * The sources' HTTP client: per-attempt timeouts, retries with exponential back-off and jitter on
 * 429/5xx (honouring `Retry-After`), a response size cap, and errors that name the URL without its
 * query secrets or headers. Written on `fetch` rather than a retry library because the rules are
 * these few lines and the tests need to see every attempt.
 */
export class HttpClient {
  private requestCount = 0;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: HttpClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    this.sleep = options.sleep ?? sleepFor;
    this.random = options.random ?? Math.random;
  }

  /** Requests made so far, retries included. */
  get requests(): number {
    return this.requestCount;
  }

  async getJson(url: string, init: Omit<HttpRequest, "url" | "method"> = {}): Promise<unknown> {
    return parseJson(await this.requestText({ ...init, url, method: "GET" }), url);
  }

  async postJson(url: string, json: unknown, init: Omit<HttpRequest, "url" | "method" | "json"> = {}): Promise<unknown> {
    return parseJson(await this.requestText({ ...init, url, method: "POST", json }), url);
  }

  /** One request with retries; resolves only with a 2xx response. */
  async requestText(request: HttpRequest): Promise<HttpTextResponse> {
    const method = request.method ?? "GET";
    const where = `${method} ${describeUrl(request.url)}`;
    const maxDelay = this.options.maxDelayMs ?? 30_000;
    let lastError: SourceFetchError | undefined;
    for (let attempt = 0; attempt <= this.options.maxRetries; attempt += 1) {
      if (request.signal?.aborted) throw new SourceFetchError(`${where}: cancelled`, { cause: request.signal.reason });
      let retryAfterMs: number | undefined;
      try {
        return await this.attempt(request, method, where);
      } catch (error) {
        if (!(error instanceof SourceFetchError) || !error.retryable) throw error;
        lastError = error;
        retryAfterMs = error.retryAfterMs;
      }
      if (attempt === this.options.maxRetries) break;
      const backoff = Math.min(maxDelay, (this.options.baseDelayMs ?? 500) * 2 ** attempt);
      const delay = retryAfterMs !== undefined ? Math.min(maxDelay, retryAfterMs) : Math.round(this.random() * backoff);
      this.options.logger?.debug({ where, attempt: attempt + 1, delay, status: lastError.httpStatus }, "source_http.retry");
      await this.sleep(delay, request.signal);
    }
    throw new SourceFetchError(
      `${lastError?.message ?? where} (gave up after ${this.options.maxRetries + 1} attempts)`,
      { cause: lastError, httpStatus: lastError?.httpStatus },
    );
  }

  private async attempt(request: HttpRequest, method: string, where: string): Promise<HttpTextResponse> {
    this.requestCount += 1;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      accept: "application/json",
      ...(this.options.userAgent ? { "user-agent": this.options.userAgent } : {}),
      ...(request.json !== undefined ? { "content-type": "application/json" } : {}),
      ...request.headers,
    };
    let response: Response;
    try {
      response = await this.fetchImpl(request.url, {
        method,
        headers,
        body: request.json !== undefined ? JSON.stringify(request.json) : undefined,
        signal,
        redirect: "follow",
      });
    } catch (error) {
      throw this.networkError(error, where, request.signal, timeout);
    }
    if (!response.ok) {
      const retryable = RETRYABLE_STATUSES.has(response.status) || response.status >= 500;
      await response.body?.cancel().catch(() => undefined);
      throw new SourceFetchError(`${where}: HTTP ${response.status}`, {
        retryable,
        httpStatus: response.status,
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
      });
    }
    let text: string;
    try {
      text = await readCapped(response, this.options.maxResponseBytes ?? 50 * 1024 * 1024, where);
    } catch (error) {
      if (error instanceof SourceFetchError) throw error;
      throw this.networkError(error, where, request.signal, timeout);
    }
    return { status: response.status, contentType: response.headers.get("content-type") ?? "", text };
  }

  private networkError(error: unknown, where: string, callerSignal: AbortSignal | undefined, timeout: AbortSignal) {
    if (callerSignal?.aborted) return new SourceFetchError(`${where}: cancelled`, { cause: error });
    if (timeout.aborted) {
      return new SourceFetchError(`${where}: no answer within ${this.options.timeoutMs} ms`, { cause: error, retryable: true });
    }
    const code = (error as { cause?: { code?: string } }).cause?.code;
    return new SourceFetchError(`${where}: network error${code ? ` (${code})` : ""}`, { cause: error, retryable: true });
  }
}

/** URL for messages: scheme, host and path only, so a key passed in the query never reaches the admin UI. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}${parsed.search ? "?…" : ""}`;
  } catch {
    return "(invalid URL)";
  }
}

function parseJson(response: HttpTextResponse, url: string): unknown {
  try {
    return JSON.parse(response.text) as unknown;
  } catch (error) {
    throw new SourceFetchError(`${describeUrl(url)}: response is not JSON`, { cause: error });
  }
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function readCapped(response: Response, maxBytes: number, where: string): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new SourceFetchError(`${where}: response of ${declared} bytes is over the limit of ${maxBytes}`);
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new SourceFetchError(`${where}: response is over the limit of ${maxBytes} bytes`);
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString("utf8");
}

function sleepFor(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (milliseconds <= 0 || signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, milliseconds);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
