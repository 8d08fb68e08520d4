import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { FileUnreadableError } from "../ingest-error.js";
import { documentRecord } from "./free-document.js";
import { watchMemory } from "./memory-watchdog.js";
import type { FileParser } from "./types.js";

/** Time one PDF may take to parse when the caller gives no limit. */
const DEFAULT_PDF_TIMEOUT_MS = 60_000;
/** Memory of the parsing process when the caller gives no limit: ample for large documents, far below the machine's. */
export const DEFAULT_PDF_MEMORY_MB = 512;

const CHILD_SCRIPT = fileURLToPath(new URL("./pdf-parse-child.mjs", import.meta.url));

interface ChildAnswer {
  readonly ok: boolean;
  readonly message?: string;
  readonly title?: string;
  readonly text?: string;
}

/** How the parsing process ended, kept as the error's cause. */
export interface PdfChildOutcome {
  readonly pid: number | undefined;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly peakMb: number;
}

/**
 * Cheap structural checks before parsing: pdf.js repairs truncated files silently and would store
 * half a document, so a PDF must start with `%PDF-` and end with `%%EOF`.
 */
function checkPdfStructure(content: Buffer, file: string): void {
  if (!content.subarray(0, 1024).includes("%PDF-")) {
    throw new FileUnreadableError(file, "is not a PDF file (no %PDF- header)");
  }
  if (!content.subarray(Math.max(0, content.length - 2048)).includes("%%EOF")) {
    throw new FileUnreadableError(file, "is a truncated or damaged PDF (no %%EOF end marker)");
  }
}

/**
 * Extracts text in a child process with a time limit and a limit on its whole resident memory
 * (`memoryLimitMb`), so a PDF bomb is stopped instead of taking the caller's process down.
 */
async function extractPdfText(
  content: Buffer,
  options: { file: string; timeoutMs?: number | undefined; memoryLimitMb?: number | undefined },
): Promise<{ title: string | undefined; text: string }> {
  checkPdfStructure(content, options.file);
  const timeoutMs = options.timeoutMs ?? DEFAULT_PDF_TIMEOUT_MS;
  const memoryLimitMb = options.memoryLimitMb ?? DEFAULT_PDF_MEMORY_MB;
  const child = spawn(process.execPath, [`--max-old-space-size=${memoryLimitMb}`, CHILD_SCRIPT], {
    stdio: ["pipe", "pipe", "ignore"],
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production" },
  });
  const watchdog = watchMemory(child, memoryLimitMb);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  // The child may die before reading all input; its exit is what counts.
  child.stdin.on("error", () => undefined);
  child.stdin.end(content);
  const output: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
  const outcome = await new Promise<PdfChildOutcome>((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      watchdog.stop();
      resolve({ pid: child.pid, code, signal, peakMb: watchdog.peakMb() });
    };
    child.once("close", finish);
    child.once("error", () => finish(null, null));
  });
  const fail = (message: string) => new FileUnreadableError(options.file, message, outcome);
  if (watchdog.exceeded()) throw fail(`PDF parsing needed more than ${memoryLimitMb} MB of memory and was stopped`);
  if (timedOut) throw fail(`PDF parsing took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`);
  let answer: ChildAnswer;
  try {
    answer = JSON.parse(Buffer.concat(output).toString("utf8")) as ChildAnswer;
  } catch {
    // No answer: V8 stopped at its heap limit, or the process died otherwise.
    throw fail(`PDF parser stopped unexpectedly (exit code ${outcome.code ?? outcome.signal})`);
  }
  if (!answer.ok) throw fail(`is not a readable PDF: ${answer.message ?? "unknown error"}`);
  return { title: answer.title, text: answer.text ?? "" };
}

/** PDF as a free document: title from the document's metadata, else the file name. */
export const parsePdf: FileParser = async (content, options) => {
  const { title, text } = await extractPdfText(content, {
    file: options.file,
    timeoutMs: options.timeoutMs,
    memoryLimitMb: options.memoryLimitMb,
  });
  // pdf-parse marks page breaks with "-- 1 of 3 --" lines; they are layout, not content.
  const body = text.replace(/^\s*-- \d+ of \d+ --\s*$/gm, "").replace(/\n{3,}/g, "\n\n").trim();
  if (!body) {
    throw new FileUnreadableError(options.file, "has no extractable text (a scanned PDF needs OCR first)");
  }
  return documentRecord({ title, body }, options);
};
