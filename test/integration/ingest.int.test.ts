import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ingestFiles, type IngestSummary } from "../../ingest/ingest-files.js";
import { WRITE_SLICE_ITEMS, writeItems } from "../../ingest/ingest-items.js";
import { embeddingSpace, type Embedder } from "../../knowledge/embedder.js";
import { HashedNgramEmbedder } from "../../knowledge/hashed-ngram-embedder.js";
import { validateItem } from "../../knowledge/item.js";
import { SqlKnowledgeStore } from "../../knowledge/sql-knowledge-store.js";
import { applyMigrations, openPgliteDatabase, type Database } from "../../platform/database.js";
import { createSilentLogger } from "../../platform/logger.js";
import { makePdf } from "../fixtures/ingest/make-pdf.js";
import { inspectStatements } from "../support/inspected-database.js";
import { orphanChunks, snapshotStore } from "./ingest-support/store-snapshot.js";

const TODAY = "2026-11-28";
const MB = 1024 * 1024;

/** The local embedder, counting the texts it was asked for, so tests can show nothing was embedded. */
class CountingEmbedder implements Embedder {
  private readonly inner = new HashedNgramEmbedder(64);
  readonly id = this.inner.id;
  readonly dimensions = 64;
  readonly maxTextsPerCall = 16;
  texts = 0;
  async embed(texts: readonly string[]): Promise<number[][]> {
    this.texts += texts.length;
    return this.inner.embed(texts);
  }
}

let database: Database;
let store: SqlKnowledgeStore;
let embedder: CountingEmbedder;
let directory: string;
const logger = createSilentLogger();

function write(name: string, content: string | Buffer): string {
  const file = path.join(directory, name);
  writeFileSync(file, content);
  return file;
}

function ingest(paths: string[], options: { source?: string; kind?: string; prune?: boolean; maxFileBytes?: number } = {}): Promise<IngestSummary> {
  return ingestFiles(
    { store, embedder, logger },
    { paths, today: TODAY, maxFileBytes: options.maxFileBytes ?? 200 * MB, actor: "test", ...options },
  );
}

const vacancy = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, kind: "vacancy", title: `Hitsaaja ${id}`, description: "MIG/MAG-hitsausta Kaustisella.", municipality: "Kaustinen", ...extra });

beforeAll(async () => {
  database = await openPgliteDatabase({});
  await applyMigrations(database);
  store = new SqlKnowledgeStore(database);
  embedder = new CountingEmbedder();
  await store.ensureEmbeddingSpace({ space: embeddingSpace(embedder), dimensions: embedder.dimensions });
  directory = mkdtempSync(path.join(tmpdir(), "lahituki-ingest-"));
});

afterAll(async () => {
  await database.close();
  rmSync(directory, { recursive: true, force: true });
});

beforeEach(async () => {
  await database.exec("TRUNCATE items, chunks, ingest_runs");
  // A baseline the failing files must not disturb.
  await ingest([write("baseline.jsonl", `${vacancy("base-1")}\n${vacancy("base-2")}\n`)]);
});

