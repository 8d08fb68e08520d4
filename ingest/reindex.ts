import type { Embedder } from "../knowledge/index.js";
import type { CanonicalItem, StoredItem } from "../knowledge/index.js";
import type { KnowledgeStore } from "../knowledge/index.js";
import { embedItems } from "./ingest-items.js";

export interface ReindexDeps {
  readonly store: KnowledgeStore;
  readonly embedder: Embedder;
}

export interface ReindexOptions {
  /** Items per transaction. */
  readonly batchSize: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** A stored item without its storage fields, as it was validated at import. */
function canonicalOf(stored: StoredItem): CanonicalItem {
  const { source: _source, contentHash: _hash, createdAt: _created, updatedAt: _updated, ...item } = stored;
  return item as CanonicalItem;
}

/**
 * Re-chunks and re-embeds every stored item with `deps.embedder`, one transaction per batch and
 * source. The store must already be switched to the embedder's space (`resetEmbeddings`).
 */
export async function reindexAll(deps: ReindexDeps, options: ReindexOptions): Promise<number> {
  const total = await deps.store.countItems();
  let done = 0;
  options.onProgress?.(done, total);
  for await (const batch of deps.store.iterateItems(options.batchSize)) {
    const bySource = new Map<string, StoredItem[]>();
    for (const item of batch) bySource.set(item.source, [...(bySource.get(item.source) ?? []), item]);
    for (const [source, items] of bySource) {
      const writes = await embedItems(
        deps.embedder,
        items.map((item) => ({ item: canonicalOf(item), hash: item.contentHash })),
      );
      await deps.store.applyChanges({ source, upserts: writes });
    }
    done += batch.length;
    options.onProgress?.(done, total);
  }
  return done;
}
