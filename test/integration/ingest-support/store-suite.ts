import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeItems } from "../../../ingest/ingest-items.js";
import { embeddingSpace } from "../../../knowledge/embedder.js";
import { HashedNgramEmbedder } from "../../../knowledge/hashed-ngram-embedder.js";
import { validateItem, type CanonicalItem } from "../../../knowledge/item.js";
import { EmbedderMismatchError, SqlKnowledgeStore } from "../../../knowledge/sql-knowledge-store.js";
import { applyMigrations, type Database } from "../../../platform/database.js";

const TODAY = "2026-11-28";

export interface StoreSuiteEngine {
  readonly database: Database;
  close(): Promise<void>;
}

function item(raw: Record<string, unknown>): CanonicalItem {
  const result = validateItem({ kind: "vacancy", title: "Hitsaaja", description: "MIG-hitsausta.", ...raw }, { today: TODAY });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.item;
}

/**
 * The one store suite, run against every engine: PGlite in-process and node-postgres over the
 * wire. `open` is called once per engine; each test starts from empty tables.
 */
export function defineStoreSuite(name: string, open: () => Promise<StoreSuiteEngine>): void {
  describe(`knowledge store on ${name}`, () => {
    let engine: StoreSuiteEngine;
    let database: Database;
    let store: SqlKnowledgeStore;
    const embedder = new HashedNgramEmbedder(96);
    const space = { space: embeddingSpace(embedder), dimensions: embedder.dimensions };

    beforeAll(async () => {
      engine = await open();
      database = engine.database;
      await applyMigrations(database);
      store = new SqlKnowledgeStore(database);
      await store.ensureEmbeddingSpace(space);
    });

    afterAll(async () => {
      await engine?.close();
    });

    beforeEach(async () => {
      await database.exec("TRUNCATE items, chunks, ingest_runs");
    });

    it("applies migrations once: a second run changes nothing", async () => {
      const before = await database.query<{ version: string }>("SELECT version FROM schema_migrations ORDER BY version");
      expect(before.rows.length).toBeGreaterThan(0);
      expect(await applyMigrations(database)).toEqual([]);
      const after = await database.query<{ version: string }>("SELECT version FROM schema_migrations ORDER BY version");
      expect(after.rows).toEqual(before.rows);
    });

    it("inserts, skips unchanged items by content hash, and updates changed ones", async () => {
      const first = await writeItems({ store, embedder }, { source: "s", items: [item({ id: "1" }), item({ id: "2" })] });
      expect(first).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 });
      const again = await writeItems({ store, embedder }, { source: "s", items: [item({ id: "1" }), item({ id: "2", title: "Levyseppä" })] });
      expect(again).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, changedIds: ["2"] });
      expect((await store.getItem("s", "2"))?.title).toBe("Levyseppä");
      const hashes = await store.contentHashes("s", ["1", "2", "missing"]);
      expect([...hashes.keys()].sort()).toEqual(["1", "2"]);
    });

    it("round-trips every field, dates as ISO strings and the municipality as its code", async () => {
      const full = item({
        id: "full",
        language: "sv",
        organization: "Demo Ab",
        municipality: "Karleby",
        address: "Torget 1",
        url: "https://example.invalid/job",
        email: "jobb@example.invalid",
        phone: "+358 40 000 0000",
        validFrom: "today-1",
        validUntil: "2026-12-31",
        startDate: "2027-01-07",
        tags: ["svetsning", "skift"],
        occupation: "7212",
        employmentType: "full-time",
        format: "in-person",
        openingHours: "må–fr 8–16",
      });
      await writeItems({ store, embedder }, { source: "s", items: [full] });
      const stored = await store.getItem("s", "full");
      expect(stored).toMatchObject({ ...full, municipality: "272", validFrom: "2026-11-27", source: "s" });
      expect(stored?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it("stores each chunk's vector exactly as embedded", async () => {
      const long = item({ id: "long", description: "Hitsaus on työtä. ".repeat(200) });
      await writeItems({ store, embedder }, { source: "s", items: [long] });
      const rows = await database.query<{ ordinal: number; embedding: string; embedding_space: string }>(
        "SELECT ordinal, embedding::text AS embedding, embedding_space FROM chunks WHERE item_id = 'long' ORDER BY ordinal",
      );
      expect(rows.rows.length).toBeGreaterThan(1);
      const { chunkItem } = await import("../../../ingest/chunk-item.js");
      const expected = await embedder.embed((await chunkItem(long)).map((chunk) => chunk.embeddingText));
      rows.rows.forEach((row, index) => {
        const stored = JSON.parse(row.embedding) as number[];
        expect(stored).toHaveLength(96);
        stored.forEach((value, position) => expect(value).toBeCloseTo(expected[index]![position]!, 5));
        expect(row.embedding_space).toBe(space.space);
      });
    });

    it("deletes items with their chunks", async () => {
      await writeItems({ store, embedder }, { source: "s", items: [item({ id: "1" }), item({ id: "2" })] });
      const counts = await store.applyChanges({ source: "s", upserts: [], deletions: ["1", "nope"] });
      expect(counts.deleted).toBe(1);
      expect(await store.itemIds("s")).toEqual(["2"]);
      const chunks = await database.query<{ item_id: string }>("SELECT DISTINCT item_id FROM chunks");
      expect(chunks.rows.map((row) => row.item_id)).toEqual(["2"]);
    });

    it("lists items by kind, municipality, source, text and validity with a total", async () => {
      await writeItems({ store, embedder }, {
        source: "a",
        items: [
          item({ id: "open", municipality: "Kaustinen", validUntil: "today+5" }),
          item({ id: "expired", municipality: "Perho", validUntil: "today-1" }),
          item({ id: "upcoming", kind: "training", municipality: "Kaustinen", validFrom: "today+3", title: "100% kurssi" }),
        ],
      });
      await writeItems({ store, embedder }, { source: "b", items: [item({ id: "other", kind: "service", organization: "Kela" })] });
      const ids = async (filter: Parameters<SqlKnowledgeStore["listItems"]>[0]) =>
        (await store.listItems(filter)).items.map((stored) => stored.id).sort();
      expect(await ids({ kind: "vacancy" })).toEqual(["expired", "open"]);
      expect(await ids({ municipalities: ["236"] })).toEqual(["open", "upcoming"]);
      expect(await ids({ source: "b" })).toEqual(["other"]);
      expect(await ids({ text: "kela" })).toEqual(["other"]);
      expect(await ids({ text: "100%" })).toEqual(["upcoming"]);
      expect(await ids({ text: "%" })).toEqual(["upcoming"]);
      expect(await ids({ validity: "open", today: TODAY })).toEqual(["open", "other", "upcoming"]);
      expect(await ids({ validity: "expired", today: TODAY })).toEqual(["expired"]);
      expect(await ids({ validity: "upcoming", today: TODAY })).toEqual(["upcoming"]);
      const page = await store.listItems({ limit: 2, offset: 1 });
      expect(page.total).toBe(4);
      expect(page.items).toHaveLength(2);
    });

    it("iterates all items in (source, id) order and reports sources with their last run", async () => {
      await writeItems({ store, embedder }, { source: "b", items: [item({ id: "2" }), item({ id: "1" })] });
      await writeItems({ store, embedder }, { source: "a", items: [item({ id: "9" })] });
      const batches: string[][] = [];
      for await (const batch of store.iterateItems(2)) batches.push(batch.map((stored) => `${stored.source}/${stored.id}`));
      expect(batches).toEqual([["a/9", "b/1"], ["b/2"]]);
      await store.recordIngestRun({ source: "a", actor: "test", status: "partial", counts: { inserted: 1 }, errors: [{ line: 2 }], startedAt: new Date() });
      const sources = await store.sources();
      expect(sources.map((source) => [source.source, source.items, source.lastRun?.status])).toEqual([
        ["a", 1, "partial"],
        ["b", 2, undefined],
      ]);
    });

    it("rolls a failed transaction back completely", async () => {
      await expect(
        database.transaction(async (client) => {
          await client.query(
            "INSERT INTO items (source, id, kind, language, title, description, content_hash) VALUES ('t', 'x', 'service', 'fi', 'T', 'D', 'h')",
          );
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      // A chunk whose vector has the wrong dimension fails inside applyChanges: its item is not kept either.
      const good = item({ id: "good" });
      await expect(
        store.applyChanges({
          source: "t",
          upserts: [
            {
              item: good,
              contentHash: "h",
              chunks: [{ ordinal: 0, language: "fi", content: "c", searchText: "", embedding: [1, 0, 0] }],
            },
          ],
        }),
      ).rejects.toThrow();
      expect(await store.countItems()).toBe(0);
      const chunks = await database.query<{ count: number }>("SELECT count(*) AS count FROM chunks");
      expect(chunks.rows[0]?.count).toBe(0);
    });

    it("writes upserts given in slices in one transaction: a slice that fails to arrive undoes the earlier ones", async () => {
      await writeItems({ store, embedder }, { source: "s", items: [item({ id: "kept" })] });
      const write = async (id: string) => {
        const [vector] = await embedder.embed([id]);
        return {
          item: item({ id }),
          contentHash: `hash-${id}`,
          chunks: [{ ordinal: 0, language: "fi" as const, content: id, searchText: "", embedding: vector! }],
        };
      };
      const produced: string[] = [];
      async function* failing() {
        yield [await write("a"), await write("b")];
        produced.push("first");
        yield [await write("c")];
        produced.push("second");
        throw new Error("embedder went away");
      }
      await expect(
        store.applyChanges({ source: "s", upserts: { expectedChunks: 3, slices: failing() }, deletions: ["kept"] }),
      ).rejects.toThrow("embedder went away");
      expect(produced).toEqual(["first", "second"]);
      expect(await store.itemIds("s")).toEqual(["kept"]);
      const chunks = await database.query<{ count: number }>("SELECT count(*) AS count FROM chunks WHERE source = 's'");
      expect(chunks.rows[0]?.count).toBe(1);

      async function* working() {
        yield [await write("a"), await write("b")];
        yield [await write("c")];
      }
      const counts = await store.applyChanges({ source: "s", upserts: { expectedChunks: 3, slices: working() } });
      expect(counts).toEqual({ inserted: 3, updated: 0, deleted: 0 });
      expect(await store.itemIds("s")).toEqual(["a", "b", "c", "kept"]);
    });

    it("refuses vectors of another embedder until the embeddings are reset", async () => {
      await writeItems({ store, embedder }, { source: "s", items: [item({ id: "1" })] });
      const other = { space: "local-hashed-ngrams-v1/64", dimensions: 64 };
      await expect(new SqlKnowledgeStore(database).ensureEmbeddingSpace(other)).rejects.toBeInstanceOf(EmbedderMismatchError);
      expect(await store.embeddingSpace()).toEqual(space);
      const reset = new SqlKnowledgeStore(database);
      await reset.ensureEmbeddingSpace(other, { reset: true });
      expect(await reset.embeddingSpace()).toEqual(other);
      const vectors = await database.query<{ count: number }>("SELECT count(*) AS count FROM chunks WHERE embedding IS NOT NULL");
      expect(vectors.rows[0]?.count).toBe(0);
      // Back to the suite's embedder for the other tests.
      await store.ensureEmbeddingSpace(space, { reset: true });
    });

    it("rebuilds the search indexes after a bulk load that replaced them", async () => {
      const many = Array.from({ length: 1100 }, (_, index) => item({ id: `bulk-${index}` }));
      const result = await writeItems({ store, embedder }, { source: "bulk", items: many });
      expect(result.inserted).toBe(1100);
      const indexes = await database.query<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'chunks' ORDER BY indexname",
      );
      expect(indexes.rows.map((row) => row.indexname)).toEqual(
        expect.arrayContaining(["chunks_embedding_hnsw", "chunks_tsv_idx", "chunks_tsv_simple_idx"]),
      );
      const foreignKeys = await database.query<{ definition: string }>(
        "SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = 'chunks'::regclass AND contype = 'f'",
      );
      expect(foreignKeys.rows).toEqual([
        { definition: expect.stringMatching(/FOREIGN KEY \(source, item_id\) REFERENCES items\(source, id\) ON DELETE CASCADE/) },
      ]);
      // The re-added key still cascades deletions.
      await store.applyChanges({ source: "bulk", upserts: [], deletions: ["bulk-0"] });
      const orphans = await database.query<{ count: number }>("SELECT count(*) AS count FROM chunks WHERE item_id = 'bulk-0'");
      expect(orphans.rows[0]?.count).toBe(0);
    });
  });
}
