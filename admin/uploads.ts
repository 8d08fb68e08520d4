import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readdirSync, rmSync } from "node:fs";
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import busboy from "busboy";
import type { Request, Response } from "express";
import { z } from "zod";
import { ITEM_KINDS, validateItem } from "../knowledge/index.js";
import { isProcessAlive } from "../platform/index.js";
import { ValidationError } from "../platform/index.js";
import { ForbiddenError } from "../platform/index.js";
import { FileUnreadableError, type IngestIssue } from "../ingest/index.js";
import { ingestFiles, type IngestSummary } from "../ingest/index.js";
import { ImportQueueFullError, type ImportQueue } from "../ingest/index.js";
import { watchMemory } from "../ingest/index.js";
import { parserFor, SUPPORTED_EXTENSIONS, type ParsedRecord } from "../ingest/index.js";
import { PayloadTooLargeError, UnsupportedMediaError } from "./admin-errors.js";
import type { AdminItemsDeps } from "./admin-items.js";
import { editorOf, languageOf, parseInput } from "./admin-router.js";
import type { AdminRouteExtension } from "./admin-routes-types.js";
import { ADMIN_MESSAGES, fillMessage, localiseIssueIfKnown, type AdminLanguage } from "./messages.js";
import { canWriteMunicipality, type Editor } from "./roles.js";

export interface UploadLimits {
  /** Largest accepted file, in bytes. */
  readonly maxBytes: number;
  /** Time the parser may run, in milliseconds. */
  readonly parseTimeoutMs: number;
  /** Resident memory (and heap) of the parsing child process, in MB. */
  readonly parseMemoryMb: number;
}

/** Records handled between turns of the event loop while an upload is checked and audited. */
const RECORDS_PER_TURN = 200;

/**
 * Scratch space of uploads: under DATA_DIR, not the system's temporary directory, so that what a
 * crash leaves behind is found and removed at the next start. One folder per upload, named after
 * the process, so instances sharing DATA_DIR (with DATABASE_URL) never remove each other's.
 */
export function uploadScratchDirectory(dataDir: string): string {
  return path.join(dataDir, "tmp", "uploads");
}

/**
 * Removes upload folders left by processes that are gone (a crash or kill during an upload).
 * Synchronous: it runs once at start, before the server takes requests.
 */
