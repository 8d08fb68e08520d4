import { createHash } from "node:crypto";
import { open, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Embedder } from "../knowledge/index.js";
import { contentHash, validateItem, type CanonicalItem } from "../knowledge/index.js";
import type { KnowledgeStore } from "../knowledge/index.js";
import type { Logger } from "../platform/index.js";
import { describeError } from "../platform/index.js";
import { FileUnreadableError, type IngestIssue } from "./ingest-error.js";
import { writeItems } from "./ingest-items.js";
import { parserFor, SUPPORTED_EXTENSIONS, type SourceRecord } from "./parsers/index.js";

export interface IngestFilesDeps {
  readonly store: KnowledgeStore;
  readonly embedder: Embedder;
  readonly logger: Logger;
}

export interface IngestFilesOptions {
  readonly paths: readonly string[];
  /** Source of every item; default: each file's name. */
  readonly source?: string | undefined;
  /** Kind for free documents without front matter. */
  readonly kind?: string | undefined;
  /** Remove the source's items that this import no longer contains. */
  readonly prune?: boolean | undefined;
  /** ISO date (Europe/Helsinki) for date tokens. */
  readonly today: string;
  readonly maxFileBytes: number;
  /** Who imports, for the source status (CLI user, admin user, sync adapter). */
  readonly actor: string;
  /** Validate and count only; write nothing. */
  readonly dryRun?: boolean | undefined;
  /** Shown as the file's name in messages instead of its path (uploads). */
  readonly displayNames?: ReadonlyMap<string, string> | undefined;
  /** The server keeps serving meanwhile: yield between records and write in small statements. */
  readonly keepServing?: boolean | undefined;
}

/** The summary printed by `npm run ingest -- --json`; field names are a public contract. */
export interface IngestSummary {
  inserted: number;
  updated: number;
  unchanged: number;
  pruned: number;
  rejected: number;
  errors: IngestIssue[];
  /** Files that could not be read or parsed at all (non-zero exit status). */
  failedFiles: number;
  /** Ids written per source, for alerts and audit. */
  changed: Array<{ source: string; ids: string[] }>;
}

/**
 * Imports files and directories (recursively). Each file is validated as a whole and written in its
 * own transaction, so a failure leaves the store as it was for that file while other files go on.
 */
export async function ingestFiles(deps: IngestFilesDeps, options: IngestFilesOptions): Promise<IngestSummary> {
  const summary: IngestSummary = {
    inserted: 0,
    updated: 0,
    unchanged: 0,
    pruned: 0,
    rejected: 0,
    errors: [],
    failedFiles: 0,
    changed: [],
  };
  const files = await expandPaths(options.paths, summary);
  const seenBySource = new Map<string, Set<string>>();
  const failedSources = new Set<string>();
  const startedAt = new Date();
  // Each source's run record gets its own counts, not the whole run's.
  const countsBySource = new Map<string, Record<CountName, number>>();
  const countAfter = (source: string, before: Record<CountName, number>) => {
    const counts = countsBySource.get(source) ?? { inserted: 0, updated: 0, unchanged: 0, pruned: 0, rejected: 0 };
    for (const name of COUNT_NAMES) counts[name] += summary[name] - before[name];
    countsBySource.set(source, counts);
  };
  for (const file of files) {
    const display = options.displayNames?.get(file) ?? file;
    const source = options.source ?? path.basename(display);
    const seen = seenBySource.get(source) ?? new Set<string>();
    seenBySource.set(source, seen);
    const before = countsOf(summary);
    try {
      // Records stored from exactly the same text are unchanged without validating them again.
      const known = options.dryRun ? new Map<string, string>() : await deps.store.recordHashes(source);
      const { items, skipped } = await readItems(file, display, options, summary, known);
      const duplicate = (id: string, line: number) => {
        summary.rejected += 1;
        summary.errors.push({ file: display, line, field: "id", message: `duplicate id "${id}" in source ${source}` });
      };
      for (const { id, line } of skipped) {
        if (seen.has(id)) {
          duplicate(id, line);
          continue;
        }
        seen.add(id);
        summary.unchanged += 1;
      }
      const fresh: CanonicalItem[] = [];
      const recordHashes = new Map<string, string>();
      for (const { item, line, recordHash } of items) {
        if (seen.has(item.id)) {
          duplicate(item.id, line);
          continue;
        }
        seen.add(item.id);
        fresh.push(item);
        recordHashes.set(item.id, recordHash);
      }
      if (options.dryRun) {
        const hashes = await deps.store.contentHashes(source, fresh.map((item) => item.id));
        for (const item of fresh) {
          const stored = hashes.get(item.id);
          if (stored === undefined) summary.inserted += 1;
          else if (stored === contentHash(item)) summary.unchanged += 1;
          else summary.updated += 1;
        }
        continue;
      }
      const result = await writeItems(deps, { source, items: fresh, recordHashes, keepServing: options.keepServing });
      summary.inserted += result.inserted;
      summary.updated += result.updated;
      summary.unchanged += result.unchanged;
      if (result.changedIds.length > 0) summary.changed.push({ source, ids: [...result.changedIds] });
      deps.logger.info(
        { file: display, source, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged },
        "ingest.file_done",
      );
    } catch (error) {
      summary.failedFiles += 1;
      const message = error instanceof FileUnreadableError ? error.message.replace(`${error.file}: `, "") : describeError(error);
      summary.errors.push({ file: display, line: 0, field: "(file)", message });
      deps.logger.warn({ file: display, err: error }, "ingest.file_failed");
      // A source whose file failed must not be pruned: its items would look removed.
      seenBySource.delete(source);
      failedSources.add(source);
    } finally {
      countAfter(source, before);
    }
  }
  if (options.prune) {
    for (const [source, seen] of seenBySource) {
      if (failedSources.has(source)) continue;
      const stored = await deps.store.itemIds(source);
      const stale = stored.filter((id) => !seen.has(id));
      if (stale.length === 0) continue;
      const before = countsOf(summary);
      if (options.dryRun) {
        summary.pruned += stale.length;
      } else {
        const counts = await deps.store.applyChanges({ source, upserts: [], deletions: stale });
        summary.pruned += counts.deleted;
      }
      countAfter(source, before);
    }
  }
  if (!options.dryRun) {
    for (const source of new Set([...seenBySource.keys(), ...failedSources])) {
      const errors = summary.errors.filter((issue) => (options.source ? true : path.basename(issue.file) === source));
      await deps.store.recordIngestRun({
        source,
        actor: options.actor,
        status: failedSources.has(source) ? "failed" : errors.length > 0 ? "partial" : "succeeded",
        counts: countsBySource.get(source) ?? countsOf({ inserted: 0, updated: 0, unchanged: 0, pruned: 0, rejected: 0 }),
        errors,
        startedAt,
      });
    }
  }
  return summary;
}

