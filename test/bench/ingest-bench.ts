/**
 * Ingest throughput: 10,000 generated vacancies (JSONL) into a fresh embedded database with the
 * default embedder. Each measured run happens in a child process so its peak RSS is its own
 * (`process.resourceUsage().maxRSS`), sampled besides every 50 ms for the median and p95. The
 * directory is initialised (initdb, migrations) by a separate process first, as the first
 * `npm start` does: PGlite's initdb alone peaks near 950 MB RSS and is not part of an import.
 * The peer is LangChain's own PGVectorStore (addVectors, batched, then createHnswIndex) on a subset.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchmarkOptions } from "./run-benchmarks.js";
import { generateVacancies, toJsonLines } from "./generate-vacancies.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORKER = path.join(HERE, "ingest-bench-worker.ts");

export interface WorkerReport {
  readonly phase: string;
  readonly items: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly inserted: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly rssSamplesMb: number[];
  readonly maxRssMb: number;
}

function runWorker(args: string[]): Promise<WorkerReport[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WORKER, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, LOG_LEVEL: "silent" },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`bench worker exited with ${code}`));
      resolve(
        output
          .split("\n")
          .filter((line) => line.startsWith("{"))
          .map((line) => JSON.parse(line) as WorkerReport),
      );
    });
  });
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function run(options: BenchmarkOptions = {}): Promise<void> {
  const count = options.quick ? 2_000 : 10_000;
  const peerCount = options.quick ? 200 : 1_000;
  const directory = mkdtempSync(path.join(tmpdir(), "lahituki-ingest-bench-"));
  try {
    const file = path.join(directory, "vacancies.jsonl");
    writeFileSync(file, toJsonLines(generateVacancies({ count })));
    const peerFile = path.join(directory, "peer.jsonl");
    writeFileSync(peerFile, toJsonLines(generateVacancies({ count: peerCount, idPrefix: "peer" })));
    process.stderr.write(`ingest bench: ${count} vacancies, load average ${loadavg()[0]!.toFixed(1)}\n`);
    await runWorker(["prepare", path.join(directory, "data"), file]);
    await runWorker(["prepare", path.join(directory, "peer-data"), peerFile]);
    const ours = await runWorker(["batched", path.join(directory, "data"), file]);
    const peer = await runWorker(["langchain", path.join(directory, "peer-data"), peerFile]);
    const first = ours.find((report) => report.phase === "first")!;
    const again = ours.find((report) => report.phase === "unchanged")!;
    const langchain = peer.find((report) => report.phase === "langchain")!;
    const batchedSubset = peer.find((report) => report.phase === "batched-subset")!;
    const rate = (report: WorkerReport) => report.items / report.seconds;
    const cpuRate = (report: WorkerReport) => report.items / report.cpuSeconds;
    const row = (label: string, report: WorkerReport, target: string) =>
      `| ${label} | ${report.items} | ${report.seconds.toFixed(2)} | ${rate(report).toFixed(0)} | ${cpuRate(report).toFixed(0)} | ${percentile(report.rssSamplesMb, 50).toFixed(0)} / ${percentile(report.rssSamplesMb, 95).toFixed(0)} | ${report.maxRssMb.toFixed(0)} | ${target} |`;
    const lines = [
      "| run | items | seconds | items/s | items per CPU-s | RSS p50 / p95 MB | peak RSS MB | target |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
      row("first ingest (batched, one transaction)", first, "≥ 500 items/s, ≤ 600 MB"),
      row("unchanged re-ingest (record and content hashes only)", again, "≥ 10,000 items/s"),
      row(`peer: LangChain PGVectorStore.addVectors + createHnswIndex (${peerCount} items)`, langchain, "—"),
      row(`ours on the same ${peerCount} items`, batchedSubset, "—"),
      "",
      `Ratios: re-ingest is ${(rate(again) / rate(first)).toFixed(1)}× first ingest; ours is ${(rate(batchedSubset) / rate(langchain)).toFixed(1)}× LangChain's PGVectorStore on the same ${peerCount} items (the peer writes vectors and metadata only, over the wire protocol; ours also builds the full-text index). Rejected: ${first.rejected}. Load average at start: ${loadavg()[0]!.toFixed(1)} on this machine's cores; items per CPU-second is the contention-independent figure.`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
