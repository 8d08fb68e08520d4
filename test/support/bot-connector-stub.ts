import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A Bot Connector service for tests: a real HTTP server to use as the activities' `serviceUrl`.
 * It records every call the bot makes (send, reply, update, create conversation), answers like the
 * connector does, and can be told to fail the next calls (e.g. 429 then success) to test retries.
 */
export interface ConnectorCall {
  readonly method: string;
  readonly path: string;
  /** "send" | "reply" | "update" | "delete" | "createConversation" | "other". */
  readonly operation: string;
  /** Decoded conversation id from the path, if any. */
  readonly conversationId: string | undefined;
  readonly activityId: string | undefined;
  readonly body: Record<string, unknown> | undefined;
  readonly authorization: string | undefined;
  /** The status the stub answered with, and its JSON body. */
  readonly status: number;
  readonly response: unknown;
}

export interface FailureRule {
  readonly status: number;
  /** How many matching calls fail; default 1. */
  readonly times?: number;
  readonly retryAfterSeconds?: number;
  readonly operation?: string;
}

export interface BotConnectorStub {
  readonly url: string;
  readonly calls: readonly ConnectorCall[];
  /** Calls that succeeded, optionally of one operation. */
  successful(operation?: string): ConnectorCall[];
  failNext(rule: FailureRule): void;
  /** Forgets failure rules that have not fired yet. */
  clearFailures(): void;
  /** Resolves with the first successful call (after `from`) that matches, or rejects after `timeoutMs`. */
  waitFor(predicate: (call: ConnectorCall) => boolean, options?: { timeoutMs?: number; from?: number }): Promise<ConnectorCall>;
  reset(): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export async function startBotConnectorStub(): Promise<BotConnectorStub> {
  const calls: ConnectorCall[] = [];
  const rules: Array<{ rule: FailureRule; remaining: number }> = [];
  const waiters: Array<{ predicate: (call: ConnectorCall) => boolean; from: number; resolve: (call: ConnectorCall) => void }> = [];
  let sequence = 0;

  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const url = new URL(request.url ?? "/", "http://stub");
      const segments = url.pathname.split("/").filter(Boolean).map((segment) => decodeURIComponent(segment));
      let operation = "other";
      let conversationId: string | undefined;
      let activityId: string | undefined;
      if (segments[0] === "v3" && segments[1] === "conversations") {
        conversationId = segments[2];
        activityId = segments[4];
        if (segments.length === 2 && request.method === "POST") operation = "createConversation";
        else if (segments[3] === "activities" && segments.length === 4 && request.method === "POST") operation = "send";
        else if (segments[3] === "activities" && segments.length === 5 && request.method === "POST") operation = "reply";
        else if (segments[3] === "activities" && segments.length === 5 && request.method === "PUT") operation = "update";
        else if (segments[3] === "activities" && segments.length === 5 && request.method === "DELETE") operation = "delete";
      }
      const matching = rules.find((entry) => entry.remaining > 0 && (!entry.rule.operation || entry.rule.operation === operation));
      let status = 200;
      let payload: unknown;
      if (matching) {
        matching.remaining -= 1;
        status = matching.rule.status;
        if (matching.rule.retryAfterSeconds !== undefined) response.setHeader("retry-after", String(matching.rule.retryAfterSeconds));
        payload = { error: { code: "Throttled", message: `stub failure ${status}` } };
      } else if (operation === "createConversation") {
        sequence += 1;
        status = 201;
        payload = { id: `a:personal-chat-${sequence}`, activityId: `activity-${sequence}` };
      } else if (operation === "send" || operation === "reply" || operation === "update") {
        sequence += 1;
        payload = { id: operation === "update" ? activityId : `activity-${sequence}` };
      } else if (request.method === "GET") {
        payload = [];
      } else {
        payload = {};
      }
      const call: ConnectorCall = {
        method: request.method ?? "GET",
        path: url.pathname,
        operation,
        conversationId,
        activityId: operation === "send" || operation === "reply" ? (payload as { id?: string } | undefined)?.id ?? activityId : activityId,
        body,
        authorization: request.headers.authorization,
        status,
        response: payload,
      };
      calls.push(call);
      response.statusCode = status;
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify(payload));
      if (status < 300) {
        for (const waiter of [...waiters]) {
          if (calls.length - 1 >= waiter.from && waiter.predicate(call)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(call);
          }
        }
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    url,
    calls,
    successful: (operation) => calls.filter((call) => call.status < 300 && (!operation || call.operation === operation)),
    failNext(rule) {
      rules.push({ rule, remaining: rule.times ?? 1 });
    },
    waitFor(predicate, options = {}) {
      const from = options.from ?? 0;
      const existing = calls.slice(from).find((call) => call.status < 300 && predicate(call));
      if (existing) return Promise.resolve(existing);
      return new Promise<ConnectorCall>((resolve, reject) => {
        const waiter = { predicate, from, resolve: (call: ConnectorCall) => { clearTimeout(timer); resolve(call); } };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`Bot Connector stub: no matching call within ${options.timeoutMs ?? 10_000} ms; calls: ${JSON.stringify(calls.map((call) => [call.operation, call.conversationId, call.status]))}`));
        }, options.timeoutMs ?? 10_000);
        waiters.push(waiter);
      });
    },
    clearFailures() {
      rules.length = 0;
    },
    reset() {
      calls.length = 0;
      rules.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
