/**
 * Retries a Bot Connector call on the statuses the connector documents as transient: 429 (throttled,
 * honour Retry-After), 412 (precondition, e.g. a concurrent update), 502 and 504. Exponential
 * back-off with jitter; other errors are thrown at once. Written here because the ConnectorClient
 * botbuilder 4.23 builds does not retry them (a single 429 from the test stub fails the call).
 */
const RETRYABLE_CONNECTOR_STATUSES: ReadonlySet<number> = new Set([429, 412, 502, 504]);

export interface RetryOptions {
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly onRetry?: (info: { attempt: number; status: number; delayMs: number }) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

function connectorErrorStatus(error: unknown): number | undefined {
  const candidate = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | undefined;
  const value = candidate?.statusCode ?? candidate?.status ?? candidate?.response?.status;
  return typeof value === "number" ? value : undefined;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?: (name: string) => string | undefined } } })?.response?.headers;
  const value = headers?.get?.("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

export async function withConnectorRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 10_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const status = connectorErrorStatus(error);
      if (status === undefined || !RETRYABLE_CONNECTOR_STATUSES.has(status) || attempt >= attempts) throw error;
      const backoff = Math.min(max, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      const delayMs = Math.min(max, Math.max(backoff, retryAfterMs(error) ?? 0));
      options.onRetry?.({ attempt, status, delayMs });
      await sleep(delayMs);
    }
  }
}
