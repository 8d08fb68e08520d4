import path from "node:path";
import { parseArgs } from "node:util";
import { openKnowledgeBase } from "../knowledge/index.js";
import { embeddingSpace } from "../knowledge/index.js";
import { createLogger, describeError, loadConfig } from "../platform/index.js";
import { reindexAll } from "./reindex.js";

const USAGE = `Usage: npm run reindex -- [--batch-size N]

Re-embeds every stored item with the configured embedder (EMBEDDER, LOCAL_EMBEDDER_DIMENSIONS,
OPENAI_EMBEDDING_MODEL …). Needed after changing the embedder: the server refuses to start while
stored vectors were made by another one. Stop the server first when it uses the embedded database.`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { "batch-size": { type: "string", default: "500" }, help: { type: "boolean", short: "h", default: false } },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const batchSize = Number(values["batch-size"]);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    process.stderr.write("--batch-size must be an integer from 1 to 10000\n");
    return 2;
  }
  const config = loadConfig(process.env, { dotenvPath: path.resolve(".env") });
  const logger = createLogger({ level: config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL, destination: process.stderr });
  // Refuses with DataDirLockedError (naming the process) while a server holds DATA_DIR.
  const knowledge = await openKnowledgeBase(config, logger, { resetEmbeddings: true });
  try {
    const space = { space: embeddingSpace(knowledge.embedder), dimensions: knowledge.embedder.dimensions };
    process.stderr.write(`reindexing with ${space.space}\n`);
    // Rebuilding the vector index once at the end is far faster than updating it per row; if this
    // run is interrupted, the next start recreates the index (ensureEmbeddingSpace).
    await knowledge.database.exec("DROP INDEX IF EXISTS chunks_embedding_hnsw");
    const started = Date.now();
    const count = await reindexAll(
      { store: knowledge.store, embedder: knowledge.embedder },
      { batchSize, onProgress: (done, total) => process.stderr.write(`reindexed ${done}/${total}\n`) },
    );
    process.stderr.write("building the vector index\n");
    await knowledge.store.ensureEmbeddingSpace(space);
    process.stderr.write(`done: ${count} items in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await knowledge.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`reindex failed: ${describeError(error)}\n`);
    process.exit(1);
  },
);
