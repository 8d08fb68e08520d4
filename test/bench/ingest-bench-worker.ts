/**
 * Child process of ingest-bench.ts: runs one measured scenario and prints one JSON line per phase.
 * Usage: tsx ingest-bench-worker.ts prepare|batched|per-row DATA_DIR FILE
 */
import { readFileSync } from "node:fs";
import pgvector from "pgvector";
import { ingestFiles } from "../../ingest/ingest-files.js";
import { embedItems } from "../../ingest/ingest-items.js";
import { contentHash, helsinkiDate, openKnowledgeBase, TEXT_SEARCH_CONFIG, validateItem } from "../../knowledge/index.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";

const [mode, dataDir, file] = process.argv.slice(2) as [string, string, string];
const logger = createSilentLogger();
const config = loadConfig({ DATA_DIR: dataDir, SEED_DEMO: "false", LOG_LEVEL: "silent" });
const knowledge = await openKnowledgeBase(config, logger);
if (mode === "prepare") {
  // initdb and migrations once, as `npm start` does on first run; measured runs open the directory.
  await knowledge.close();
  process.exit(0);
}
const today = helsinkiDate();

async function measure(phase: string, items: number, work: () => Promise<{ inserted?: number; unchanged?: number; rejected?: number }>) {
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(process.memoryUsage().rss / 1024 / 1024), 50);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  samples.push(process.memoryUsage().rss / 1024 / 1024);
  process.stdout.write(
    `${JSON.stringify({
      phase,
      items,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      inserted: result.inserted ?? 0,
      unchanged: result.unchanged ?? 0,
      rejected: result.rejected ?? 0,
      rssSamplesMb: samples,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
}

const lines = readFileSync(file, "utf8").split("\n").filter(Boolean).length;
const deps = { store: knowledge.store, embedder: knowledge.embedder, logger };
const options = { paths: [file], today, maxFileBytes: 1024 * 1024 * 1024, actor: "bench" };

if (mode === "batched") {
  await measure("first", lines, () => ingestFiles(deps, options));
  await measure("unchanged", lines, () => ingestFiles(deps, options));
} else {
  // The naive peer: same validation, chunking and embedding, then one INSERT per item and per chunk.
  await measure("per-row", lines, async () => {
    const items = readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => validateItem(JSON.parse(line), { today }))
      .flatMap((result) => (result.ok ? [result.item] : []));
    const writes = await embedItems(
      knowledge.embedder,
      items.map((item) => ({ item, hash: contentHash(item) })),
    );
    await knowledge.database.transaction(async (client) => {
      for (const write of writes) {
        const item = write.item;
        await client.query(
          `INSERT INTO items (source, id, kind, language, title, description, organization, municipality, email,
                              valid_from, valid_until, tags, occupation, employment_type, content_hash)
           VALUES ('peer', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [item.id, item.kind, item.language, item.title, item.description, item.organization ?? null,
           item.municipality ?? null, item.email ?? null, item.validFrom ?? null, item.validUntil ?? null,
           item.tags ?? [], item.occupation ?? null, item.employmentType ?? null, write.contentHash],
        );
        for (const chunk of write.chunks) {
          await client.query(
            `INSERT INTO chunks (source, item_id, ordinal, language, kind, municipality, valid_from, valid_until,
                                 content, search_text, tsv, tsv_simple, embedding)
             VALUES ('peer', $1, $2, $3, $4, $5, $6, $7, $8, $9, to_tsvector($10::regconfig, $8 || ' ' || $9),
                     to_tsvector('simple', $8 || ' ' || $9), $11::vector)`,
            [item.id, chunk.ordinal, chunk.language, item.kind, item.municipality ?? null, item.validFrom ?? null,
             item.validUntil ?? null, chunk.content, chunk.searchText, TEXT_SEARCH_CONFIG[chunk.language],
             pgvector.toSql([...chunk.embedding])],
          );
        }
      }
    });
    return { inserted: writes.length };
  });
  await knowledge.database.exec("TRUNCATE items CASCADE");
  await measure("batched-subset", lines, () => ingestFiles(deps, { ...options, source: "peer-batched" }));
}
await knowledge.close();
