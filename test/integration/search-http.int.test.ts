import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../bot/app.js";
import { createSearchRouter, SEARCH_PATH } from "../../knowledge/search-http.js";
import { createSilentLogger } from "../../platform/logger.js";
import { openSearchFixture, type SearchTestContext } from "../support/search-fixture.js";

const run = promisify(execFile);
let context: SearchTestContext;
let server: Server;
let baseUrl: string;
let dataDir: string;

beforeAll(async () => {
  context = await openSearchFixture();
  const logger = createSilentLogger();
  const app = createApp({ logger, isReady: () => true }, [
    { path: SEARCH_PATH, router: createSearchRouter({ searcher: context.searcher, logger }) },
  ]);
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  baseUrl = `http://127.0.0.1:${port}`;
  // A DATA_DIR "held" by this test process with the test server's port: the CLI must go through HTTP.
  dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-search-cli-"));
  writeFileSync(
    path.join(dataDir, "lahituki.lock"),
    JSON.stringify({ pid: process.pid, port, secret: "test", startedAt: new Date().toISOString() }),
  );
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await context?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function post(body: unknown, raw?: string) {
  const response = await fetch(`${baseUrl}${SEARCH_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: raw ?? JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe("POST /api/search", () => {
  it("returns the public result shape", async () => {
    const { status, body } = await post({ query: "hitsari Vetelissä", limit: 3 });
    expect(status).toBe(200);
    expect(body.query).toBe("hitsari Vetelissä");
    expect(typeof body.tookMs).toBe("number");
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results.length).toBeLessThanOrEqual(3);
    expect(Object.keys(body.results[0]).sort()).toEqual(
      ["id", "kind", "municipality", "organization", "score", "snippet", "title", "upcoming", "url", "validFrom", "validUntil"].sort(),
    );
    expect(body.results[0]).toMatchObject({ id: "weld-veteli", kind: "vacancy", municipality: "Veteli", upcoming: false });
  });

  it("applies filters from the body", async () => {
    const { body } = await post({ query: "hitsaaja", kind: "training", municipality: "Kokkola", nearKm: 10, includeExpired: false });
    expect(body.results.map((result: { id: string }) => result.id)).toEqual(["weld-course"]);
  });

  it.each([
    [{}, "query"],
    [{ query: "" }, "query"],
    [{ query: "   " }, "query"],
    [{ query: 42 }, "query"],
    [{ query: "x".repeat(10_001) }, "query"],
    [{ query: "hitsaaja", kind: "job" }, "kind"],
    [{ query: "hitsaaja", municipality: "Atlantis" }, "municipality"],
    [{ query: "hitsaaja", municipality: 5 }, "municipality"],
    [{ query: "hitsaaja", nearKm: -1, municipality: "Veteli" }, "nearKm"],
    [{ query: "hitsaaja", nearKm: "far", municipality: "Veteli" }, "nearKm"],
    [{ query: "hitsaaja", nearKm: 20 }, "nearKm"],
    [{ query: "hitsaaja", limit: 0 }, "limit"],
    [{ query: "hitsaaja", limit: 2.5 }, "limit"],
    [{ query: "hitsaaja", includeExpired: "yes" }, "includeExpired"],
    [{ query: "hitsaaja", sort: "date" }, "sort"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe(field);
    expect(response.body.error.message).toContain(field);
  });

  it("answers 400 for a body that is not a JSON object", async () => {
    expect((await post(undefined, "not json")).status).toBe(400);
    expect((await post(undefined, "[1,2]")).status).toBe(400);
    expect((await post(undefined, '"hitsaaja"')).status).toBe(400);
  });

  it("never answers 500 for binary or metacharacter queries", async () => {
    for (const query of ["' & | ! : * ( ) \\", "\u0000\u0001\u0002\uffff", "\ud800abc", "x".repeat(10_000)]) {
      const response = await post({ query });
      expect(response.status).toBe(200);
      expect(Array.isArray(response.body.results)).toBe(true);
    }
  });
});

describe("npm run search", () => {
  const cli = (args: string[]) =>
    run("npx", ["tsx", "knowledge/search-cli.ts", ...args], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "silent" },
    });

  it("prints one JSON object through the server holding DATA_DIR", async () => {
    const { stdout } = await cli(["--json", "--limit", "2", "welder"]);
    const body = JSON.parse(stdout) as { query: string; results: Array<{ id: string }>; tookMs: number };
    expect(body.query).toBe("welder");
    expect(body.results.length).toBe(2);
    expect(body.results.map((result) => result.id)).toEqual(expect.arrayContaining(["weld-veteli"]));
  });

  it("answers a batch with one JSON line per input, carrying the id", async () => {
    const file = path.join(dataDir, "batch.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify({ id: "a", query: "lähäri" }),
        JSON.stringify({ id: "b", query: "hitsaaja", kind: "training" }),
        JSON.stringify({ id: "c", query: "hitsaaja", municipality: "Karleby" }),
      ].join("\n"),
    );
    const { stdout } = await cli(["--json", "--batch", file]);
    const lines = stdout.trim().split("\n").map((line) => JSON.parse(line) as { id: string; results: Array<{ id: string }> });
    expect(lines.map((line) => line.id)).toEqual(["a", "b", "c"]);
    expect(lines[1]!.results.map((result) => result.id)).toEqual(["weld-course"]);
    expect(lines[2]!.results.every((result) => ["weld-kokkola", "weld-course"].includes(result.id))).toBe(true);
  });

  it("exits 2 naming the flag for an unknown kind or municipality", async () => {
    await expect(cli(["--kind", "job", "hitsaaja"])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("--kind") });
    await expect(cli(["--municipality", "Atlantis", "hitsaaja"])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--municipality"),
    });
  });
});
