import type { Embedder } from "../knowledge/index.js";
import { validateItem, type CanonicalItem } from "../knowledge/index.js";
import type { KnowledgeStore } from "../knowledge/index.js";
import { describeError } from "../platform/index.js";
import type { Logger } from "../platform/index.js";
import { writeItems } from "./ingest-items.js";
import type { SourceAdapter, SourceRejection } from "./sources/source-adapter.js";

export type SyncStatus = "succeeded" | "partial" | "failed";

/** One problem of a sync, as stored in `ingest_runs.errors` and shown in the admin UI. */
export interface SyncIssue {
  readonly position: string;
  readonly field: string;
  readonly message: string;
}

/** The summary printed by `npm run sync -- SOURCE --json` and returned by the local sync route. */
export interface SyncSummary {
  source: string;
  status: SyncStatus;
  /** Records the source returned (accepted and rejected). */
  fetched: number;
  inserted: number;
  updated: number;
  unchanged: number;
  pruned: number;
  rejected: number;
  errors: SyncIssue[];
  /** Ids inserted or updated by this sync (for job alerts and audit). */
  changed: string[];
  requests: number;
  startedAt: string;
  finishedAt: string;
}

export interface SyncDeps {
  readonly store: KnowledgeStore;
  readonly embedder: Embedder;
  readonly logger: Logger;
  /** Told which items a sync inserted or updated; a failing callback is logged, never fails the sync. */
  readonly onItemsChanged?: ((source: string, ids: readonly string[]) => Promise<void> | void) | undefined;
}

