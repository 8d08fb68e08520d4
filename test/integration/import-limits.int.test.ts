import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HashedNgramEmbedder } from "../../knowledge/hashed-ngram-embedder.js";
import { HybridSearcher } from "../../knowledge/hybrid-search.js";
import { embeddingSpace } from "../../knowledge/embedder.js";
import { SqlKnowledgeStore } from "../../knowledge/sql-knowledge-store.js";
import { ingestFiles } from "../../ingest/ingest-files.js";
import { applyMigrations, openPgliteDatabase } from "../../platform/database.js";
import { createSilentLogger } from "../../platform/logger.js";
import { generateVacancies, toJsonLines } from "../bench/generate-vacancies.js";
import { makePdfBomb } from "../fixtures/ingest/make-pdf.js";
import { startAdminTestServer, type AdminTestServer } from "../support/admin-test-server.js";

const root = mkdtempSync(path.join(tmpdir(), "lahituki-import-limits-"));
const servers: AdminTestServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
  rmSync(root, { recursive: true, force: true });
});

async function startServer(env: Record<string, string>): Promise<AdminTestServer> {
  const server = await startAdminTestServer({ env });
  servers.push(server);
  return server;
}

function upload(server: AdminTestServer, name: string, content: Buffer | string): Promise<Response> {
  const form = new FormData();
  form.append("file", new Blob([typeof content === "string" ? content : new Uint8Array(content)]), name);
  return fetch(`${server.baseUrl}/api/admin/uploads`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.tokens.areaAdmin}`, "accept-language": "en" },
    body: form,
  });
}

describe("imports through the server", () => {
  it("answers /healthz and searches the knowledge base while a large upload is being written", async () => {
    const server = await startServer({ DATA_DIR: path.join(root, "responsive"), ADMIN_UPLOAD_MAX_MB: "10" });
    const searcher = new HybridSearcher({ database: server.database, embedder: server.embedder, logger: createSilentLogger() });
    const items = generateVacancies({ count: 1500, seed: 3 });
    let done = false;
    const importing = upload(server, "vacancies.jsonl", toJsonLines(items)).finally(() => (done = true));
    // What a chat turn does (a hybrid search) and what the items table holds, asked while the
    // upload runs. The embedded engine has one connection: a search waits for any open transaction.
    const seen: number[] = [];
    let searches = 0;
    while (!done) {
      expect((await fetch(`${server.baseUrl}/healthz`)).ok).toBe(true);
      await searcher.search({ query: "hitsaaja Kokkola", limit: 5 });
      searches += 1;
      const count = await server.database.query<{ count: number }>("SELECT count(*)::int AS count FROM items");
      seen.push(count.rows[0]!.count);
    }
    expect((await importing).status).toBe(200);
    expect(searches).toBeGreaterThan(1);
    // Searches were answered between the import's batches, not only before or after all of it.
    expect(seen.some((count) => count > 0 && count < items.length)).toBe(true);
    const total = await server.database.query<{ count: number }>("SELECT count(*)::int AS count FROM items");
    expect(total.rows[0]!.count).toBe(items.length);
  }, 180_000);

  it("refuses an upload with 503 while one import runs and the waiting line is full", async () => {
    const server = await startServer({ DATA_DIR: path.join(root, "queue"), IMPORT_QUEUE_MAX_WAITING: "0", ADMIN_UPLOAD_MAX_MB: "10" });
    const first = upload(server, "first.jsonl", toJsonLines(generateVacancies({ count: 300, seed: 5 })));
    // The first upload holds the queue once its scratch folder exists.
    const scratch = path.join(root, "queue", "tmp", "uploads");
    while (!existsSync(scratch) || readdirSync(scratch).length === 0) await new Promise((resolve) => setImmediate(resolve));
    const second = await upload(server, "second.jsonl", toJsonLines(generateVacancies({ count: 3, seed: 6, idPrefix: "second-" })));
    expect(second.status).toBe(503);
    expect(second.headers.get("retry-after")).toBe("30");
    expect((await second.json()).error.message).toMatch(/already importing other files/);
    expect((await first).status).toBe(200);
  }, 120_000);

  it("refuses a PDF bomb upload naming the memory limit, with the parser killed", async () => {
    const server = await startServer({ DATA_DIR: path.join(root, "bomb"), ADMIN_UPLOAD_PARSE_MEMORY_MB: "300" });
    const response = await upload(server, "pommi.pdf", makePdfBomb(600));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/pommi\.pdf.*more than 300 MB of memory/);
  }, 120_000);

  it("removes upload leftovers of a crashed process from DATA_DIR at start, not another live process's", async () => {
    const dataDir = path.join(root, "scratch");
    const scratch = path.join(dataDir, "tmp", "uploads");
    const deadPid = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString());
    const leftover = path.join(scratch, `${deadPid}-abc123`);
    const live = path.join(scratch, `${process.ppid}-def456`);
    for (const folder of [leftover, live]) {
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, "upload.bin"), "Henkilötunnus 131052-308T");
    }
    await startServer({ DATA_DIR: dataDir });
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});

describe("npm run ingest (in-process parsing)", () => {
  it("refuses a PDF bomb by name and still imports the other files", async () => {
    const directory = path.join(root, "cli");
    mkdirSync(directory, { recursive: true });
    writeFileSync(path.join(directory, "bomb.pdf"), makePdfBomb(600));
    writeFileSync(path.join(directory, "good.jsonl"), toJsonLines(generateVacancies({ count: 5, seed: 9 })));
    const database = await openPgliteDatabase({});
    try {
      await applyMigrations(database);
      const store = new SqlKnowledgeStore(database);
      const embedder = new HashedNgramEmbedder(64);
      await store.ensureEmbeddingSpace({ space: embeddingSpace(embedder), dimensions: embedder.dimensions });
      const summary = await ingestFiles(
        { store, embedder, logger: createSilentLogger() },
        { paths: [directory], kind: "service", today: "2026-01-15", maxFileBytes: 10 * 1024 * 1024, actor: "test" },
      );
      expect(summary.failedFiles).toBe(1);
      expect(summary.inserted).toBe(5);
      expect(summary.errors).toEqual([
        expect.objectContaining({ file: path.join(directory, "bomb.pdf"), message: "PDF parsing needed more than 512 MB of memory and was stopped" }),
      ]);
    } finally {
      await database.close();
    }
  }, 120_000);
});
