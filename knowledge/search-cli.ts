import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../platform/index.js";
import { readDataDirLock } from "../platform/index.js";
import { describeError, isAppError, ValidationError } from "../platform/index.js";
import { createLogger } from "../platform/index.js";
import { HybridSearcher, MAX_LIMIT, MAX_NEAR_KM, toPublicResponse } from "./hybrid-search.js";
import { ITEM_KINDS, type ItemKind } from "./item.js";
import { openKnowledgeBase, type KnowledgeBase } from "./knowledge-base.js";
import { municipalityCode } from "./municipalities.js";
import { SEARCH_PATH } from "./search-http.js";

const USAGE = `Usage: npm run search -- [--json] [--kind KIND] [--municipality NAME] [--near-km N]
                         [--limit N] [--include-expired] "QUERY"
       npm run search -- --json --batch FILE

Searches the knowledge base (hybrid full-text + vector search, expired items left out).
  --kind KIND          only ${ITEM_KINDS.join(", ")}
  --municipality NAME  only this municipality (Finnish or Swedish name, any form, or code)
  --near-km N          with --municipality: municipalities whose centre is within N km
  --limit N            results, 1–${MAX_LIMIT} (default 10)
  --include-expired    include items whose validUntil has passed (admin use)
  --json               print {"query","results":[…],"tookMs"} as one JSON object
  --batch FILE         JSON lines {"id","query","kind"?,"municipality"?}: one JSON line out per line in

Goes through the running server when one holds DATA_DIR, else opens the knowledge base itself.
Exit status: 0 ok, 1 failure, 2 wrong usage (unknown kind or municipality, bad number).`;

interface CliSearch {
  query: string;
  kind?: ItemKind | undefined;
  municipality?: string | undefined;
  nearKm?: number | undefined;
  limit?: number | undefined;
  includeExpired?: boolean | undefined;
}

type PublicResponse = ReturnType<typeof toPublicResponse>;

/** Wrong usage: printed without a stack, exit status 2. */
class UsageError extends Error {}

const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  query: "QUERY",
  kind: "--kind",
  municipality: "--municipality",
  nearKm: "--near-km",
  limit: "--limit",
  includeExpired: "--include-expired",
};

function checkKind(value: string | undefined, flag = "--kind"): ItemKind | undefined {
  if (value === undefined) return undefined;
  if (!(ITEM_KINDS as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${ITEM_KINDS.join(", ")}, got "${value}"`);
  }
  return value as ItemKind;
}

function checkMunicipality(value: string | undefined, flag = "--municipality"): string | undefined {
  if (value === undefined) return undefined;
  if (!municipalityCode(value)) throw new UsageError(`${flag}: unknown municipality "${value}"`);
  return value;
}

function checkNumber(value: string | undefined, flag: string, options: { min: number; max: number; integer: boolean }) {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < options.min || number > options.max || (options.integer && !Number.isInteger(number))) {
    throw new UsageError(`${flag} must be ${options.integer ? "an integer" : "a number"} from ${options.min} to ${options.max}, got "${value}"`);
  }
  return number;
}

/** Searches through the running server or an opened knowledge base, whichever holds DATA_DIR. */
interface SearchBackend {
  search(request: CliSearch): Promise<PublicResponse>;
  close(): Promise<void>;
}

async function openBackend(): Promise<SearchBackend> {
  const config = loadConfig(process.env, { dotenvPath: path.resolve(".env") });
  const holder = config.DATABASE_URL ? undefined : readDataDirLock(config.dataDir);
  if (holder?.port) {
    const url = `http://127.0.0.1:${holder.port}${SEARCH_PATH}`;
    return {
      async search(request) {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(request),
        });
        const body = (await response.json().catch(() => undefined)) as
          | (PublicResponse & { error?: { message?: string; field?: string } })
          | undefined;
        if (response.status === 400) {
          const field = body?.error?.field;
          throw new UsageError(`${field && FLAG_OF_FIELD[field] ? `${FLAG_OF_FIELD[field]}: ` : ""}${body?.error?.message ?? "bad request"}`);
        }
        if (!response.ok || !body) throw new Error(`The running server answered HTTP ${response.status}`);
        return body;
      },
      async close() {},
    };
  }
  if (holder) {
    throw new Error(`The embedded database is in use by process ${holder.pid}, which is not serving HTTP yet. Try again in a moment.`);
  }
  const logger = createLogger({ level: "warn", destination: process.stderr });
  const knowledge: KnowledgeBase = await openKnowledgeBase(config, logger);
  const searcher = new HybridSearcher({ database: knowledge.database, embedder: knowledge.embedder, logger });
  return {
    async search(request) {
      try {
        return toPublicResponse(await searcher.search(request));
      } catch (error) {
        if (error instanceof ValidationError) {
          const flag = error.field ? FLAG_OF_FIELD[error.field] : undefined;
          throw new UsageError(`${flag ? `${flag}: ` : ""}${error.message}`);
        }
        throw error;
      }
    },
    close: () => knowledge.close(),
  };
}

