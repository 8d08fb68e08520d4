/**
 * Child process of ingest-bench.ts: runs one measured scenario and prints one JSON line per phase.
 * Usage: tsx ingest-bench-worker.ts prepare|batched|langchain DATA_DIR FILE
 */
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { PGVectorStore } from "@langchain/community/vectorstores/pgvector";
import { Document } from "@langchain/core/documents";
import { Embeddings } from "@langchain/core/embeddings";
import pg from "pg";
import { ingestFiles } from "../../ingest/ingest-files.js";
import { embedItems } from "../../ingest/ingest-items.js";
import { contentHash, helsinkiDate, openKnowledgeBase, validateItem } from "../../knowledge/index.js";
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
  // The peer: LangChain's PGVectorStore, as a LangChain user would load the same items: the same
  // validation, chunking and embedding, then addVectors (multi-row INSERTs of its default chunk
  // size) into its own table, and an HNSW index as ours has. It runs on its own in-memory embedded
  // database reached over the PostgreSQL wire protocol (pglite-socket), which is how a pg pool
  // talks to it; it keeps no full-text index, which ours builds as well.
  const db = await PGlite.create({ extensions: { vector } });
  await db.exec("CREATE EXTENSION IF NOT EXISTS vector");
  const socket = new PGLiteSocketServer({ db, port: 0, maxConnections: 4 });
  await socket.start();
  const pool = new pg.Pool({ connectionString: `postgres://postgres@${socket.getServerConn()}/postgres`, max: 4 });
  const embedder = knowledge.embedder;
  class SameEmbeddings extends Embeddings {
    constructor() {
      super({});
    }
    async embedDocuments(documents: string[]): Promise<number[][]> {
      return (await embedder.embed(documents)).map((vector) => [...vector]);
    }
    async embedQuery(document: string): Promise<number[]> {
      return [...(await embedder.embed([document]))[0]!];
    }
  }
  const peerStore = await PGVectorStore.initialize(new SameEmbeddings(), { pool, tableName: "peer_chunks", distanceStrategy: "cosine" });
  await measure("langchain", lines, async () => {
    const items = readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => validateItem(JSON.parse(line), { today }))
      .flatMap((result) => (result.ok ? [result.item] : []));
    const writes = await embedItems(
      embedder,
      items.map((item) => ({ item, hash: contentHash(item) })),
    );
    const chunks = writes.flatMap((write) => write.chunks.map((chunk) => ({ write, chunk })));
    await peerStore.addVectors(
      chunks.map(({ chunk }) => [...chunk.embedding]),
      chunks.map(
        ({ write, chunk }) =>
          new Document({
            pageContent: chunk.content,
            metadata: { id: write.item.id, kind: write.item.kind, municipality: write.item.municipality ?? null, validUntil: write.item.validUntil ?? null, ordinal: chunk.ordinal },
          }),
      ),
    );
    await peerStore.createHnswIndex({ dimensions: embedder.dimensions });
    return { inserted: writes.length };
  });
  const stored = await pool.query<{ count: string }>("SELECT count(*) AS count FROM peer_chunks");
  process.stderr.write(`langchain peer: ${stored.rows[0]?.count ?? 0} chunks stored\n`);
  await peerStore.end();
  await socket.stop();
  await db.close();
  await measure("batched-subset", lines, () => ingestFiles(deps, { ...options, source: "peer-batched" }));
}
await knowledge.close();
