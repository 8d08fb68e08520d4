// Child process that extracts a PDF's text, so that the parent can bound its whole memory (an RSS
// watchdog kills it) and not only the V8 heap: pdf.js inflates streams into typed arrays outside it.
// Reads the PDF from stdin, writes one JSON answer to stdout.
// Plain JavaScript on purpose: it starts without the TypeScript loader (tsx/vitest), so it is quick.
import { PDFParse } from "pdf-parse";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)), verbosity: 0 });
let answer;
try {
  const info = await parser.getInfo();
  const text = await parser.getText();
  const title = typeof info.info?.Title === "string" ? info.info.Title : undefined;
  answer = { ok: true, title, text: text.text };
} catch (error) {
  answer = { ok: false, message: error instanceof Error ? error.message : String(error) };
} finally {
  await parser.destroy().catch(() => undefined);
}
process.stdout.write(JSON.stringify(answer), () => process.exit(0));