function printHuman(response: PublicResponse): void {
  const lines = [`${response.results.length} result(s) for "${response.query}" in ${response.tookMs} ms`];
  response.results.forEach((result, index) => {
    const validity = [result.validFrom ? `from ${result.validFrom}` : "", result.validUntil ? `until ${result.validUntil}` : ""]
      .filter(Boolean)
      .join(" ");
    lines.push(
      `${index + 1}. [${result.kind}] ${result.title}${result.organization ? ` — ${result.organization}` : ""}${result.municipality ? `, ${result.municipality}` : ""}  (score ${result.score.toFixed(3)}${result.upcoming ? ", UPCOMING" : ""})`,
      `   id ${result.id}${validity ? `; ${validity}` : ""}${result.url ? `; ${result.url}` : ""}`,
      `   ${result.snippet}`,
    );
  });
  process.stdout.write(`${lines.join("\n")}\n`);
}

async function runBatch(backend: SearchBackend, file: string, shared: Omit<CliSearch, "query">): Promise<number> {
  const lines = readFileSync(file, "utf8").split("\n");
  let failures = 0;
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    let id: unknown;
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      id = entry.id;
      if (typeof entry.query !== "string") throw new UsageError("query must be a string");
      const kind = checkKind(typeof entry.kind === "string" ? entry.kind : undefined, "kind");
      const municipality = checkMunicipality(
        typeof entry.municipality === "string" ? entry.municipality : undefined,
        "municipality",
      );
      const response = await backend.search({
        ...shared,
        query: entry.query,
        ...(kind ? { kind } : {}),
        ...(municipality ? { municipality } : {}),
      });
      process.stdout.write(`${JSON.stringify({ id, ...response })}\n`);
    } catch (error) {
      failures += 1;
      const message = error instanceof SyntaxError ? `line ${index + 1} is not JSON` : describeError(error);
      process.stdout.write(`${JSON.stringify({ id: id ?? null, error: message })}\n`);
    }
  }
  return failures > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        json: { type: "boolean", default: false },
        kind: { type: "string" },
        municipality: { type: "string" },
        "near-km": { type: "string" },
        limit: { type: "string" },
        "include-expired": { type: "boolean", default: false },
        batch: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let shared: Omit<CliSearch, "query">;
  try {
    const nearKm = checkNumber(values["near-km"], "--near-km", { min: 0, max: MAX_NEAR_KM, integer: false });
    if (nearKm !== undefined && !values.municipality && values.batch) {
      throw new UsageError("--near-km needs --municipality");
    }
    shared = {
      kind: checkKind(values.kind),
      municipality: checkMunicipality(values.municipality),
      nearKm,
      limit: checkNumber(values.limit, "--limit", { min: 1, max: MAX_LIMIT, integer: true }),
      includeExpired: values["include-expired"] || undefined,
    };
    if (!values.batch) {
      if (positionals.length === 0) throw new UsageError("no QUERY given");
      if (positionals.join(" ").trim() === "") throw new UsageError("QUERY must not be empty");
    } else if (positionals.length > 0) {
      throw new UsageError("give either --batch FILE or a QUERY, not both");
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  const backend = await openBackend();
  try {
    if (values.batch) return await runBatch(backend, path.resolve(values.batch), shared);
    const response = await backend.search({ ...shared, query: positionals.join(" ") });
    if (values.json) process.stdout.write(`${JSON.stringify(response)}\n`);
    else printHuman(response);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await backend.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`search failed: ${isAppError(error) && !error.expose ? error.message : describeError(error)}\n`);
    process.exit(1);
  },
);
