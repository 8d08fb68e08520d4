import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openKnowledgeBase } from "../../knowledge/index.js";
import { loadConfig } from "../../platform/config.js";
import { createSilentLogger } from "../../platform/logger.js";
import { generateVacancies, toJsonLines } from "../bench/generate-vacancies.js";
import { cliEnvironment, startCli } from "./ingest-support/run-cli.js";
import { orphanChunks } from "./ingest-support/store-snapshot.js";

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const FILES = ["a", "b", "c", "d"];
const PER_FILE = 600;
let directory: string;

beforeAll(() => {
  directory = mkdtempSync(path.join(tmpdir(), "lahituki-kill-"));
  mkdirSync(path.join(directory, "import"));
  FILES.forEach((name, index) => {
    const items = generateVacancies({ count: PER_FILE, seed: index + 1, idPrefix: name });
    writeFileSync(path.join(directory, "import", `${name}.jsonl`), toJsonLines(items));
  });
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe("killing the ingest CLI mid-run", () => {
  it("keeps every file committed before the kill and leaves no half-written file, item or chunk", async () => {
    const dataDir = path.join(directory, "data");
    const child = startCli("ingest/ingest-cli.ts", [path.join(directory, "import")], cliEnvironment(dataDir, { LOG_LEVEL: "info" }));
    let stderr = "";
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        // The first file is committed: kill while the second is being written.
        if (stderr.includes("ingest.file_done")) resolve();
      });
      child.once("exit", () => reject(new Error(`ingest ended before the kill:\n${stderr}`)));
    });
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const config = loadConfig({ DATA_DIR: dataDir, SEED_DEMO: "false", LOG_LEVEL: "silent" });
    const knowledge = await openKnowledgeBase(config, createSilentLogger());
    try {
      const counts = await knowledge.database.query<{ source: string; items: number }>(
        "SELECT source, count(*) AS items FROM items GROUP BY source ORDER BY source",
      );
      const bySource = new Map(counts.rows.map((row) => [row.source, row.items]));
      expect(bySource.get("a.jsonl")).toBe(PER_FILE);
      for (const [, items] of bySource) expect(items).toBe(PER_FILE);
      expect(bySource.size).toBeLessThan(FILES.length);
      expect(await orphanChunks(knowledge.database)).toBe(0);
      const withoutChunks = await knowledge.database.query<{ count: number }>(
        "SELECT count(*) AS count FROM items i WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.source = i.source AND c.item_id = i.id)",
      );
      expect(withoutChunks.rows[0]?.count).toBe(0);
    } finally {
      await knowledge.close();
    }
  });
});
