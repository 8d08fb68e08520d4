import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { contentHash, type CanonicalItem } from "../knowledge/index.js";
import type { Embedder } from "../knowledge/index.js";
import type { ChangeCounts, ItemWrite, KnowledgeStore } from "../knowledge/index.js";
import { chunkItem, estimateChunkCount } from "./chunk-item.js";

export interface WriteItemsDeps {
  readonly store: KnowledgeStore;
  readonly embedder: Embedder;
}

export interface WriteItemsResult extends ChangeCounts {
  readonly unchanged: number;
  /** Ids that were inserted or updated (for alerts and audit). */
  readonly changedIds: readonly string[];
}

/**
 * Items chunked, embedded and written at a time. Bounds what a large import holds in memory to one
 * slice's chunks and vectors (docs/decisions/0003-bulk-load-indexes.md); 500 matches the store's
 * rows per INSERT.
 */
export const WRITE_SLICE_ITEMS = 500;

/**
 * Writes validated items of one source in one transaction: unchanged items (same content hash)
 * are skipped without embedding; the rest are chunked, embedded and upserted slice by slice, and
 * `deletions` are removed in the same transaction. The first slice is embedded before the
 * transaction opens, so a change that fits in one slice never holds it while a remote embedder
 * answers; later slices are embedded inside it, and an error in any slice rolls everything back.
 */
export async function writeItems(
  deps: WriteItemsDeps,
  options: {
    source: string;
    items: readonly CanonicalItem[];
    deletions?: readonly string[];
    /** Record hash per item id (file imports), stored so that the next import can skip validation. */
    recordHashes?: ReadonlyMap<string, string>;
    /** The server keeps serving meanwhile (see `ChangeSet.keepServing`). */
    keepServing?: boolean | undefined;
  },
): Promise<WriteItemsResult> {
  const hashes = await deps.store.contentHashes(
    options.source,
    options.items.map((item) => item.id),
  );
  const changed: Array<{ item: CanonicalItem; hash: string }> = [];
  const recordHashUpdates: Array<{ id: string; recordHash: string }> = [];
  let unchanged = 0;
  for (const item of options.items) {
    const hash = contentHash(item);
    if (hashes.get(item.id) === hash) {
      unchanged += 1;
      const recordHash = options.recordHashes?.get(item.id);
      if (recordHash) recordHashUpdates.push({ id: item.id, recordHash });
    } else {
      changed.push({ item, hash });
    }
  }
  const deletions = options.deletions ?? [];
  if (changed.length === 0 && deletions.length === 0 && recordHashUpdates.length === 0) {
    return { inserted: 0, updated: 0, deleted: 0, unchanged, changedIds: [] };
  }
  const embedSlice = async (start: number) =>
    (await embedItems(deps.embedder, changed.slice(start, start + WRITE_SLICE_ITEMS))).map((write) => ({
      ...write,
      recordHash: options.recordHashes?.get(write.item.id),
    }));
  const first = changed.length > 0 ? await embedSlice(0) : [];
  async function* slices(): AsyncGenerator<ItemWrite[]> {
    yield first;
    for (let start = WRITE_SLICE_ITEMS; start < changed.length; start += WRITE_SLICE_ITEMS) yield embedSlice(start);
  }
  const counts = await deps.store.applyChanges({
    source: options.source,
    upserts: {
      expectedChunks: changed.reduce((sum, entry) => sum + estimateChunkCount(entry.item), 0),
      slices: slices(),
    },
    deletions,
    recordHashUpdates,
    keepServing: options.keepServing,
  });
  return { ...counts, unchanged, changedIds: changed.map((entry) => entry.item.id) };
}

/** Chunks and embeds items, calling the embedder with full batches. */
export async function embedItems(
  embedder: Embedder,
  entries: ReadonlyArray<{ item: CanonicalItem; hash: string }>,
): Promise<ItemWrite[]> {
  const drafts = await Promise.all(entries.map(async (entry) => ({ entry, chunks: await chunkItem(entry.item) })));
  const texts = drafts.flatMap((draft) => draft.chunks.map((chunk) => chunk.embeddingText));
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += embedder.maxTextsPerCall) {
    vectors.push(...(await embedder.embed(texts.slice(start, start + embedder.maxTextsPerCall))));
    // A local embedder computes synchronously: let requests in between batches.
    await yieldToEventLoop();
  }
  let cursor = 0;
  return drafts.map(({ entry, chunks }) => ({
    item: entry.item,
    contentHash: entry.hash,
    chunks: chunks.map((chunk) => ({
      ordinal: chunk.ordinal,
      language: chunk.language,
      content: chunk.content,
      searchText: chunk.searchText,
      embedding: vectors[cursor++]!,
    })),
  }));
}