describe("ingestion of good files", () => {
  it("inserts, then reports unchanged without embedding anything, then updates only what changed", async () => {
    const file = write("jobs.jsonl", [vacancy("a"), vacancy("b"), vacancy("c")].join("\n"));
    const first = await ingest([file]);
    expect(first).toMatchObject({ inserted: 3, updated: 0, unchanged: 0, rejected: 0, failedFiles: 0 });
    const before = await database.query<{ xmin: string }>("SELECT xmin::text AS xmin FROM chunks WHERE source = 'jobs.jsonl' ORDER BY item_id");
    embedder.texts = 0;
    const again = await ingest([file]);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(embedder.texts).toBe(0);
    const after = await database.query<{ xmin: string }>("SELECT xmin::text AS xmin FROM chunks WHERE source = 'jobs.jsonl' ORDER BY item_id");
    expect(after.rows).toEqual(before.rows);
    write("jobs.jsonl", [vacancy("a"), vacancy("b", { title: "Levyseppä" }), vacancy("c")].join("\n"));
    const changed = await ingest([file]);
    expect(changed).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    expect(embedder.texts).toBe(1);
    expect((await store.getItem("jobs.jsonl", "b"))?.title).toBe("Levyseppä");
  });

  it("skips validation of records stored from the same text, but re-validates date tokens on a new day", async () => {
    const file = write("tokens.jsonl", [vacancy("fixed", { validUntil: "2027-01-31" }), vacancy("relative", { validUntil: "today+10" })].join("\n"));
    expect(await ingest([file])).toMatchObject({ inserted: 2 });
    const tomorrow = (paths: string[]) =>
      ingestFiles({ store, embedder, logger }, { paths, today: "2026-11-29", maxFileBytes: MB, actor: "test" });
    const nextDay = await tomorrow([file]);
    expect(nextDay).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    expect((await store.getItem("tokens.jsonl", "relative"))?.validUntil).toBe("2026-12-09");
    expect(await tomorrow([file])).toMatchObject({ updated: 0, unchanged: 2 });
  });

  it("notices an item changed through another path even when the file's text is the same", async () => {
    const file = write("shared.jsonl", vacancy("s1"));
    await ingest([file]);
    const changed = validateItem(JSON.parse(vacancy("s1", { title: "Muutettu muualla" })), { today: TODAY });
    if (!changed.ok) throw new Error("invalid fixture");
    await writeItems({ store, embedder }, { source: "shared.jsonl", items: [changed.item] });
    expect(await ingest([file])).toMatchObject({ updated: 1, unchanged: 0 });
    expect((await store.getItem("shared.jsonl", "s1"))?.title).toBe("Hitsaaja s1");
    expect(await ingest([file], { prune: true })).toMatchObject({ updated: 0, unchanged: 1, pruned: 0 });
  });

  it("prunes the source's items that the file no longer contains, and only with --prune", async () => {
    const file = write("prune.jsonl", [vacancy("p1"), vacancy("p2")].join("\n"));
    await ingest([file]);
    write("prune.jsonl", vacancy("p1"));
    expect((await ingest([file])).pruned).toBe(0);
    expect(await store.itemIds("prune.jsonl")).toEqual(["p1", "p2"]);
    expect((await ingest([file], { prune: true })).pruned).toBe(1);
    expect(await store.itemIds("prune.jsonl")).toEqual(["p1"]);
    expect(await store.itemIds("baseline.jsonl")).toEqual(["base-1", "base-2"]);
  });

  it("records each source's own counts in its import run", async () => {
    const one = write("one.jsonl", [vacancy("o1"), vacancy("o2")].join("\n"));
    const two = write("two.jsonl", [vacancy("t1"), "{broken"].join("\n"));
    await ingest([one, two]);
    const sources = new Map((await store.sources()).map((entry) => [entry.source, entry.lastRun]));
    expect(sources.get("one.jsonl")).toMatchObject({ status: "succeeded", counts: { inserted: 2, rejected: 0 } });
    expect(sources.get("two.jsonl")).toMatchObject({ status: "partial", counts: { inserted: 1, rejected: 1 } });
  });

  it("walks directories recursively and reads every supported format", async () => {
    const folder = path.join(directory, "mixed");
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(path.join(folder, "deep"), { recursive: true });
    writeFileSync(path.join(folder, "a.json"), `[${vacancy("j1")}]`);
    writeFileSync(path.join(folder, "deep", "b.csv"), "id;kind;title;description;municipality;tags\nc1;service;Neuvonta;Apua työnhakuun;Karleby;\"cv;haastattelu\"\n");
    writeFileSync(path.join(folder, "deep", "c.md"), "---\nkind: training\nmunicipality: Toholammilla\n---\n# Kurssi\n\nHitsauskurssi alkaa syksyllä.");
    writeFileSync(path.join(folder, "d.txt"), "---\nkind: service\n---\nKirjasto on auki arkisin.");
    writeFileSync(path.join(folder, "e.html"), "<title>Sivu</title><p>Palvelu on auki.</p>");
    writeFileSync(path.join(folder, "f.pdf"), makePdf(["Tyopaikka Vetelissa on auki."], { title: "PDF-ilmoitus" }));
    writeFileSync(path.join(folder, "ignored.xlsx"), "not read");
    const summary = await ingest([folder], { kind: "vacancy" });
    expect(summary).toMatchObject({ inserted: 6, rejected: 0, failedFiles: 0 });
    expect(await store.getItem("b.csv", "c1")).toMatchObject({ municipality: "272", tags: ["cv", "haastattelu"] });
    expect(await store.getItem("c.md", "c")).toMatchObject({ kind: "training", municipality: "849", title: "Kurssi" });
    expect(await store.getItem("f.pdf", "f")).toMatchObject({ kind: "vacancy", title: "PDF-ilmoitus" });
  });
});

