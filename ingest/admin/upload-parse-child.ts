/**
 * Child process that parses one uploaded file, so a parser that loops or eats memory on a crafted
 * file is killed by its parent (time limit) or by V8 (--max-old-space-size) without touching the
 * server. Usage: node --import tsx upload-parse-child.ts INPUT DISPLAY_NAME KIND|- TIMEOUT_MS RESULT
 */
import { readFile, writeFile } from "node:fs/promises";
import { describeError } from "../../platform/errors.js";
import { parserFor } from "../parsers/index.js";

async function main(): Promise<void> {
  const [input, display, kind, timeout, resultPath] = process.argv.slice(2);
  if (!input || !display || !kind || !timeout || !resultPath) throw new Error("upload-parse-child: missing arguments");
  const parser = parserFor(display);
  let result: unknown;
  if (!parser) {
    result = { ok: false, message: "unsupported file type" };
  } else {
    try {
      const parsed = await parser(await readFile(input), {
        file: display,
        kind: kind === "-" ? undefined : kind,
        timeoutMs: Number(timeout),
      });
      result = { ok: true, records: parsed.records, issues: parsed.issues };
    } catch (error) {
      const message = describeError(error).replace(`${display}: `, "");
      result = { ok: false, message };
    }
  }
  await writeFile(resultPath, JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${describeError(error)}\n`);
    process.exit(1);
  },
);
