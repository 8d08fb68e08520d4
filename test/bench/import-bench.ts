/**
 * Imports through the running server: `/healthz` latency while an editor uploads 36,000 generated
 * vacancies (about 19 MB of JSON Lines; target under 1 s), and the peak resident memory of the PDF
 * parser's process on a PDF bomb (1.5 MB inflating to 1.5 GB; must stay near its limit, as the
 * watchdog kills it there). The server is the admin API over PGlite in this process, as in the
 * integration tests; `/healthz` is asked one request after another for as long as the upload runs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_PDF_MEMORY_MB, parsePdf, type PdfChildOutcome } from "../../ingest/parsers/pdf-parser.js";
import { makePdfBomb } from "../fixtures/ingest/make-pdf.js";
import { HybridSearcher } from "../../knowledge/hybrid-search.js";
import { createSilentLogger } from "../../platform/logger.js";
import { startAdminTestServer } from "../support/admin-test-server.js";
import { generateVacancies, toJsonLines } from "./generate-vacancies.js";
import type { BenchmarkOptions } from "./run-benchmarks.js";

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function healthzDuringUpload(count: number): Promise<{ seconds: number; status: number; latencies: number[]; searches: number[] }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-import-bench-"));
  const server = await startAdminTestServer({ env: { DATA_DIR: dataDir, ADMIN_UPLOAD_MAX_MB: "100", ADMIN_UPLOAD_PARSE_TIMEOUT_MS: "300000" } });
  try {
    // Descriptions cut to 250 characters: 36,000 items make about 19 MB, the size of the reported upload.
    const items = generateVacancies({ count, seed: 11 }).map((item) => ({ ...item, description: String(item.description).slice(0, 250) }));
    const body = toJsonLines(items);
    process.stderr.write(`import bench: uploading ${count} items (${(body.length / 1e6).toFixed(1)} MB)\n`);
    const form = new FormData();
    form.append("file", new Blob([body]), "vacancies.jsonl");
    const started = performance.now();
    let status = 0;
    let answer = "";
    let done = false;
    const uploading = fetch(`${server.baseUrl}/api/admin/uploads`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.tokens.areaAdmin}` },
      body: form,
    }).then(async (response) => {
      status = response.status;
      answer = await response.text();
      done = true;
    });
    const latencies: number[] = [];
    const searches: number[] = [];
    // A chat turn's database work is a hybrid search on the same (one-connection) engine.
    const searcher = new HybridSearcher({ database: server.database, embedder: server.embedder, logger: createSilentLogger() });
    const queries = ["hitsaaja Kokkola", "lähihoitaja osa-aikainen", "summer job Veteli", "sommarjobb Kronoby"];
    while (!done) {
      const asked = performance.now();
      await (await fetch(`${server.baseUrl}/healthz`)).text();
      latencies.push(performance.now() - asked);
      const searched = performance.now();
      await searcher.search({ query: queries[searches.length % queries.length]!, limit: 5 });
      searches.push(performance.now() - searched);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await uploading;
    if (status !== 200) process.stderr.write(`import bench: the upload failed: ${answer.slice(0, 500)}\n`);
    return { seconds: (performance.now() - started) / 1000, status, latencies, searches };
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function pdfBombPeak(inflatedMb: number): Promise<{ message: string; outcome: PdfChildOutcome | undefined }> {
  try {
    await parsePdf(makePdfBomb(inflatedMb), { file: "bomb.pdf", kind: "service", memoryLimitMb: DEFAULT_PDF_MEMORY_MB });
    return { message: "accepted", outcome: undefined };
  } catch (error) {
    return { message: (error as Error).message, outcome: (error as Error).cause as PdfChildOutcome | undefined };
  }
}

export async function run(options: BenchmarkOptions = {}): Promise<void> {
  const count = options.quick ? 6_000 : 36_000;
  const upload = await healthzDuringUpload(count);
  const { latencies, searches } = upload;
  const row = (name: string, values: readonly number[]) =>
    `| ${name} | ${values.length} | ${percentile(values, 50).toFixed(1)} | ${percentile(values, 95).toFixed(1)} | ${Math.max(0, ...values).toFixed(1)} | max < 1000 ms |`;
  process.stdout.write(
    [
      `Requests while an upload of ${count} vacancies is imported (HTTP ${upload.status}, ${upload.seconds.toFixed(1)} s)`,
      "",
      "| request | count | p50 ms | p95 ms | max ms | target |",
      "| --- | ---: | ---: | ---: | ---: | --- |",
      row("/healthz", latencies),
      row("hybrid search (a chat turn's database work)", searches),
      "",
      "",
    ].join("\n"),
  );
  const bomb = await pdfBombPeak(1_500);
  process.stdout.write(
    [
      "PDF bomb (1.5 GB inflated) in the PDF parser's process",
      "",
      "| limit MB | peak RSS MB | killed by | outcome |",
      "| ---: | ---: | --- | --- |",
      `| ${DEFAULT_PDF_MEMORY_MB} | ${bomb.outcome?.peakMb ?? "?"} | ${bomb.outcome?.signal ?? "-"} | ${bomb.message} |`,
      "",
      "",
    ].join("\n"),
  );
}