describe("bad input leaves the store exactly as it was for that file", () => {
  async function expectFileFailure(file: string, message: RegExp, options: { maxFileBytes?: number; kind?: string } = {}) {
    const before = await snapshotStore(database);
    const summary = await ingest([file], options);
    expect(summary.failedFiles).toBe(1);
    expect(summary.errors).toEqual([
      expect.objectContaining({ file, line: 0, field: "(file)", message: expect.stringMatching(message) }),
    ]);
    expect(await snapshotStore(database)).toBe(before);
    expect(await orphanChunks(database)).toBe(0);
  }

  it("rejects broken JSON as a whole file", async () => {
    await expectFileFailure(write("broken.json", `[${vacancy("x1")}, {"id": "x2", "kind": `), /not valid JSON/);
  });

  it("rejects a binary file renamed .csv", async () => {
    const zip = Buffer.concat([Buffer.from("PK\x03\x04\x14\x00\x06\x00", "latin1"), Buffer.alloc(64, 0)]);
    await expectFileFailure(write("spreadsheet.csv", zip), /binary|UTF-8/);
  });

  it("rejects a truncated PDF", async () => {
    const pdf = makePdf(["Tyopaikka on auki."]);
    await expectFileFailure(write("cut.pdf", pdf.subarray(0, pdf.length - 40)), /truncated/, { kind: "service" });
  });

  it("rejects a file over the size limit without reading it (sparse 501 MB file)", async () => {
    const file = write("huge.jsonl", "");
    truncateSync(file, 501 * MB);
    await expectFileFailure(file, /over the limit of 500\.0 MB \(INGEST_MAX_FILE_MB\)/, { maxFileBytes: 500 * MB });
  });

  it("does not prune a source whose file failed", async () => {
    const before = await snapshotStore(database);
    const summary = await ingest([write("broken2.json", "{")], { source: "baseline.jsonl", prune: true });
    expect(summary.pruned).toBe(0);
    expect(await snapshotStore(database)).toBe(before);
  });

  /** A store over the test database whose write transactions show every statement to `inspect` first. */
  async function storeInspectingWrites(inspect: (sql: string) => void): Promise<SqlKnowledgeStore> {
    const inspectedStore = new SqlKnowledgeStore(inspectStatements(database, inspect));
    await inspectedStore.ensureEmbeddingSpace({ space: embeddingSpace(embedder), dimensions: embedder.dimensions });
    return inspectedStore;
  }

  it("rolls back the whole file when writing fails half-way", async () => {
    const before = await snapshotStore(database);
    const many = Array.from({ length: 1200 }, (_, index) => vacancy(`m${index}`)).join("\n");
    const file = write("halfway.jsonl", many);
    let calls = 0;
    // The chunk insert of the second slice fails inside the transaction.
    const flakyStore = await storeInspectingWrites((sql) => {
      if (sql.includes("INSERT INTO chunks") && ++calls === 2) throw new Error("disk full");
    });
    const summary = await ingestFiles({ store: flakyStore, embedder, logger }, { paths: [file], today: TODAY, maxFileBytes: 200 * MB, actor: "test" });
    expect(summary.failedFiles).toBe(1);
    expect(calls).toBe(2);
    expect(await snapshotStore(database)).toBe(before);
  });

  it("keeps the previous version of every item when a re-import fails to embed a later slice", async () => {
    const count = WRITE_SLICE_ITEMS * 2 + 100;
    const lines = (title: string) =>
      Array.from({ length: count }, (_, index) => vacancy(`r${index}`, { title: `${title} ${index}` })).join("\n");
    const file = write("reimport.jsonl", lines("Hitsaaja"));
    expect(await ingest([file])).toMatchObject({ inserted: count, failedFiles: 0 });
    const before = await snapshotStore(database);
    write("reimport.jsonl", lines("Levyseppä"));
    let sliceWrites = 0;
    const writingStore = await storeInspectingWrites((sql) => {
      if (sql.includes("INSERT INTO chunks")) sliceWrites += 1;
    });
    // Slices after the first are embedded inside the transaction, after earlier slices were written.
    const failing: Embedder = {
      id: embedder.id,
      dimensions: embedder.dimensions,
      maxTextsPerCall: embedder.maxTextsPerCall,
      embed: async (texts) => {
        if (sliceWrites > 0) throw new Error("embedding service unavailable");
        return embedder.embed(texts);
      },
    };
    const summary = await ingestFiles(
      { store: writingStore, embedder: failing, logger },
      { paths: [file], today: TODAY, maxFileBytes: 200 * MB, actor: "test" },
    );
    expect(summary.failedFiles).toBe(1);
    expect(summary.errors).toEqual([expect.objectContaining({ message: expect.stringContaining("embedding service unavailable") })]);
    expect(sliceWrites).toBe(1);
    expect(await snapshotStore(database)).toBe(before);
    expect((await store.getItem("reimport.jsonl", `r${count - 1}`))?.title).toBe(`Hitsaaja ${count - 1}`);
    expect(await orphanChunks(database)).toBe(0);
  });
});

