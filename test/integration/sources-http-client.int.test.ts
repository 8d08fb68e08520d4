import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { describeUrl, HttpClient, parseRetryAfter } from "../../ingest/sources/http-client.js";
import { SourceFetchError } from "../../ingest/sources/source-fetch-error.js";
import { startFixtureServer, type FixtureHttpServer } from "./support/fixture-http-server.js";

let server: FixtureHttpServer;
let slow: Server;
let slowUrl: string;
let slowCalls = 0;

beforeAll(async () => {
  server = await startFixtureServer();
  // Answers the first request only after 2 s (past the client's timeout), later ones at once.
  slow = createServer((_request, response) => {
    slowCalls += 1;
    const answer = () => response.end('{"ok":true}');
    if (slowCalls === 1) setTimeout(answer, 2000);
    else answer();
  });
  await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
  const address = slow.address();
  slowUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/slow`;
});

afterAll(async () => {
  await server?.close();
  await new Promise<void>((resolve) => {
    slow?.close(() => resolve());
    slow?.closeAllConnections();
  });
});

beforeEach(() => server.clear());

function client(options: Partial<ConstructorParameters<typeof HttpClient>[0]> & { delays?: number[] } = {}) {
  const delays = options.delays ?? [];
  return new HttpClient({
    timeoutMs: 5000,
    maxRetries: 2,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    random: () => 0.5,
    sleep: async (milliseconds) => void delays.push(milliseconds),
    ...options,
  });
}

describe("HttpClient", () => {
  it("retries 429 and 5xx with exponential back-off, honouring Retry-After", async () => {
    server.route("GET /flaky", [
      { status: 503, body: "" },
      { status: 429, body: "", headers: { "retry-after": "7" } },
      { body: '{"page":1}' },
    ]);
    const delays: number[] = [];
    const http = client({ delays, maxDelayMs: 60_000 });
    expect(await http.getJson(`${server.baseUrl}/flaky`)).toEqual({ page: 1 });
    expect(http.requests).toBe(3);
    // Full jitter of 100 ms for the 503, then the server's 7 s.
    expect(delays).toEqual([50, 7000]);
  });

  it("gives up after the configured retries with the last status in the message", async () => {
    server.route("GET /down?key=secret", { status: 502, body: "" });
    const error = await client({ maxRetries: 1 }).getJson(`${server.baseUrl}/down?key=secret`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceFetchError);
    expect((error as SourceFetchError).message).toMatch(/HTTP 502 \(gave up after 2 attempts\)/);
    expect((error as SourceFetchError).message).not.toContain("secret");
    expect(server.requests).toHaveLength(2);
  });

  it("does not retry a client error such as 404", async () => {
    const error = await client().getJson(`${server.baseUrl}/missing`).catch((caught: unknown) => caught);
    expect((error as SourceFetchError).httpStatus).toBe(404);
    expect(server.requests).toHaveLength(1);
  });

  it("times out a request that does not answer and retries it", async () => {
    const http = client({ timeoutMs: 300 });
    expect(await http.getJson(slowUrl)).toEqual({ ok: true });
    expect(http.requests).toBe(2);
  });

  it("refuses a body over the size limit and a body that is not JSON", async () => {
    server.route("GET /big", { body: JSON.stringify({ data: "x".repeat(5000) }) });
    await expect(client({ maxResponseBytes: 1000 }).getJson(`${server.baseUrl}/big`)).rejects.toThrow(/over the limit/);
    server.route("GET /html", { body: "<html>maintenance</html>", headers: { "content-type": "text/html" } });
    await expect(client().getJson(`${server.baseUrl}/html`)).rejects.toThrow(/not JSON/);
  });

  it("reports a refused connection as a retryable network error", async () => {
    const delays: number[] = [];
    const error = await client({ delays, maxRetries: 1 })
      .getJson("http://127.0.0.1:9/nothing-listens")
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/network error/);
    expect(delays).toHaveLength(1);
  });
});

describe("helpers", () => {
  it("parses Retry-After and hides query strings", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(10_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(describeUrl("https://api.example/path?key=abc")).toBe("https://api.example/path?…");
  });
});