const COUNT_NAMES = ["inserted", "updated", "unchanged", "pruned", "rejected"] as const;
type CountName = (typeof COUNT_NAMES)[number];

function countsOf(summary: Record<CountName, number>): Record<CountName, number> {
  return Object.fromEntries(COUNT_NAMES.map((name) => [name, summary[name]])) as Record<CountName, number>;
}

/**
 * Bump when validation or normalisation changes what a record turns into, so that stored record
 * hashes stop matching and every record is validated again.
 */
const RECORD_HASH_VERSION = "1";
const DATE_TOKEN = /today/i;
/** Records validated between turns of the event loop (about a millisecond of work). */
const YIELD_EVERY_RECORDS = 100;

/**
 * Identifies a raw record as read from a file: its text, the file name (free documents take id
 * and title from it), `--kind`, and the day when the record holds date tokens ("today+30").
 */
function recordHash(record: SourceRecord, display: string, options: IngestFilesOptions): string {
  const text = record.raw ?? JSON.stringify(record.value);
  return createHash("sha256")
    .update(
      `${RECORD_HASH_VERSION}\n${path.basename(display)}\n${options.kind ?? ""}\n${DATE_TOKEN.test(text) ? options.today : ""}\n`,
    )
    .update(text)
    .digest("base64url");
}

async function readItems(
  file: string,
  display: string,
  options: IngestFilesOptions,
  summary: IngestSummary,
  known: ReadonlyMap<string, string>,
): Promise<{
  items: Array<{ item: CanonicalItem; line: number; recordHash: string }>;
  skipped: Array<{ id: string; line: number }>;
}> {
  const parser = parserFor(file);
  if (!parser) {
    throw new FileUnreadableError(display, `unsupported file type (supported: ${SUPPORTED_EXTENSIONS.join(", ")})`);
  }
  const info = await stat(file).catch((error: unknown) => {
    throw new FileUnreadableError(display, "cannot be read", error);
  });
  if (info.size > options.maxFileBytes) {
    throw new FileUnreadableError(
      display,
      `is ${formatBytes(info.size)}, over the limit of ${formatBytes(options.maxFileBytes)} (INGEST_MAX_FILE_MB)`,
    );
  }
  const content = await readWhole(file, display);
  const parsed = await parser(content, { file: display, kind: options.kind });
  summary.errors.push(...parsed.issues);
  summary.rejected += parsed.issues.length;
  const items: Array<{ item: CanonicalItem; line: number; recordHash: string }> = [];
  const skipped: Array<{ id: string; line: number }> = [];
  for (const [index, record] of parsed.records.entries()) {
    if (index % YIELD_EVERY_RECORDS === YIELD_EVERY_RECORDS - 1) await yieldToEventLoop();
    const hash = recordHash(record, display, options);
    const storedId = known.get(hash);
    if (storedId !== undefined) {
      skipped.push({ id: storedId, line: record.line });
      continue;
    }
    const result = validateItem(record.value, { today: options.today });
    if (result.ok) {
      items.push({ item: result.item, line: record.line, recordHash: hash });
      continue;
    }
    summary.rejected += 1;
    for (const issue of result.issues) {
      summary.errors.push({ file: display, line: record.line, field: issue.field, message: issue.message });
    }
  }
  return { items, skipped };
}

async function readWhole(file: string, display: string): Promise<Buffer> {
  try {
    const handle = await open(file, "r");
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new FileUnreadableError(display, "cannot be read", error);
  }
}

async function expandPaths(paths: readonly string[], summary: IngestSummary): Promise<string[]> {
  const files: string[] = [];
  for (const entry of paths) {
    let info;
    try {
      info = await stat(entry);
    } catch {
      summary.failedFiles += 1;
      summary.errors.push({ file: entry, line: 0, field: "(file)", message: "no such file or directory" });
      continue;
    }
    if (info.isDirectory()) {
      const names = (await readdir(entry, { recursive: true, withFileTypes: true }))
        .filter((dirent) => dirent.isFile() && parserFor(dirent.name))
        .map((dirent) => path.join(dirent.parentPath, dirent.name))
        .sort();
      files.push(...names);
    } else {
      files.push(entry);
    }
  }
  return files;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${bytes} bytes`;
}
