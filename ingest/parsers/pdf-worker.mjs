// Runs pdf-parse in a worker thread so that a malicious or broken PDF (endless loops, huge
// allocations) is bounded by the parent's time limit and this thread's resourceLimits.
// Plain JavaScript on purpose: a worker must start without the TypeScript loader (tsx/vitest).
import { parentPort, workerData } from "node:worker_threads";
import { PDFParse } from "pdf-parse";

const parser = new PDFParse({ data: new Uint8Array(workerData.data), verbosity: 0 });
try {
  const info = await parser.getInfo();
  const text = await parser.getText();
  const title = typeof info.info?.Title === "string" ? info.info.Title : undefined;
  parentPort.postMessage({ ok: true, title, text: text.text, pages: text.total });
} catch (error) {
  parentPort.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
} finally {
  await parser.destroy().catch(() => undefined);
}
