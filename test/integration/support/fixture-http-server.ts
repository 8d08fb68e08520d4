import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SOURCE_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/sources");

/** A fixture file's text (JSON fixtures are served as they are written). */
export function fixture(relative: string): string {
  return readFileSync(path.join(SOURCE_FIXTURES, relative), "utf8");
}

export interface FixtureResponse {
  readonly status?: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RecordedRequest {
  readonly method: string;
  /** Path with the query parameters sorted, as routes are keyed. */
  readonly key: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface FixtureHttpServer {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /**
   * Serves `responses` for `METHOD /path?query` (query order does not matter). A list is played in
   * order and its last entry repeats; a function gets the request body (POST paging).
   */
  route(key: string, responses: FixtureResponse | readonly FixtureResponse[] | ((body: string) => FixtureResponse)): void;
  clear(): void;
  close(): Promise<void>;
}

function routeKey(method: string, url: string): string {
  const parsed = new URL(url, "http://fixture.local");
  const query = [...parsed.searchParams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const search = new URLSearchParams(query).toString();
  return `${method.toUpperCase()} ${parsed.pathname}${search ? `?${search}` : ""}`;
}

/** A local HTTP server on port 0 that plays recorded-shape responses; unknown routes get 404. */
export async function startFixtureServer(): Promise<FixtureHttpServer> {
  const routes = new Map<string, { play: (body: string) => FixtureResponse }>();
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const key = routeKey(request.method ?? "GET", request.url ?? "/");
      requests.push({ method: request.method ?? "GET", key, headers: request.headers, body });
      const route = routes.get(key);
      const answer = route ? route.play(body) : { status: 404, body: JSON.stringify({ error: "no fixture" }) };
      response.writeHead(answer.status ?? 200, { "content-type": "application/json; charset=utf-8", ...answer.headers });
      response.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    route(key, responses) {
      const [method, target] = key.split(" ", 2) as [string, string];
      const normalised = routeKey(method, target);
      if (typeof responses === "function") {
        routes.set(normalised, { play: responses });
        return;
      }
      const list = Array.isArray(responses) ? [...responses] : [responses as FixtureResponse];
      let index = 0;
      routes.set(normalised, {
        play: () => {
          const answer = list[Math.min(index, list.length - 1)]!;
          index += 1;
          return answer;
        },
      });
    },
    clear() {
      routes.clear();
      requests.length = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
