import type { Logger } from "../../platform/index.js";

/**
 * One record mapped from a source's own shape to the canonical item fields, not yet validated:
 * the sync use case validates every record once with `validateItem`, whatever the source.
 */
export interface SourceRecord {
  /** Where the record came from, for messages in the source status: "page 2 #3 (id …)". */
  readonly position: string;
  /** Canonical item input (field names of knowledge/item.ts). */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** A record the adapter could not map (missing name, unknown shape); the rest of the sync goes on. */
export interface SourceRejection {
  readonly position: string;
  /**
   * The record's id in the source, when known: stored items with this id, or `{id}-{language}`,
   * keep their previous version instead of being pruned.
   */
  readonly id?: string | undefined;
  readonly field: string;
  readonly message: string;
}

export interface SourceFetchResult {
  readonly records: readonly SourceRecord[];
  readonly rejected: readonly SourceRejection[];
  /** HTTP requests made (including retries), for the summary. */
  readonly requests: number;
}

export interface SourceFetchContext {
  /** ISO date (Europe/Helsinki) that validity is judged against. */
  readonly today: string;
  readonly logger: Logger;
  /** Aborted when the server stops: the fetch ends with an error and nothing is written. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * A public data source. `fetchAll` reads the source completely or throws (`SourceFetchError`):
 * a sync must never prune items because a page went missing, so partial fetches are not
 * returned. Mapping is done by pure functions in each adapter file, tested without I/O.
 */
export interface SourceAdapter {
  /** Source name of the items (`items.source`) and of `npm run sync -- NAME`. */
  readonly name: string;
  /**
   * Whether an empty result is believable. When false and the source has stored items, an empty
   * fetch counts as failed: an upstream outage answering "no services" must not wipe the region.
   */
  readonly allowEmpty: boolean;
  fetchAll(context: SourceFetchContext): Promise<SourceFetchResult>;
}
