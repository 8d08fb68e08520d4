import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../bot/main.js";
import { LOCAL_SYNC_PATH } from "../../ingest/local-sync-http.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";
import { SOURCE_FIXTURES } from "./support/fixture-http-server.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const JOBS_FILE = path.join(SOURCE_FIXTURES, "jsonld/veteli-jobs.jsonld");
const directories: string[] = [];

function tempDataDir(): string {
  const directory = mkdtempSync(path.join(tmpdir(), "lahituki-sync-cli-"));
  directories.push(directory);
  return directory;
}

/** A child that opens PGlite and migrates can take a minute on a busy machine: a deadline, not a speed check. */
const CHILD_TEST_TIMEOUT = 180_000;

/** Runs `npm run sync -- ARGS` as a child process with only the given settings. */
function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "ingest/sync-cli.ts", ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "silent", ...env }, timeout: 170_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describe("npm run sync", () => {
  it("opens the knowledge base itself when no server runs and prints a JSON summary", async () => {
    const dataDir = tempDataDir();
    const result = await runCli(["jsonld", "--json"], { DATA_DIR: dataDir, JSONLD_URLS: JOBS_FILE });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toEqual({
      source: "jsonld",
      status: "succeeded",
      fetched: 1,
      inserted: 1,
      updated: 0,
      unchanged: 0,
      pruned: 0,
      rejected: 0,
      errors: [],
      changed: ["veteli-jobs.jsonld:VET-44"],
    });
  }, CHILD_TEST_TIMEOUT);

  it("exits 2 on an unknown source and 1 when the source is not configured", async () => {
    const unknown = await runCli(["nosuch"], { DATA_DIR: tempDataDir() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown source "nosuch"');
    const unconfigured = await runCli(["tyomarkkinatori"], { DATA_DIR: tempDataDir() });
    expect(unconfigured.code).toBe(1);
    expect(unconfigured.stderr).toContain("TMT_SUBSCRIPTION_KEY is not set");
  }, CHILD_TEST_TIMEOUT);

  describe("with a server holding DATA_DIR", () => {
    let running: RunningServer;
    let dataDir: string;

    beforeAll(async () => {
      dataDir = tempDataDir();
      const config = loadConfig({
        DATA_DIR: dataDir,
        PORT: "0",
        HOST: "127.0.0.1",
        SEED_DEMO: "false",
        LOG_LEVEL: "silent",
        JSONLD_URLS: JOBS_FILE,
      });
      running = await startServer(config, createSilentLogger());
    });

    afterAll(async () => {
      await running?.stop();
    });

    it("runs the sync through the server and the item is in the server's store", async () => {
      const result = await runCli(["jsonld", "--json"], { DATA_DIR: dataDir, JSONLD_URLS: JOBS_FILE });
      expect(result.stderr).toContain("syncing through it");
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ source: "jsonld", status: "succeeded", inserted: 1 });
      expect(await running.knowledge.store.getItem("jsonld", "veteli-jobs.jsonld:VET-44")).toMatchObject({
        title: "Kotipalvelun työntekijä",
        municipality: "924",
      });
      expect((await running.knowledge.store.sources()).find((status) => status.source === "jsonld")?.lastRun).toMatchObject({
        actor: "sync:jsonld",
        status: "succeeded",
      });
    }, CHILD_TEST_TIMEOUT);

    it("refuses the local sync route without the lock file's secret", async () => {
      const response = await fetch(`http://127.0.0.1:${running.port}${LOCAL_SYNC_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-lahituki-local-secret": "wrong" },
        body: JSON.stringify({ source: "jsonld" }),
      });
      expect(response.status).toBe(403);
    });
  });
});
