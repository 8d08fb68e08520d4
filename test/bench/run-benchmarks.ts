/**
 * `npm run bench` runs every benchmark part in this folder; `npm run bench -- ingest` runs one.
 *
 * Convention for parts: a file `test/bench/NAME-bench.ts` exports
 * `async function run(options: { quick?: boolean }): Promise<void>` that prints a Markdown table
 * to stdout (progress goes to stderr). `--quick` asks for a smaller, faster run.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface BenchmarkOptions {
  readonly quick?: boolean;
}

export type BenchmarkPart = (options: BenchmarkOptions) => Promise<void>;

const HERE = path.dirname(fileURLToPath(import.meta.url));

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const wanted = args.filter((arg) => !arg.startsWith("--"));
  const available = readdirSync(HERE)
    .filter((name) => name.endsWith("-bench.ts"))
    .map((name) => name.replace(/-bench\.ts$/, ""))
    .sort();
  const unknown = wanted.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown benchmark part: ${unknown.join(", ")}. Available: ${available.join(", ")}\n`);
    return 2;
  }
  const parts = wanted.length > 0 ? wanted : available;
  for (const name of parts) {
    const module = (await import(pathToFileURL(path.join(HERE, `${name}-bench.ts`)).href)) as { run?: BenchmarkPart };
    if (typeof module.run !== "function") {
      process.stderr.write(`test/bench/${name}-bench.ts exports no run(options) function; skipped\n`);
      continue;
    }
    process.stdout.write(`\n## ${name}\n\n`);
    await module.run({ quick });
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
