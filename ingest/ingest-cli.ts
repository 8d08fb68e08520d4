import path from "node:path";
import { parseArgs } from "node:util";
import { helsinkiDate, ITEM_KINDS, openKnowledgeBase } from "../knowledge/index.js";
import {
  createLogger,
  DataDirLockedError,
  describeError,
  loadConfig,
  readDataDirLock,
} from "../platform/index.js";
import { ingestFiles, type IngestSummary } from "./ingest-files.js";
import { LOCAL_INGEST_PATH, LOCAL_SECRET_HEADER } from "./local-ingest-http.js";

const USAGE = `Usage: npm run ingest -- [--source NAME] [--kind KIND] [--prune] [--json] PATH...

Imports knowledge items from files or directories (recursively):
  .jsonl .json .csv                canonical items (see README, "Canonical item")
  .md .txt .html .pdf              free documents (kind from --kind or front matter)

  --source NAME   source of every item (default: each file's name)
  --kind KIND     kind of free documents: ${ITEM_KINDS.join(", ")}
  --prune         remove the source's items that the import no longer contains
  --json          print one JSON summary object

Exit status: 0 when the run completed (even with rejected records), 1 when a file could not be
read or parsed at all, 2 on wrong usage.`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        source: { type: "string" },
        kind: { type: "string" },
        prune: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    process.stderr.write(`No PATH given.\n\n${USAGE}\n`);
    return 2;
  }
  if (values.kind && !(ITEM_KINDS as readonly string[]).includes(values.kind)) {
    process.stderr.write(`--kind must be one of ${ITEM_KINDS.join(", ")}, got "${values.kind}"\n`);
    return 2;
  }
  if (values.source !== undefined && !values.source.trim()) {
    process.stderr.write("--source must not be empty\n");
    return 2;
  }
  const config = loadConfig(process.env, { dotenvPath: path.resolve(".env") });
  // JSON goes to stdout; logs to stderr so the summary stays machine-readable.
  const logger = createLogger({ level: values.json ? "warn" : config.LOG_LEVEL, destination: process.stderr });
  const request = {
    paths: positionals.map((entry) => path.resolve(entry)),
    source: values.source,
    kind: values.kind,
    prune: values.prune,
  };
  let summary: IngestSummary;
  const holder = config.DATABASE_URL ? undefined : readDataDirLock(config.dataDir);
  if (holder) {
    summary = await ingestThroughServer(holder, request);
  } else {
    const knowledge = await openKnowledgeBase(config, logger);
    try {
      summary = await ingestFiles(
        { store: knowledge.store, embedder: knowledge.embedder, logger },
        {
          ...request,
          today: helsinkiDate(),
          maxFileBytes: config.INGEST_MAX_FILE_MB * 1024 * 1024,
          actor: `cli:${process.env.USER ?? "unknown"}`,
        },
      );
    } finally {
      await knowledge.close();
    }
  }
  printSummary(summary, values.json);
  return summary.failedFiles > 0 ? 1 : 0;
}

/** The server holds the embedded database: send the import to it rather than opening DATA_DIR twice. */
async function ingestThroughServer(
  holder: { pid: number; port?: number | undefined; secret: string },
  request: { paths: string[]; source?: string | undefined; kind?: string | undefined; prune: boolean },
): Promise<IngestSummary> {
  if (!holder.port) {
    throw new DataDirLockedError(
      `The embedded database is in use by process ${holder.pid}, which is not serving HTTP yet. Try again in a moment or stop it.`,
      { pid: holder.pid },
    );
  }
  process.stderr.write(`The server (pid ${holder.pid}) holds DATA_DIR; importing through it on port ${holder.port}.\n`);
  const response = await fetch(`http://127.0.0.1:${holder.port}${LOCAL_INGEST_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", [LOCAL_SECRET_HEADER]: holder.secret },
    body: JSON.stringify(request),
  });
  if (!response.ok) throw new Error(`The running server refused the import: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as IngestSummary;
}

function printSummary(summary: IngestSummary, json: boolean): void {
  const { inserted, updated, unchanged, pruned, rejected, errors } = summary;
  if (json) {
    process.stdout.write(`${JSON.stringify({ inserted, updated, unchanged, pruned, rejected, errors })}\n`);
    return;
  }
  process.stdout.write(
    `inserted ${inserted}, updated ${updated}, unchanged ${unchanged}, pruned ${pruned}, rejected ${rejected}\n`,
  );
  for (const error of errors) {
    process.stdout.write(`  ${error.file}${error.line ? `:${error.line}` : ""} ${error.field}: ${error.message}\n`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ingest failed: ${describeError(error)}\n`);
    process.exit(1);
  },
);
