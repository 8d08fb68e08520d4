import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startServer } from "../../bot/main.js";
import { ingestFiles } from "../../ingest/ingest-files.js";
import { EmbedderMismatchError, openKnowledgeBase } from "../../knowledge/index.js";
import { loadConfig } from "../../platform/config.js";
import { createSilentLogger } from "../../platform/logger.js";
import { cliEnvironment, runCli } from "./ingest-support/run-cli.js";

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

let directory: string;
const logger = createSilentLogger();
const config = (dimensions: number) =>
  loadConfig({
    DATA_DIR: path.join(directory, "data"),
    LOCAL_EMBEDDER_DIMENSIONS: String(dimensions),
    PORT: "0",
    HOST: "127.0.0.1",
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
  });

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), "lahituki-reindex-"));
  const file = path.join(directory, "items.jsonl");
  writeFileSync(
    file,
    ["a", "b", "c"]
      .map((id) => JSON.stringify({ id, kind: "training", title: `Kurssi ${id}`, description: "Hitsauskurssi Kokkolassa.".repeat(80) }))
      .join("\n"),
  );
  const knowledge = await openKnowledgeBase(config(384), logger);
  try {
    const summary = await ingestFiles(
      { store: knowledge.store, embedder: knowledge.embedder, logger },
      { paths: [file], today: "2026-11-28", maxFileBytes: 1024 * 1024, actor: "test" },
    );
    expect(summary.inserted).toBe(3);
  } finally {
    await knowledge.close();
  }
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe("npm run reindex after changing the embedder", () => {
  it("the server refuses to start with another embedder dimension, telling to run reindex", async () => {
    const start = startServer(config(256), logger);
    await expect(start).rejects.toBeInstanceOf(EmbedderMismatchError);
    await expect(start).rejects.toThrow(/npm run reindex/);
  });

  it("re-embeds everything with progress on stderr, after which the server starts", async () => {
    const result = await runCli(
      "ingest/reindex-cli.ts",
      ["--batch-size", "2"],
      cliEnvironment(path.join(directory, "data"), { LOCAL_EMBEDDER_DIMENSIONS: "256" }),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("reindexed 2/3");
    expect(result.stderr).toContain("reindexed 3/3");
    const server = await startServer(config(256), logger);
    try {
      const vectors = await server.knowledge.database.query<{ dims: number; missing: number; chunks: number }>(
        "SELECT min(vector_dims(embedding)) AS dims, count(*) FILTER (WHERE embedding IS NULL) AS missing, count(*) AS chunks FROM chunks",
      );
      expect(vectors.rows[0]).toMatchObject({ dims: 256, missing: 0 });
      expect(vectors.rows[0]!.chunks).toBeGreaterThan(3);
      const index = await server.knowledge.database.query("SELECT 1 FROM pg_indexes WHERE indexname = 'chunks_embedding_hnsw'");
      expect(index.rows).toHaveLength(1);
      expect(await server.knowledge.store.countItems()).toBe(3);
    } finally {
      await server.stop();
    }
  });
});
