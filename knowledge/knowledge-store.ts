import type { CanonicalItem, ItemKind, Language, StoredItem } from "./item.js";

/** One chunk of an item's text with its vector. */
export interface ChunkWrite {
  readonly ordinal: number;
  readonly language: Language;
  /** The text shown as a snippet. */
  readonly content: string;
  /** Extra index terms (synonyms, occupation labels, place names) that are searched but not shown. */
  readonly searchText: string;
  readonly embedding: readonly number[];
}

export interface ItemWrite {
  readonly item: CanonicalItem;
  readonly contentHash: string;
  /** Hash of the raw record the item came from (file imports); lets re-imports skip validation. */
  readonly recordHash?: string | undefined;
  readonly chunks: readonly ChunkWrite[];
}

/**
 * Upserts produced slice by slice while the write transaction is open, so that a large import holds
 * only one slice's chunks and vectors in memory (docs/decisions/0003-bulk-load-indexes.md).
 */
export interface UpsertSlices {
  /** Chunks all slices will bring, estimated before the first slice; decides whether to bulk-load. */
  readonly expectedChunks: number;
  readonly slices: AsyncIterable<readonly ItemWrite[]>;
}

export interface ChangeSet {
  readonly source: string;
  /** All at once, or in slices; an error while producing a slice rolls the whole change set back. */
  readonly upserts: readonly ItemWrite[] | UpsertSlices;
  /** Item ids of `source` to delete. */
  readonly deletions?: readonly string[];
  /** New record hashes of items whose content is unchanged (e.g. re-validated on a new day). */
  readonly recordHashUpdates?: ReadonlyArray<{ readonly id: string; readonly recordHash: string }>;
  /**
   * The process serves chat and admin while this runs (imports through the server): write in small
   * statements, let the event loop run between them, and never suspend the search indexes (their
   * rebuild is one statement of many seconds on the embedded engine). Slower in total. On the
   * embedded engine, whose one connection waits for any open transaction, each batch of items
   * commits on its own and deletions follow once all are in (SqlKnowledgeStore.applyProgressively).
   */
  readonly keepServing?: boolean | undefined;
}

export interface ChangeCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly deleted: number;
}

export interface ItemFilter {
  readonly kind?: ItemKind | undefined;
  readonly municipalities?: readonly string[] | undefined;
  readonly source?: string | undefined;
  /** "open": validUntil absent or ≥ today; "expired": before today; "upcoming": validFrom after today. */
  readonly validity?: "open" | "expired" | "upcoming" | undefined;
  readonly today?: string | undefined;
  /** Case-insensitive substring of title, description or organisation. */
  readonly text?: string | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

export interface IngestRunRecord {
  readonly source: string;
  readonly actor: string;
  readonly status: "succeeded" | "partial" | "failed";
  readonly counts: Readonly<Record<string, number>>;
  readonly errors: readonly unknown[];
  readonly startedAt: Date;
}

export interface SourceStatus {
  readonly source: string;
  readonly items: number;
  readonly lastRun?: {
    readonly actor: string;
    readonly startedAt: string;
    readonly finishedAt: string | undefined;
    readonly status: string;
    readonly counts: Readonly<Record<string, number>>;
    readonly errors: readonly unknown[];
  };
}

/** Which embedder made the stored vectors; a mismatch blocks writes until `npm run reindex`. */
export interface EmbeddingSpaceInfo {
  readonly space: string;
  readonly dimensions: number;
}

/**
 * Persistence of knowledge items and their chunks. Implemented once over SQL for both PGlite and
 * PostgreSQL (sql-knowledge-store.ts); every write method is one transaction.
 */
export interface KnowledgeStore {
  /**
   * Makes the vector column and HNSW index fit `info`. Throws `EmbedderMismatchError` when vectors
   * of another embedder are stored, unless `options.reset` (reindex) clears them first.
   */
  ensureEmbeddingSpace(info: EmbeddingSpaceInfo, options?: { reset?: boolean }): Promise<void>;
  embeddingSpace(): Promise<EmbeddingSpaceInfo | undefined>;
  /** Content hashes of the given ids of one source (ids not stored are absent from the map). */
  contentHashes(source: string, ids: readonly string[]): Promise<Map<string, string>>;
  /** Stored record hashes of one source, each mapped to its item id. */
  recordHashes(source: string): Promise<Map<string, string>>;
  /** All item ids of one source. */
  itemIds(source: string): Promise<string[]>;
  /** Applies upserts and deletions of one source in a single transaction. */
  applyChanges(changes: ChangeSet): Promise<ChangeCounts>;
  getItem(source: string, id: string): Promise<StoredItem | undefined>;
  listItems(filter: ItemFilter): Promise<{ items: StoredItem[]; total: number }>;
  countItems(): Promise<number>;
  /** Items in batches for re-embedding, ordered by (source, id). */
  iterateItems(batchSize: number): AsyncIterable<StoredItem[]>;
  recordIngestRun(run: IngestRunRecord): Promise<void>;
  sources(): Promise<SourceStatus[]>;
}