export function clearUploadScratch(directory: string): number {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  let removed = 0;
  for (const name of readdirSync(directory)) {
    const pid = Number(/^(\d{1,10})-/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && isProcessAlive(pid)) continue;
    rmSync(path.join(directory, name), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

/** Archive and compression formats by their first bytes: refused, so no zip bomb is ever inflated. */
const ARCHIVE_SIGNATURES: ReadonlyArray<{ name: string; bytes: readonly number[] }> = [
  { name: "ZIP", bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: "ZIP", bytes: [0x50, 0x4b, 0x05, 0x06] },
  { name: "gzip", bytes: [0x1f, 0x8b] },
  { name: "bzip2", bytes: [0x42, 0x5a, 0x68] },
  { name: "xz", bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: "7-Zip", bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: "RAR", bytes: [0x52, 0x61, 0x72, 0x21] },
  { name: "Zstandard", bytes: [0x28, 0xb5, 0x2f, 0xfd] },
];

const ARCHIVE_EXTENSIONS = new Set([".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".zst", ".docx", ".xlsx", ".odt", ".ods"]);

/** The archive format whose signature starts `head`, if any. */
export function archiveSignature(head: Buffer): string | undefined {
  return ARCHIVE_SIGNATURES.find((signature) => signature.bytes.every((byte, index) => head[index] === byte))?.name;
}

/** A safe display name: the base name only, without control characters, at most 150 characters. */
export function safeFileName(name: string): string {
  const base = path.basename(name.replaceAll("\\", "/"));
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "_").trim();
  return (cleaned || "upload").slice(-150);
}

const uploadQuerySchema = z.object({
  dryRun: z.enum(["true", "false", "1", "0"]).optional().transform((value) => value === "true" || value === "1"),
  source: z.string().trim().min(1).max(200).optional(),
  kind: z.enum(ITEM_KINDS).optional(),
});

/**
 * Streams the multipart field `file` to a temporary file, stopping at `maxBytes`: a 500 MB upload
 * is cut off at the limit and nothing beyond it is read or written.
 */
async function receiveUpload(
  request: Request,
  response: Response,
  options: { maxBytes: number; directory: string; language: AdminLanguage },
): Promise<{ path: string; name: string }> {
  const language = options.language;
  const tooLarge = () => {
    // Stop reading the rest of the body: close the connection once the 413 has been sent.
    response.setHeader("connection", "close");
    response.once("finish", () => request.socket.destroy());
    return new PayloadTooLargeError(fillMessage(ADMIN_MESSAGES.uploadTooLarge[language], { mb: Math.round(options.maxBytes / (1024 * 1024)) }));
  };
  const encoding = request.get("content-encoding");
  if (encoding && encoding.toLowerCase() !== "identity") {
    throw new UnsupportedMediaError(ADMIN_MESSAGES.uploadCompressed[language]);
  }
  const declared = Number(request.get("content-length") ?? "0");
  // Multipart framing adds a little; anything far beyond the limit is refused before reading.
  if (declared > options.maxBytes + 64 * 1024) throw tooLarge();
  if (!request.is("multipart/form-data")) {
    throw new ValidationError(ADMIN_MESSAGES.uploadNoFile[language], { field: "file" });
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      limits: { fileSize: options.maxBytes, files: 1, fields: 20, parts: 25, fieldSize: 64 * 1024 },
    });
  } catch (error) {
    throw new ValidationError("Malformed multipart request", { field: "file", cause: error });
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    let received: { path: string; name: string } | undefined;
    let writing: Promise<void> | undefined;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      request.unpipe(parser);
      reject(error);
    };
    parser.on("file", (field, stream, info) => {
      if (field !== "file" || received) {
        stream.resume();
        return;
      }
      const target = path.join(options.directory, "upload.bin");
      received = { path: target, name: safeFileName(info.filename ?? "upload") };
      stream.once("limit", () => {
        stream.unpipe();
        stream.resume();
        fail(tooLarge());
      });
      writing = pipeline(stream, createWriteStream(target, { mode: 0o600 })).catch((error: unknown) => {
        if (!settled) fail(error as Error);
      });
    });
    parser.once("error", (error: Error) => fail(new ValidationError("Malformed multipart request", { field: "file", cause: error })));
    parser.once("close", () => {
      void (writing ?? Promise.resolve()).then(() => {
        if (settled) return;
        settled = true;
        if (!received) reject(new ValidationError(ADMIN_MESSAGES.uploadNoFile[language], { field: "file" }));
        else resolve(received);
      });
    });
    request.once("aborted", () => fail(new ValidationError("Upload aborted", { field: "file" })));
    request.pipe(parser);
  });
}

const CHILD_SCRIPT = fileURLToPath(new URL("./upload-parse-child.ts", import.meta.url));
const PROJECT_ROOT = path.resolve(path.dirname(CHILD_SCRIPT), "..");

/** Parses a file in a child process with a time limit and a limit on its heap and resident memory. */
async function parseInChild(
  file: string,
  options: { display: string; kind?: string | undefined; limits: UploadLimits; directory: string },
): Promise<{ records: ParsedRecord[]; issues: IngestIssue[] }> {
  const resultPath = path.join(options.directory, "parsed.jsonl");
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      `--max-old-space-size=${options.limits.parseMemoryMb}`,
      CHILD_SCRIPT,
      file,
      options.display,
      options.kind ?? "-",
      String(options.limits.parseTimeoutMs),
      String(options.limits.parseMemoryMb),
      resultPath,
    ],
    { cwd: PROJECT_ROOT, stdio: ["ignore", "ignore", "pipe"], env: { PATH: process.env.PATH ?? "", NODE_ENV: "production" } },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString("utf8");
  });
  const watchdog = watchMemory(child, options.limits.parseMemoryMb);
  // The parser's own limit (PDF) comes first; this one catches every other runaway parser.
  const timeoutMs = options.limits.parseTimeoutMs + 5_000;
  const outcome = await new Promise<"done" | "timeout" | "failed">((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve("timeout");
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      watchdog.stop();
      resolve(code === 0 ? "done" : "failed");
    });
    child.once("error", () => {
      clearTimeout(timer);
      watchdog.stop();
      resolve("failed");
    });
  });
  if (outcome === "timeout") {
    throw new FileUnreadableError(options.display, `parsing took longer than ${Math.round(options.limits.parseTimeoutMs / 1000)} s and was stopped`);
  }
  if (outcome === "failed") {
    const memory = watchdog.exceeded() || /heap out of memory|Allocation failed/i.test(stderr);
    throw new FileUnreadableError(
      options.display,
      memory ? `parsing needed more than ${options.limits.parseMemoryMb} MB of memory and was stopped` : "could not be parsed",
    );
  }
  const [header = "{}", ...lines] = (await readFile(resultPath, "utf8")).split("\n");
  const answer = JSON.parse(header) as { ok: true; issues: IngestIssue[] } | { ok: false; message: string };
  if (!answer.ok) throw new FileUnreadableError(options.display, answer.message);
  const records: ParsedRecord[] = [];
  for (const [index, line] of lines.entries()) {
    if (index % RECORDS_PER_TURN === RECORDS_PER_TURN - 1) await yieldToEventLoop();
    records.push(JSON.parse(line) as ParsedRecord);
  }
  return { records, issues: answer.issues };
}