export interface SyncOptions {
  readonly adapter: SourceAdapter;
  /** ISO date (Europe/Helsinki) for validation. */
  readonly today: string;
  /** Who runs it, for the source status; default `sync:{source}`. */
  readonly actor?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * When more than this share of the records is rejected the sync fails instead of pruning: the
 * source has most likely changed its format, and the previous items are the better answer.
 */
export const MAX_REJECTED_SHARE = 0.5;

/**
 * Runs one source: fetch everything, validate each record, then write items and prune the source's
 * items that are gone, in ONE transaction. Outcomes (docs/decisions/0045-source-sync.md):
 * - **failed**: the fetch did not complete (network, HTTP error after retries, a page not in the
 *   documented shape), the result is implausible (empty where the source cannot be empty, most
 *   records rejected) or the write failed. Nothing is written; the previous items stay as they were.
 * - **partial**: the fetch completed but some records were rejected; the rest is written, and the
 *   previous versions of rejected records (when their id is known) are kept rather than pruned.
 * - **succeeded**: everything was accepted and written.
 * Every run is recorded in `ingest_runs` with actor `sync:{source}`.
 */
export async function syncSource(deps: SyncDeps, options: SyncOptions): Promise<SyncSummary> {
  const source = options.adapter.name;
  const startedAt = new Date();
  const summary: SyncSummary = {
    source,
    status: "failed",
    fetched: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    pruned: 0,
    rejected: 0,
    errors: [],
    changed: [],
    requests: 0,
    startedAt: startedAt.toISOString(),
    finishedAt: startedAt.toISOString(),
  };
  const log = deps.logger.child({ source });
  log.info("source_sync.started");
  try {
    let fetched;
    try {
      fetched = await options.adapter.fetchAll({ today: options.today, logger: log, signal: options.signal });
    } catch (error) {
      summary.errors.push({ position: "(fetch)", field: "(source)", message: describeError(error) });
      log.warn({ err: error }, "source_sync.fetch_failed");
      return await finish(deps, options, summary, startedAt, log);
    }
    summary.requests = fetched.requests;
    summary.fetched = fetched.records.length + fetched.rejected.length;
    const kept = new Set<string>();
    const keepPrevious = (rejection: Pick<SourceRejection, "id">) => {
      if (rejection.id) kept.add(rejection.id);
    };
    for (const rejection of fetched.rejected) {
      summary.rejected += 1;
      summary.errors.push({ position: rejection.position, field: rejection.field, message: rejection.message });
      keepPrevious(rejection);
    }
    const items: CanonicalItem[] = [];
    const ids = new Set<string>();
    for (const record of fetched.records) {
      const rawId = typeof record.raw.id === "string" ? record.raw.id : undefined;
      const result = validateItem(record.raw, { today: options.today });
      if (!result.ok) {
        summary.rejected += 1;
        for (const issue of result.issues) summary.errors.push({ position: record.position, ...issue });
        keepPrevious({ id: rawId });
        continue;
      }
      if (ids.has(result.item.id)) {
        summary.rejected += 1;
        summary.errors.push({ position: record.position, field: "id", message: `duplicate id "${result.item.id}"` });
        continue;
      }
      ids.add(result.item.id);
      items.push(result.item);
    }
    const stored = await deps.store.itemIds(source);
    const implausible = implausibility(options.adapter, summary, items.length, stored.length);
    if (implausible) {
      summary.errors.unshift({ position: "(sync)", field: "(source)", message: implausible });
      log.warn({ fetched: summary.fetched, rejected: summary.rejected, stored: stored.length }, "source_sync.implausible");
      return await finish(deps, options, summary, startedAt, log);
    }
    const deletions = stored.filter((id) => !ids.has(id) && !isKept(id, kept));
    try {
      const result = await writeItems(deps, { source, items, deletions });
      summary.inserted = result.inserted;
      summary.updated = result.updated;
      summary.unchanged = result.unchanged;
      summary.pruned = result.deleted;
      summary.changed = [...result.changedIds];
      summary.status = summary.rejected > 0 ? "partial" : "succeeded";
    } catch (error) {
      summary.errors.push({ position: "(write)", field: "(store)", message: describeError(error) });
      log.error({ err: error }, "source_sync.write_failed");
    }
    return await finish(deps, options, summary, startedAt, log);
  } catch (error) {
    summary.status = "failed";
    summary.errors.push({ position: "(sync)", field: "(source)", message: describeError(error) });
    log.error({ err: error }, "source_sync.crashed");
    return await finish(deps, options, summary, startedAt, log);
  }
}

/** Ids `{id}` and `{id}-{language}` of a rejected record keep their stored version. */
function isKept(id: string, kept: ReadonlySet<string>): boolean {
  if (kept.has(id)) return true;
  const dash = id.lastIndexOf("-");
  return dash > 0 && kept.has(id.slice(0, dash));
}

function implausibility(adapter: SourceAdapter, summary: SyncSummary, accepted: number, stored: number): string | undefined {
  if (summary.fetched === 0 && stored > 0 && !adapter.allowEmpty) {
    return `the source returned no records while ${stored} items are stored; keeping them (an empty answer from ${adapter.name} is taken as an outage)`;
  }
  if (summary.fetched > 0 && accepted === 0) {
    return "every record was rejected; the source's format may have changed, previous items kept";
  }
  if (summary.fetched >= 4 && summary.rejected / summary.fetched > MAX_REJECTED_SHARE) {
    return `${summary.rejected} of ${summary.fetched} records were rejected (over ${MAX_REJECTED_SHARE * 100} %); the source's format may have changed, previous items kept`;
  }
  return undefined;
}

async function finish(
  deps: SyncDeps,
  options: SyncOptions,
  summary: SyncSummary,
  startedAt: Date,
  log: Logger,
): Promise<SyncSummary> {
  summary.finishedAt = new Date().toISOString();
  const { fetched, inserted, updated, unchanged, pruned, rejected, requests } = summary;
  try {
    await deps.store.recordIngestRun({
      source: summary.source,
      actor: options.actor ?? `sync:${summary.source}`,
      status: summary.status,
      counts: { fetched, inserted, updated, unchanged, pruned, rejected, requests },
      errors: summary.errors,
      startedAt,
    });
  } catch (error) {
    log.error({ err: error }, "source_sync.record_failed");
  }
  log.info({ status: summary.status, fetched, inserted, updated, unchanged, pruned, rejected, requests }, "source_sync.finished");
  if (summary.changed.length > 0 && deps.onItemsChanged) {
    try {
      await deps.onItemsChanged(summary.source, summary.changed);
    } catch (error) {
      log.error({ err: error }, "source_sync.on_items_changed_failed");
    }
  }
  return summary;
}
