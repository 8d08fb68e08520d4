import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startServer, type RunningServer } from "../../bot/main.js";
import { loadConfig } from "../../platform/config.js";
import { createSilentLogger } from "../../platform/logger.js";
import { cliEnvironment, runCli } from "./ingest-support/run-cli.js";

const EVAL_ITEMS = path.resolve("..", "shared", "eval", "dev", "items.jsonl");
const SUMMARY_KEYS = ["inserted", "updated", "unchanged", "pruned", "rejected", "errors"];

let directory: string;
// Each CLI run starts Node and opens the embedded database; on a busy two-core machine that is slow.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

beforeAll(() => {
  directory = mkdtempSync(path.join(tmpdir(), "lahituki-cli-"));
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

function parseSummary(stdout: string) {
  const lines = stdout.split("\n").filter((line) => line.trim());
  expect(lines).toHaveLength(1);
  const summary = JSON.parse(lines[0]!) as Record<string, unknown>;
  expect(Object.keys(summary)).toEqual(SUMMARY_KEYS);
  return summary as {
    inserted: number;
    updated: number;
    unchanged: number;
    pruned: number;
    rejected: number;
    errors: Array<{ file: string; line: number; field: string; message: string }>;
  };
}

describe("npm run ingest -- --json", () => {
  const dataDir = () => path.join(directory, "data");

  it("ingests every item of the evaluation set, then reports every item unchanged", async () => {
    const first = await runCli("ingest/ingest-cli.ts", ["--json", EVAL_ITEMS], cliEnvironment(dataDir()));
    expect(first.code, first.stderr).toBe(0);
    const summary = parseSummary(first.stdout);
    expect(summary).toMatchObject({ updated: 0, unchanged: 0, pruned: 0, rejected: 0, errors: [] });
    expect(summary.inserted).toBe(60);
    const again = await runCli("ingest/ingest-cli.ts", ["--json", EVAL_ITEMS], cliEnvironment(dataDir()));
    expect(again.code, again.stderr).toBe(0);
    expect(parseSummary(again.stdout)).toEqual({ inserted: 0, updated: 0, unchanged: 60, pruned: 0, rejected: 0, errors: [] });
  });

  it("prunes with --prune the items a source no longer contains", async () => {
    const file = path.join(directory, "kunta.jsonl");
    const item = (id: string) => JSON.stringify({ id, kind: "service", title: `Palvelu ${id}`, description: "Neuvontaa.", municipality: "Halsua" });
    writeFileSync(file, `${item("s1")}\n${item("s2")}\n`);
    const first = parseSummary((await runCli("ingest/ingest-cli.ts", ["--json", "--source", "kunta", file], cliEnvironment(dataDir()))).stdout);
    expect(first.inserted).toBe(2);
    writeFileSync(file, `${item("s1")}\n`);
    const pruned = await runCli("ingest/ingest-cli.ts", ["--json", "--source", "kunta", "--prune", file], cliEnvironment(dataDir()));
    expect(pruned.code).toBe(0);
    expect(parseSummary(pruned.stdout)).toMatchObject({ inserted: 0, unchanged: 1, pruned: 1 });
  });

  it("exits 0 with rejected records listed, and non-zero when a file cannot be parsed at all", async () => {
    const mixed = path.join(directory, "mixed.jsonl");
    writeFileSync(mixed, `${JSON.stringify({ id: "ok", kind: "vacancy", title: "Kokki", description: "Keittiö." })}\n${JSON.stringify({ id: "bad", kind: "job", title: "T", description: "D" })}\n`);
    const partial = await runCli("ingest/ingest-cli.ts", ["--json", mixed], cliEnvironment(dataDir()));
    expect(partial.code).toBe(0);
    expect(parseSummary(partial.stdout)).toMatchObject({
      inserted: 1,
      rejected: 1,
      errors: [expect.objectContaining({ file: mixed, line: 2, field: "kind" })],
    });
    const broken = path.join(directory, "broken.json");
    writeFileSync(broken, "[{");
    const failed = await runCli("ingest/ingest-cli.ts", ["--json", broken], cliEnvironment(dataDir()));
    expect(failed.code).not.toBe(0);
    expect(parseSummary(failed.stdout).errors).toEqual([
      expect.objectContaining({ file: broken, line: 0, message: expect.stringContaining("not valid JSON") }),
    ]);
  });

  it("rejects wrong usage with exit status 2", async () => {
    const result = await runCli("ingest/ingest-cli.ts", ["--json", "--kind", "job", "x.md"], cliEnvironment(dataDir()));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("--kind must be one of");
  });
});

describe("CLIs while a server holds DATA_DIR", () => {
  let server: RunningServer;
  const dataDir = () => path.join(directory, "server-data");

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: dataDir(), PORT: "0", HOST: "127.0.0.1", SEED_DEMO: "false", LOG_LEVEL: "silent" });
    server = await startServer(config, createSilentLogger());
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("sends the import through the running server instead of opening the directory twice", async () => {
    const file = path.join(directory, "via-server.jsonl");
    writeFileSync(file, `${JSON.stringify({ id: "v1", kind: "vacancy", title: "Myyjä", description: "Kauppa Vetelissä.", municipality: "Vetelissä" })}\n`);
    const result = await runCli("ingest/ingest-cli.ts", ["--json", file], cliEnvironment(dataDir()));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`pid ${process.pid}`);
    expect(parseSummary(result.stdout)).toMatchObject({ inserted: 1, rejected: 0 });
    // The server's own store sees the item: it was written through the server's connection.
    expect(await server.knowledge.store.getItem("via-server.jsonl", "v1")).toMatchObject({ municipality: "924" });
  });

  it("stops other CLIs with a message naming the process that holds the directory", async () => {
    const result = await runCli("ingest/reindex-cli.ts", [], cliEnvironment(dataDir()));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(new RegExp(`in use by another Lähituki process \\(pid ${process.pid}`));
  });
});