/** What an upload returns: the import (or dry-run) summary plus which source it went to. */
export interface UploadResult extends IngestSummary {
  readonly dryRun: boolean;
  readonly source: string;
  readonly file: string;
}

/**
 * Imports one uploaded file like `npm run ingest` does (same parsers, validation and counts), after
 * dropping rows outside the editor's scope with a per-row message. With `dryRun` nothing is written.
 */
async function importUpload(
  deps: AdminItemsDeps,
  editor: Editor,
  upload: { path: string; name: string; directory: string },
  options: { dryRun: boolean; source?: string | undefined; kind?: string | undefined; today: string; language: AdminLanguage; limits: UploadLimits },
): Promise<UploadResult> {
  const display = upload.name;
  const source = options.source ?? display;
  if (!parserFor(display)) {
    if (ARCHIVE_EXTENSIONS.has(path.extname(display).toLowerCase())) {
      throw new UnsupportedMediaError(ADMIN_MESSAGES.uploadCompressed[options.language]);
    }
    throw new UnsupportedMediaError(fillMessage(ADMIN_MESSAGES.uploadUnsupported[options.language], { types: SUPPORTED_EXTENSIONS.join(", ") }));
  }
  const handle = await open(upload.path, "r");
  const head = Buffer.alloc(8);
  try {
    await handle.read(head, 0, 8, 0);
  } finally {
    await handle.close();
  }
  const archive = archiveSignature(head);
  if (archive) throw new UnsupportedMediaError(`${ADMIN_MESSAGES.uploadCompressed[options.language]} (${archive})`);

  const parsed = await parseInChild(upload.path, { display, kind: options.kind, limits: options.limits, directory: upload.directory });
  const scopeIssues: IngestIssue[] = [];
  const accepted: ParsedRecord[] = [];
  const municipalityById = new Map<string, string | undefined>();
  const validated = [];
  for (const [index, record] of parsed.records.entries()) {
    if (index % RECORDS_PER_TURN === RECORDS_PER_TURN - 1) await yieldToEventLoop();
    validated.push({ record, validation: validateItem(record.value, { today: options.today }) });
  }
  // An id already stored in this source under another municipality must not be taken over either.
  const stored = await deps.repository.storedMunicipalities(
    source,
    validated.flatMap((entry) => (entry.validation.ok ? [entry.validation.item.id] : [])),
  );
  for (const { record, validation } of validated) {
    if (validation.ok) {
      const municipality = validation.item.municipality;
      const id = validation.item.id;
      const outside = !canWriteMunicipality(editor, municipality) ? municipality : stored.has(id) && !canWriteMunicipality(editor, stored.get(id)) ? stored.get(id) : null;
      if (outside !== null) {
        scopeIssues.push({
          file: display,
          line: record.line,
          field: "municipality",
          message: outside === undefined ? ADMIN_MESSAGES.rowAreaWide[options.language] : ADMIN_MESSAGES.rowOutOfScope[options.language],
        });
        continue;
      }
      municipalityById.set(id, municipality);
    }
    accepted.push(record);
  }
  if (scopeIssues.length > 0 && municipalityById.size === 0) {
    // Nothing in the file is the editor's to change: refuse the upload as a whole.
    throw new ForbiddenError(`${ADMIN_MESSAGES.noRowInScope[options.language]} (${scopeIssues.length})`);
  }
  // Re-serialised as JSON Lines so ingestFiles validates and writes exactly like the CLI.
  const staged = path.join(upload.directory, "records.jsonl");
  await writeFile(staged, accepted.map((record) => JSON.stringify(record.value)).join("\n"));
  const ids = [...municipalityById.keys()];
  const before = await deps.store.contentHashes(source, ids);
  const summary = await ingestFiles(deps, {
    paths: [staged],
    source,
    today: options.today,
    maxFileBytes: Number.MAX_SAFE_INTEGER,
    actor: `admin:${editor.user}`,
    dryRun: options.dryRun,
    displayNames: new Map([[staged, display]]),
    keepServing: true,
  });
  const lineOf = (stagedLine: number) => accepted[stagedLine - 1]?.line ?? stagedLine;
  const errors = [
    ...parsed.issues,
    ...scopeIssues,
    ...summary.errors.map((issue) => ({
      ...issue,
      file: display,
      line: issue.line > 0 ? lineOf(issue.line) : 0,
      message: issue.line > 0 ? localiseIssueIfKnown(issue, options.language) : issue.message,
    })),
  ].sort((left, right) => left.line - right.line);
  const result: UploadResult = {
    ...summary,
    rejected: summary.rejected + parsed.issues.length + scopeIssues.length,
    errors,
    dryRun: options.dryRun,
    source,
    file: display,
  };
  if (!options.dryRun) {
    const changed = summary.changed.flatMap((entry) => entry.ids);
    if (changed.length > 0) deps.onItemsChanged?.(source, changed);
    const after = await deps.store.contentHashes(source, changed);
    for (const [index, id] of changed.entries()) {
      // The engine's promises resolve as microtasks: without this the loop never lets requests in.
      if (index % RECORDS_PER_TURN === RECORDS_PER_TURN - 1) await yieldToEventLoop();
      await deps.repository.appendAudit({
        actor: editor.user,
        action: before.has(id) ? "item.update" : "item.create",
        source,
        itemId: id,
        municipality: municipalityById.get(id),
        beforeHash: before.get(id),
        afterHash: after.get(id),
        details: { via: "upload", file: display },
      });
    }
    await deps.repository.appendAudit({
      actor: editor.user,
      action: "upload.import",
      source,
      details: { file: display, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected },
    });
  }
  return result;
}

