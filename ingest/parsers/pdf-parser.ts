import { Worker } from "node:worker_threads";
import { FileUnreadableError } from "../ingest-error.js";
import { documentRecord } from "./free-document.js";
import type { FileParser } from "./types.js";

/** Time one PDF may take to parse when the caller gives no limit. */
export const DEFAULT_PDF_TIMEOUT_MS = 60_000;
/** Heap of the parsing thread: ample for text extraction of large documents, far below the machine's. */
const PDF_HEAP_MB = 512;

const WORKER_URL = new URL("./pdf-worker.mjs", import.meta.url);

interface WorkerAnswer {
  readonly ok: boolean;
  readonly message?: string;
  readonly title?: string;
  readonly text?: string;
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

/** Extracts text in a worker thread with a time and memory limit. */
export async function extractPdfText(
  content: Buffer,
  options: { file: string; timeoutMs?: number | undefined },
): Promise<{ title: string | undefined; text: string }> {
  checkPdfStructure(content, options.file);
  const timeoutMs = options.timeoutMs ?? DEFAULT_PDF_TIMEOUT_MS;
  const worker = new Worker(WORKER_URL, {
    workerData: { data: content },
    resourceLimits: { maxOldGenerationSizeMb: PDF_HEAP_MB, maxYoungGenerationSizeMb: 64 },
    stdout: true,
    stderr: true,
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, value?: { title: string | undefined; text: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (error) reject(error);
      else resolve(value!);
    };
    const timer = setTimeout(
      () => finish(new FileUnreadableError(options.file, `PDF parsing took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`)),
      timeoutMs,
    );
    worker.once("message", (answer: WorkerAnswer) => {
      if (answer.ok) finish(undefined, { title: answer.title, text: answer.text ?? "" });
      else finish(new FileUnreadableError(options.file, `is not a readable PDF: ${answer.message ?? "unknown error"}`));
    });
    worker.once("error", (error: Error & { code?: string }) => {
      const message =
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? `PDF parsing needed more than ${PDF_HEAP_MB} MB of memory and was stopped`
          : `is not a readable PDF: ${error.message}`;
      finish(new FileUnreadableError(options.file, message, error));
    });
    worker.once("exit", (code) => {
      finish(new FileUnreadableError(options.file, `PDF parser stopped unexpectedly (exit code ${code})`));
    });
  });
}

/** PDF as a free document: title from the document's metadata, else the file name. */
export const parsePdf: FileParser = async (content, options) => {
  const { title, text } = await extractPdfText(content, { file: options.file, timeoutMs: options.timeoutMs });
  // pdf-parse marks page breaks with "-- 1 of 3 --" lines; they are layout, not content.
  const body = text.replace(/^\s*-- \d+ of \d+ --\s*$/gm, "").replace(/\n{3,}/g, "\n\n").trim();
  if (!body) {
    throw new FileUnreadableError(options.file, "has no extractable text (a scanned PDF needs OCR first)");
  }
  return documentRecord({ title, body }, options);
};
