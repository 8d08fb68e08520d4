import path from "node:path";
import { parseArgs } from "node:util";
import { openKnowledgeBase } from "../knowledge/index.js";
import { createLogger, DataDirLockedError, describeError, loadConfig, readDataDirLock } from "../platform/index.js";
import { LOCAL_SECRET_HEADER } from "./local-ingest-http.js";
import { LOCAL_SYNC_PATH } from "./local-sync-http.js";
import { createSourceAdapters, SOURCE_NAMES } from "./sources/source-registry.js";
import { SqlSyncLeaseStore, SyncRunner } from "./sync-runner.js";
import type { SyncSummary } from "./sync.js";

const USAGE = `Usage: npm run sync -- SOURCE [--json]

Reads one public source now and replaces its items in the knowledge base (items the source no
longer lists are removed). SOURCE is one of:
  ptv              Suomi.fi Palvelutietovaranto services and service channels (PTV_* settings)
  tyomarkkinatori  Työmarkkinatori job postings (needs TMT_SUBSCRIPTION_KEY)
  konfo            Opintopolku labour-market training (KONFO_* settings)
  jsonld           schema.org JobPosting pages or files listed in JSONLD_URLS

  --json   print one JSON summary object

Exit status: 0 when the sync succeeded or was partial (some records rejected, the rest written),
1 when it failed (nothing written, previous items kept) or could not run, 2 on wrong usage.`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: { json: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const source = args.positionals[0];
  if (!source || args.positionals.length > 1 || !(SOURCE_NAMES as readonly string[]).includes(source)) {
    process.stderr.write(`${source ? `Unknown source "${args.positionals.join(" ")}".` : "No SOURCE given."}\n\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(process.env, { dotenvPath: path.resolve(".env") });
  const logger = createLogger({ level: args.values.json ? "warn" : config.LOG_LEVEL, destination: process.stderr });
  const { adapters, unavailable } = createSourceAdapters(config, { logger });
  const reason = unavailable.get(source);
  if (reason) {
    process.stderr.write(`Source ${source} is not configured: ${reason}\n`);
    return 1;
  }
  const holder = config.DATABASE_URL ? undefined : readDataDirLock(config.dataDir);
  let summary: SyncSummary;
  if (holder) {
    summary = await syncThroughServer(holder, source);
  } else {
    const knowledge = await openKnowledgeBase(config, logger);
    try {
      const runner = new SyncRunner({
        store: knowledge.store,
        embedder: knowledge.embedder,
        logger,
        leases: new SqlSyncLeaseStore(knowledge.database),
        adapters,
        unavailable,
      });
      summary = await runner.runNow(source);
    } finally {
      await knowledge.close();
    }
  }
  printSummary(summary, args.values.json);
  return summary.status === "failed" ? 1 : 0;
}

/** The server holds the embedded database: ask it to run the sync. */
async function syncThroughServer(holder: { pid: number; port?: number | undefined; secret: string }, source: string): Promise<SyncSummary> {
  if (!holder.port) {
    throw new DataDirLockedError(
      `The embedded database is in use by process ${holder.pid}, which is not serving HTTP yet. Try again in a moment or stop it.`,
      { pid: holder.pid },
    );
  }
  process.stderr.write(`The server (pid ${holder.pid}) holds DATA_DIR; syncing through it on port ${holder.port}.\n`);
  const response = await fetch(`http://127.0.0.1:${holder.port}${LOCAL_SYNC_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", [LOCAL_SECRET_HEADER]: holder.secret },
    body: JSON.stringify({ source }),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`The running server answered HTTP ${response.status} without JSON`);
  }
  const error = (body as { error?: { message?: string } }).error;
  if (!response.ok || error) throw new Error(`The running server refused the sync: ${error?.message ?? `HTTP ${response.status}`}`);
  return body as SyncSummary;
}

function printSummary(summary: SyncSummary, json: boolean): void {
  const { source, status, fetched, inserted, updated, unchanged, pruned, rejected, errors, changed } = summary;
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ source, status, fetched, inserted, updated, unchanged, pruned, rejected, errors, changed })}\n`,
    );
    return;
  }
  process.stdout.write(
    `${source}: ${status} — fetched ${fetched}, inserted ${inserted}, updated ${updated}, unchanged ${unchanged}, pruned ${pruned}, rejected ${rejected}\n`,
  );
  if (status === "failed") process.stdout.write("  Nothing was written; the previous items are kept.\n");
  for (const error of errors.slice(0, 50)) process.stdout.write(`  ${error.position} ${error.field}: ${error.message}\n`);
  if (errors.length > 50) process.stdout.write(`  … and ${errors.length - 50} more\n`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`sync failed: ${describeError(error)}\n`);
    process.exit(1);
  },
);
