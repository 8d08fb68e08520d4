import type { Config } from "../platform/index.js";
import { acquireDataDirLock, type DataDirLock } from "../platform/index.js";
import { applyMigrations, openPgliteDatabase, openPostgresDatabase, type Database } from "../platform/index.js";
import type { Logger } from "../platform/index.js";
import type { Embedder } from "./embedder.js";
import { embeddingSpace } from "./embedder.js";
import { HashedNgramEmbedder } from "./hashed-ngram-embedder.js";
import { ensureLabelTerms } from "./label-terms-store.js";
import { OpenAiEmbedder } from "./openai-embedder.js";
import { SqlKnowledgeStore } from "./sql-knowledge-store.js";

/** The opened database, store and embedder that entry points (server, CLIs) wire together. */
export interface KnowledgeBase {
  readonly database: Database;
  readonly store: SqlKnowledgeStore;
  readonly embedder: Embedder;
  readonly lock: DataDirLock | undefined;
  close(): Promise<void>;
}

export function createEmbedder(config: Config): Promise<Embedder> | Embedder {
  if (config.embedder === "openai") {
    return OpenAiEmbedder.create({
      apiKey: config.OPENAI_API_KEY,
      baseUrl: config.OPENAI_BASE_URL,
      apiVersion: config.OPENAI_API_VERSION,
      model: config.OPENAI_EMBEDDING_MODEL!,
      dimensions: config.OPENAI_EMBEDDING_DIMENSIONS,
      timeoutMs: config.OPENAI_TIMEOUT_MS,
    });
  }
  return new HashedNgramEmbedder(config.LOCAL_EMBEDDER_DIMENSIONS);
}

export async function openDatabase(config: Config, logger: Logger): Promise<{ database: Database; lock?: DataDirLock }> {
  if (config.DATABASE_URL) {
    const database = await openPostgresDatabase({
      connectionString: config.DATABASE_URL,
      poolSize: config.DATABASE_POOL_SIZE,
      logger,
    });
    return { database };
  }
  const lock = acquireDataDirLock(config.dataDir);
  try {
    const database = await openPgliteDatabase({
      dataDir: config.dataDir,
      sharedBuffersMb: config.PGLITE_SHARED_BUFFERS_MB,
      logger,
    });
    return { database, lock };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR),
 * applies migrations and checks that stored vectors match the configured embedder.
 */
export async function openKnowledgeBase(
  config: Config,
  logger: Logger,
  options: { resetEmbeddings?: boolean; embedder?: Embedder } = {},
): Promise<KnowledgeBase> {
  const embedder = options.embedder ?? (await createEmbedder(config));
  const { database, lock } = await openDatabase(config, logger);
  try {
    await applyMigrations(database, logger);
    const store = new SqlKnowledgeStore(database);
    await store.ensureEmbeddingSpace(
      { space: embeddingSpace(embedder), dimensions: embedder.dimensions },
      { reset: options.resetEmbeddings ?? false },
    );
    await ensureLabelTerms(database, logger);
    return {
      database,
      store,
      embedder,
      lock,
      async close() {
        await database.close();
        lock?.release();
      },
    };
  } catch (error) {
    await database.close();
    lock?.release();
    throw error;
  }
}
