/**
 * Child process that parses one uploaded file, so a parser that loops or eats memory on a crafted
 * file is killed by its parent (time limit) or by V8 (--max-old-space-size) without touching the
 * server. Usage: node --import tsx upload-parse-child.ts INPUT DISPLAY_NAME KIND|- TIMEOUT_MS MEMORY_MB RESULT
 * The result file holds a header line (`ok`, `issues` or `message`) and then one record per line,
 * so that the server reads it in slices.
 */
import { readFile, writeFile } from "node:fs/promises";
import { describeError } from "../platform/index.js";
import { parserFor } from "../ingest/index.js";

async function main(): Promise<void> {
  const [input, display, kind, timeout, memory, resultPath] = process.argv.slice(2);
  if (!input || !display || !kind || !timeout || !memory || !resultPath) throw new Error("upload-parse-child: missing arguments");
  const parser = parserFor(display);
  let lines: string[];
  if (!parser) {
    lines = [JSON.stringify({ ok: false, message: "unsupported file type" })];
  } else {
    try {
      const parsed = await parser(await readFile(input), {
        file: display,
        kind: kind === "-" ? undefined : kind,
        timeoutMs: Number(timeout),
        memoryLimitMb: Number(memory),
      });
      lines = [JSON.stringify({ ok: true, issues: parsed.issues }), ...parsed.records.map((record) => JSON.stringify(record))];
    } catch (error) {
      const message = describeError(error).replace(`${display}: `, "");
      lines = [JSON.stringify({ ok: false, message })];
    }
  }
  await writeFile(resultPath, lines.join("\n"));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${describeError(error)}\n`);
    process.exit(1);
  },
);