describe("records that fail validation", () => {
  it("are rejected with file, line, field and reason while the valid rest is ingested", async () => {
    const file = write(
      "mixed.jsonl",
      [
        vacancy("ok-1"),
        vacancy("bad-municipality", { municipality: "Atlantis" }),
        "{not json",
        vacancy("bad-date", { validUntil: "31.12.2026" }),
        vacancy("ok-2", { validUntil: "today+10" }),
        JSON.stringify({ id: "no-kind", title: "T", description: "D" }),
        vacancy("unknown-field", { salary: 3000 }),
        vacancy("ok-1"),
      ].join("\n"),
    );
    const summary = await ingest([file]);
    expect(summary).toMatchObject({ inserted: 2, rejected: 6, failedFiles: 0 });
    expect(summary.errors).toEqual(
      expect.arrayContaining([
        { file, line: 2, field: "municipality", message: 'unknown municipality "Atlantis"' },
        expect.objectContaining({ file, line: 3, field: "(record)", message: expect.stringContaining("not valid JSON") }),
        expect.objectContaining({ file, line: 4, field: "validUntil", message: expect.stringContaining("ISO date") }),
        expect.objectContaining({ file, line: 6, field: "kind" }),
        expect.objectContaining({ file, line: 7, field: "salary", message: "unknown field" }),
        expect.objectContaining({ file, line: 8, field: "id", message: expect.stringContaining("duplicate") }),
      ]),
    );
    expect((await store.getItem("mixed.jsonl", "ok-2"))?.validUntil).toBe("2026-12-08");
  });

  it("rejects CSV rows with their file line numbers, header counted", async () => {
    const file = write(
      "rows.csv",
      "id,kind,title,description,municipality\nr1,service,T,D,Kokkola\nr2,service,T,D,Nowhere\nr3,service,,D,Halsua\n",
    );
    const summary = await ingest([file]);
    expect(summary.inserted).toBe(1);
    expect(summary.errors).toEqual([
      expect.objectContaining({ line: 3, field: "municipality" }),
      expect.objectContaining({ line: 4, field: "title" }),
    ]);
  });

  it("rejects a free document without kind, naming the file and the field", async () => {
    const file = write("nokind.md", "# Otsikko\n\nTeksti.");
    const summary = await ingest([file]);
    expect(summary).toMatchObject({ inserted: 0, rejected: 1, failedFiles: 0 });
    expect(summary.errors[0]).toMatchObject({ file, field: "kind" });
  });
});