/**
 * `POST /api/admin/uploads` (multipart field `file`; `?dryRun=true` previews). Uploads share the
 * server's import queue: one at a time, a few waiting (their bodies unread), 503 beyond.
 */
export function uploadRoutes(
  deps: AdminItemsDeps,
  limits: UploadLimits,
  options: { scratchDirectory: string; queue: ImportQueue },
): AdminRouteExtension {
  return (router, helpers) => {
    router.post("/uploads", async (request, response) => {
      const editor = editorOf(response);
      const language = languageOf(request);
      const query = parseInput(uploadQuerySchema, request.query);
      const refuse = () => {
        response.setHeader("retry-after", "30");
        response.setHeader("connection", "close");
        return new ImportQueueFullError(ADMIN_MESSAGES.importQueueFull[language]);
      };
      await options.queue.run(async () => {
        // A client that gave up while waiting in line sends nothing more: do not wait for its body.
        if (request.socket.destroyed) throw new ValidationError("Upload aborted", { field: "file" });
        await mkdir(options.scratchDirectory, { recursive: true, mode: 0o700 });
        const directory = await mkdtemp(path.join(options.scratchDirectory, `${process.pid}-`));
        try {
          const upload = await receiveUpload(request, response, { maxBytes: limits.maxBytes, directory, language });
          const result = await importUpload(deps, editor, { ...upload, directory }, {
            dryRun: query.dryRun,
            source: query.source,
            kind: query.kind,
            today: helpers.today(),
            language,
            limits,
          });
          deps.logger.info(
            { user: editor.user, dryRun: result.dryRun, inserted: result.inserted, updated: result.updated, rejected: result.rejected },
            "admin.upload",
          );
          response.json(result);
        } finally {
          await rm(directory, { recursive: true, force: true });
        }
      }, refuse);
    });
  };
}