describe("hostile content", () => {
  it("stores HTML as text: no script, event handler, javascript: link or markup reaches items or chunks", async () => {
    const file = write(
      "hostile.html",
      `<html><head><title>Palvelu<script>x()</script></title><script>steal(document.cookie)</script></head>
       <body onload="alert(1)"><h1>Neuvonta</h1><p>Tule <a href="javascript:alert(2)">tästä</a>.</p>
       <img src=x onerror="alert(3)"><p>&lt;script&gt;alert(4)&lt;/script&gt;</p><style>p{color:red}</style></body></html>`,
    );
    const summary = await ingest([file], { kind: "service" });
    expect(summary.inserted).toBe(1);
    const stored = await database.query<{ title: string; description: string }>(
      "SELECT title, description FROM items WHERE source = 'hostile.html'",
    );
    const chunks = await database.query<{ content: string }>("SELECT content FROM chunks WHERE source = 'hostile.html'");
    const everything = [stored.rows[0]!.title, stored.rows[0]!.description, ...chunks.rows.map((row) => row.content)].join("\n");
    expect(everything).toContain("Tule tästä.");
    expect(everything).not.toMatch(/<[a-z/!]|script|alert|javascript:|onerror|onload|cookie|color:red/i);
  });

  it("stores CSV formula cells as literal text, never evaluated", async () => {
    const file = write(
      "formulas.csv",
      'id;kind;title;description;organization\nf1;service;=1+2;"=HYPERLINK(""http://evil.example"",""click"")";@SUM(A1)\nf2;service;-2+3;+358 text;=cmd|\' /C calc\'!A0\n',
    );
    const summary = await ingest([file]);
    expect(summary).toMatchObject({ inserted: 2, rejected: 0 });
    expect(await store.getItem("formulas.csv", "f1")).toMatchObject({
      title: "=1+2",
      description: '=HYPERLINK("http://evil.example","click")',
      organization: "@SUM(A1)",
    });
    expect(await store.getItem("formulas.csv", "f2")).toMatchObject({ title: "-2+3", organization: "=cmd|' /C calc'!A0" });
  });
});

describe("writeItems", () => {
  it("embeds in batches no larger than the embedder's limit", async () => {
    const items = Array.from({ length: 40 }, (_, index) => {
      const result = validateItem(JSON.parse(vacancy(`w${index}`)), { today: TODAY });
      if (!result.ok) throw new Error("invalid fixture");
      return result.item;
    });
    const calls: number[] = [];
    const recording: Embedder = {
      id: embedder.id,
      dimensions: embedder.dimensions,
      maxTextsPerCall: 16,
      embed: async (texts) => {
        calls.push(texts.length);
        return embedder.embed(texts);
      },
    };
    const result = await writeItems({ store, embedder: recording }, { source: "batched", items });
    expect(result.inserted).toBe(40);
    expect(calls).toEqual([16, 16, 8]);
  });
});
