/**
 * Retrieval benchmark: hybrid search (ours) against LangChain's PGVectorStore.similaritySearch (the
 * peer most users would reach for) over the same items and vectors in the same embedded database.
 * Generates 1k, 10k and 100k realistic items (mixed kinds, languages, municipalities, validity),
 * bulk-loads them with SQL (loading is not what is measured), builds the indexes (timed), then
 * measures p50/p95 latency. `quick` runs 1k and 10k only. Run alone: `npx tsx test/bench/search-bench.ts [--quick]`.
 */
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { PGVectorStore } from "@langchain/community/vectorstores/pgvector";
import { Embeddings } from "@langchain/core/embeddings";
import pg from "pg";
import { fileURLToPath } from "node:url";
import { addDays, helsinkiDate } from "../../knowledge/dates.js";
import { HashedNgramEmbedder } from "../../knowledge/hashed-ngram-embedder.js";
import { HybridSearcher } from "../../knowledge/hybrid-search.js";
import { chunkTerms } from "../../knowledge/label-terms.js";
import type { CanonicalItem, ItemKind, Language } from "../../knowledge/item.js";
import { allMunicipalities } from "../../knowledge/municipalities.js";
import type { SearchRequest } from "../../knowledge/search.js";
import { buildSearchText } from "../../knowledge/search-text.js";
import { TEXT_SEARCH_CONFIG } from "../../knowledge/sql-knowledge-store.js";
import { loadVocabulary } from "../../knowledge/terms.js";
import {
  applyMigrations,
  autoSharedBuffersMb,
  openPostgresDatabase,
  PGLITE_PARSERS,
  pgliteDatabase,
  pgliteStartParams,
  type Database,
} from "../../platform/database.js";

export interface SearchBenchOptions {
  /** 1k and 10k only. */
  readonly quick?: boolean;
}

interface SizeResult {
  readonly items: number;
  readonly chunks: number;
  readonly loadSeconds: number;
  readonly indexSeconds: number;
  readonly sharedBuffersMb: number;
  readonly ours: Latency;
  readonly oursOverPg: Latency;
  readonly peer: Latency;
  readonly peerDefault: Latency;
  /** Process peak RSS up to the end of the index build (before the restart with the sized pool). */
  readonly buildPeakRssMb: number;
  /** Process RSS after our searches, on the restarted instance. */
  readonly searchRssMb: number;
}

interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly samples: number;
}

const DIMENSIONS = 384;

/** Small deterministic PRNG (mulberry32): the same items every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SENTENCES: Record<Language, readonly string[]> = {
  fi: [
    "Haemme joukkoomme osaavaa ja oma-aloitteista tekijää.",
    "Työ on kaksivuorotyötä, ja siihen perehdytetään huolellisesti.",
    "Edellytämme alan koulutusta tai vastaavaa työkokemusta.",
    "Ajokortti ja oma auto ovat eduksi.",
    "Palkkaus määräytyy työehtosopimuksen mukaan.",
    "Hakemukset pyydämme sähköpostitse hakuajan loppuun mennessä.",
    "Koulutus on maksuton työttömille työnhakijoille.",
    "Palvelu on maksuton ja sitä saa suomeksi ja ruotsiksi.",
  ],
  sv: [
    "Vi söker en självgående och noggrann person till vårt team.",
    "Arbetet sker i två skift och du får en grundlig introduktion.",
    "Vi förutsätter utbildning inom branschen eller motsvarande erfarenhet.",
    "Lönen följer kollektivavtalet.",
    "Skicka din ansökan per e-post före ansökningstidens slut.",
    "Utbildningen är avgiftsfri för arbetssökande.",
  ],
  en: [
    "We are looking for a motivated and reliable person to join our team.",
    "The work is in two shifts and you will get a thorough introduction.",
    "A relevant qualification or equivalent work experience is required.",
    "Pay follows the collective agreement.",
    "Please apply by e-mail before the application period ends.",
    "The course is free of charge for jobseekers.",
  ],
};

const KIND_WORD: Record<ItemKind, Record<Language, string>> = {
  vacancy: { fi: "työpaikka", sv: "ledigt jobb", en: "job opening" },
  training: { fi: "koulutus", sv: "utbildning", en: "training course" },
  service: { fi: "neuvontapalvelu", sv: "rådgivning", en: "advice service" },
};

/** Items and their single chunk, shaped like what ingest writes. */
export function generateItems(count: number, today: string): CanonicalItem[] {
  const next = random(count);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const occupations = loadVocabulary().entries.filter((entry) => entry.isco);
  const municipalities = allMunicipalities();
  const items: CanonicalItem[] = [];
  for (let index = 0; index < count; index += 1) {
    const languageRoll = next();
    const language: Language = languageRoll < 0.72 ? "fi" : languageRoll < 0.9 ? "sv" : "en";
    const kindRoll = next();
    const kind: ItemKind = kindRoll < 0.7 ? "vacancy" : kindRoll < 0.9 ? "training" : "service";
    const occupation = pick(occupations);
    const label = occupation.labels[language][0] ?? occupation.labels.fi[0] ?? "työ";
    const municipality = pick(municipalities);
    const validityRoll = next();
    const validFrom = validityRoll < 0.05 ? addDays(today, 5 + Math.floor(next() * 30)) : addDays(today, -Math.floor(next() * 60));
    const validUntil = validityRoll > 0.88 ? addDays(today, -1 - Math.floor(next() * 30)) : addDays(validFrom, 10 + Math.floor(next() * 60));
    const sentences = Array.from({ length: 2 + Math.floor(next() * 5) }, () => pick(SENTENCES[language]));
    const title = `${label.charAt(0).toUpperCase()}${label.slice(1)}, ${KIND_WORD[kind][language]}`;
    items.push({
      id: `bench-${index}`,
      kind,
      language,
      title,
      description: `${title} – ${language === "sv" ? (municipality.sv ?? municipality.fi) : municipality.fi}. ${sentences.join(" ")}`,
      organization: `Demo Oy ${1 + Math.floor(next() * 500)}`,
      municipality: municipality.code,
      validFrom,
      validUntil: kind === "service" ? undefined : validUntil,
      tags: [label, KIND_WORD[kind][language]],
      occupation: occupation.isco,
    } as CanonicalItem);
  }
  return items;
}

export async function bulkLoad(database: Database, items: readonly CanonicalItem[], embedder: HashedNgramEmbedder): Promise<number> {
  const batch = 2000;
  let chunks = 0;
  for (let start = 0; start < items.length; start += batch) {
    const slice = items.slice(start, start + batch);
    const column = <T>(pick: (item: CanonicalItem) => T) => slice.map((item) => pick(item) ?? null);
    await database.query(
      `INSERT INTO items (source, id, kind, language, title, description, organization, municipality, valid_from,
                          valid_until, tags, occupation, content_hash)
       SELECT 'bench', t.id, t.kind, t.language, t.title, t.description, t.organization, t.municipality, t.valid_from,
              t.valid_until, ARRAY[t.tag1, t.tag2], t.occupation, 'x'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[],
                   $9::date[], $10::text[], $11::text[], $12::text[])
            AS t(id, kind, language, title, description, organization, municipality, valid_from, valid_until, tag1, tag2,
                 occupation)`,
      [
        column((item) => item.id),
        column((item) => item.kind),
        column((item) => item.language),
        column((item) => item.title),
        column((item) => item.description),
        column((item) => item.organization),
        column((item) => item.municipality),
        column((item) => item.validFrom),
        column((item) => item.validUntil),
        column((item) => item.tags?.[0]),
        column((item) => item.tags?.[1]),
        column((item) => item.occupation),
      ],
    );
    const searchTexts = slice.map((item) => buildSearchText(item));
    const contents = slice.map((item) => `${item.title}\n${item.description}`);
    const vectors = slice.map((item, index) => `[${embedder.embedOne(`${contents[index]}\n${searchTexts[index]}`).join(",")}]`);
    await database.query(
      `INSERT INTO chunks (source, item_id, ordinal, language, kind, municipality, valid_from, valid_until, content,
                           search_text, tsv, tsv_simple, embedding, embedding_space, terms)
       SELECT 'bench', t.item_id, 0, t.language, t.kind, t.municipality, t.valid_from, t.valid_until, t.content,
              t.search_text, to_tsvector(t.config::regconfig, t.content || ' ' || t.search_text),
              to_tsvector('simple', t.content || ' ' || t.search_text), t.embedding::vector, $11,
              string_to_array(t.terms, E'\\t')
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[], $7::text[], $8::text[],
                   $9::text[], $10::text[], $12::text[])
            AS t(item_id, language, kind, municipality, valid_from, valid_until, content, search_text, config, embedding,
                 terms)`,
      [
        column((item) => item.id),
        column((item) => item.language),
        column((item) => item.kind),
        column((item) => item.municipality),
        column((item) => item.validFrom),
        column((item) => item.validUntil),
        contents,
        searchTexts,
        slice.map((item) => TEXT_SEARCH_CONFIG[item.language]),
        vectors,
        `${embedder.id}/${embedder.dimensions}`,
        contents.map((content, index) => chunkTerms(content, searchTexts[index]!)),
      ],
    );
    chunks += slice.length;
  }
  return chunks;
}

export const CHUNK_INDEXES = [
  "CREATE INDEX chunks_tsv_idx ON chunks USING gin (tsv)",
  "CREATE INDEX chunks_tsv_simple_idx ON chunks USING gin (tsv_simple)",
  "CREATE INDEX chunks_filter_idx ON chunks (kind, municipality, valid_until)",
  "CREATE INDEX chunks_terms_idx ON chunks USING gin (terms)",
  "CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)",
];

/** Realistic searches with and without filters, in the three languages. */
export const SEARCHES: readonly SearchRequest[] = [
  { query: "onko kaustisella hitsarin duunia?" },
  { query: "welding jobs near Veteli" },
  { query: "lähihoitaja", municipality: "Kokkola", nearKm: 40 },
  { query: "trukkikuski", kind: "vacancy" },
  { query: "Finns det lediga jobb som närvårdare i Karleby?" },
  { query: "kesätöitä Vetelissä" },
  { query: "forklift course", kind: "training" },
  { query: "siivooja osa-aikainen", municipality: "Kannus" },
  { query: "svetsarjobb i Karleby" },
  { query: "kokki ravintola Kokkola" },
  { query: "sähköasentaja", kind: "vacancy", municipality: "Kokkola", nearKm: 60 },
  { query: "practical nurse job in Kaustinen" },
  { query: "kuorma-autonkuljettaja CE-kortti" },
  { query: "neuvontapalvelu työnhakijoille" },
  { query: "lastenhoitaja sijaisuus", kind: "vacancy" },
  { query: "IT support jobs" },
];

function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

async function measure(runs: number, work: (search: SearchRequest) => Promise<unknown>): Promise<Latency> {
  for (const search of SEARCHES) await work(search);
  const samples: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const search = SEARCHES[index % SEARCHES.length]!;
    const started = performance.now();
    await work(search);
    samples.push(performance.now() - started);
  }
  samples.sort((left, right) => left - right);
  const round = (value: number) => Math.round(value * 10) / 10;
  return { p50: round(percentile(samples, 0.5)), p95: round(percentile(samples, 0.95)), samples: samples.length };
}

/** The embedder behind LangChain's interface: the peer embeds queries exactly as we do. */
class BenchEmbeddings extends Embeddings {
  constructor(private readonly embedder: HashedNgramEmbedder) {
    super({});
  }
  async embedDocuments(documents: string[]): Promise<number[][]> {
    return this.embedder.embed(documents);
  }
  async embedQuery(document: string): Promise<number[]> {
    return this.embedder.embedOne(document);
  }
}

/**
 * A loaded and indexed database of `count` generated items (also used for EXPLAIN checks), then
 * restarted with the buffer pool the server would choose for a data directory of that size
 * (PGLITE_SHARED_BUFFERS_MB=auto, platform/database.ts autoSharedBuffersMb): dumped and loaded into
 * a new in-memory instance, as a server restarts after a large import.
 */
export async function prepareBenchDatabase(
  count: number,
  log: (line: string) => void = () => undefined,
): Promise<{
  db: PGlite;
  database: Database;
  embedder: HashedNgramEmbedder;
  chunks: number;
  loadSeconds: number;
  indexSeconds: number;
  sharedBuffersMb: number;
  buildPeakRssMb: number;
}> {
  const today = helsinkiDate();
  const embedder = new HashedNgramEmbedder(DIMENSIONS);
  const built = await PGlite.create({ extensions: { vector }, parsers: PGLITE_PARSERS });
  const database = pgliteDatabase(built);
  await built.exec("CREATE EXTENSION IF NOT EXISTS vector");
  await applyMigrations(database);
  await database.exec(`ALTER TABLE chunks ALTER COLUMN embedding TYPE vector(${DIMENSIONS})`);
  await database.query(
    "INSERT INTO knowledge_settings (key, value) VALUES ('embedding_space', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
    [JSON.stringify({ space: `${embedder.id}/${DIMENSIONS}`, dimensions: DIMENSIONS })],
  );
  // Loaded without the indexes CHUNK_INDEXES builds afterwards (that build is what is timed).
  for (const statement of CHUNK_INDEXES) {
    await database.exec(`DROP INDEX IF EXISTS ${/^CREATE INDEX (\w+)/.exec(statement)![1]}`);
  }
  const loadStarted = performance.now();
  const items = generateItems(count, today);
  const chunks = await bulkLoad(database, items, embedder);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  log(`  ${count} items loaded in ${loadSeconds.toFixed(1)} s`);
  await database.exec("SET maintenance_work_mem = '256MB'");
  const indexStarted = performance.now();
  for (const statement of CHUNK_INDEXES) await database.exec(statement);
  await database.exec("ANALYZE items; ANALYZE chunks");
  const indexSeconds = (performance.now() - indexStarted) / 1000;
  log(`  indexes built in ${indexSeconds.toFixed(1)} s`);
  // The relation files of every database, as the server counts its data directory's base/.
  const bytes = Number(
    (await database.query<{ bytes: string }>("SELECT sum(pg_database_size(oid))::text AS bytes FROM pg_database")).rows[0]
      ?.bytes ?? 0,
  );
  const sharedBuffersMb = autoSharedBuffersMb(bytes);
  const buildPeakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const dump = await built.dumpDataDir("none");
  await built.close();
  const db = await PGlite.create({
    extensions: { vector },
    loadDataDir: dump,
    parsers: PGLITE_PARSERS,
    startParams: pgliteStartParams({ sharedBuffersMb }),
  });
  // The first instance's in-memory files and the dump are garbage now; collect them (npm run bench
  // exposes gc) so the RSS while searching is the restarted instance's.
  (globalThis as { gc?: () => void }).gc?.();
  log(`  restarted with a ${sharedBuffersMb} MB buffer pool (database ${Math.round(bytes / 1024 / 1024)} MB)`);
  return { db, database: pgliteDatabase(db), embedder, chunks, loadSeconds, indexSeconds, sharedBuffersMb, buildPeakRssMb };
}

async function benchSize(count: number, runs: number, log: (line: string) => void): Promise<SizeResult> {
  const today = helsinkiDate();
  const { db, database, embedder, chunks, loadSeconds, indexSeconds, sharedBuffersMb, buildPeakRssMb } =
    await prepareBenchDatabase(count, log);
  const searcher = new HybridSearcher({ database, embedder });
  const ours = await measure(runs, (search) => searcher.search({ ...search, today }));
  const searchRssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  log(`  ours: p50 ${ours.p50} ms, p95 ${ours.p95} ms`);

  // The peer needs a pg Pool: serve the same database over the PostgreSQL wire protocol.
  await database.exec(
    `CREATE VIEW bench_peer_chunks AS
       SELECT item_id AS id, content, jsonb_build_object('kind', kind, 'municipality', municipality) AS metadata, embedding
       FROM chunks`,
  );
  const socket = new PGLiteSocketServer({ db, port: 0, maxConnections: 8 });
  await socket.start();
  const connectionString = `postgres://postgres@${socket.getServerConn()}/postgres`;
  const pool = new pg.Pool({ connectionString, max: 4 });
  const peerStore = await PGVectorStore.initialize(new BenchEmbeddings(embedder), {
    pool,
    tableName: "bench_peer_chunks",
    columns: { idColumnName: "id", vectorColumnName: "embedding", contentColumnName: "content", metadataColumnName: "metadata" },
    distanceStrategy: "cosine",
    skipInitializationCheck: true,
  });
  const peer = await measure(runs, (search) => peerStore.similaritySearch(search.query, 10));
  log(`  peer (LangChain PGVectorStore.similaritySearch): p50 ${peer.p50} ms, p95 ${peer.p95} ms`);
  // The peer as PGVectorStore.initialize() sets it up: its own table, no ANN index unless the user
  // also calls createHnswIndex(). Filled with the same chunks and vectors by SQL (inserting through
  // LangChain would parse 384 floats of text per row, which is not what is measured).
  // Its own pool: PGVectorStore.end() ends the pool it was given.
  const defaultStore = await PGVectorStore.initialize(new BenchEmbeddings(embedder), {
    pool: new pg.Pool({ connectionString, max: 2 }),
    tableName: "bench_peer_default",
    distanceStrategy: "cosine",
  });
  await database.exec(
    `INSERT INTO bench_peer_default (text, metadata, embedding)
     SELECT content, jsonb_build_object('kind', kind, 'municipality', municipality), embedding FROM chunks`,
  );
  await database.exec("ANALYZE bench_peer_default");
  const peerDefault = await measure(Math.min(runs, 64), (search) => defaultStore.similaritySearch(search.query, 10));
  log(`  peer as initialize() creates it (no ANN index): p50 ${peerDefault.p50} ms, p95 ${peerDefault.p95} ms`);
  await defaultStore.end();
  // Ours through the same wire protocol, for an apples-to-apples transport comparison.
  const overPg = await openPostgresDatabase({ connectionString, poolSize: 2 });
  const pgSearcher = new HybridSearcher({ database: overPg, embedder });
  const oursOverPg = await measure(runs, (search) => pgSearcher.search({ ...search, today }));
  log(`  ours over pg: p50 ${oursOverPg.p50} ms, p95 ${oursOverPg.p95} ms`);
  await peerStore.end();
  await overPg.close();
  await pool.end().catch(() => undefined);
  await socket.stop();
  await db.close();
  return {
    items: count,
    chunks,
    loadSeconds,
    indexSeconds,
    sharedBuffersMb,
    ours,
    oursOverPg,
    peer,
    peerDefault,
    buildPeakRssMb,
    searchRssMb,
  };
}

function table(results: readonly SizeResult[]): string {
  const ratio = (left: number, right: number) => (right > 0 ? (left / right).toFixed(2) : "–");
  return [
    "| items | index build (s) | buffer pool (MB) | hybrid+filters p50 / p95 (ms) | same over pg wire p50 / p95 (ms) | peer A: PGVectorStore on our HNSW index p50 / p95 (ms) | ours/A p50 | ours/A p95 | peer B: PGVectorStore as initialize() creates it p50 / p95 (ms) | ours/B p50 | ours/B p95 | peak RSS, load + build (MB) | RSS while searching (MB) |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...results.map(
      (result) =>
        `| ${result.items.toLocaleString("en")} | ${result.indexSeconds.toFixed(1)} | ${result.sharedBuffersMb} | ${result.ours.p50} / ${result.ours.p95} | ${result.oursOverPg.p50} / ${result.oursOverPg.p95} | ${result.peer.p50} / ${result.peer.p95} | ${ratio(result.ours.p50, result.peer.p50)} | ${ratio(result.ours.p95, result.peer.p95)} | ${result.peerDefault.p50} / ${result.peerDefault.p95} | ${ratio(result.ours.p50, result.peerDefault.p50)} | ${ratio(result.ours.p95, result.peerDefault.p95)} | ${result.buildPeakRssMb} | ${result.searchRssMb} |`,
    ),
  ].join("\n");
}

/** Runs the retrieval benchmark and prints a markdown table (called by test/bench/run-benchmarks.ts). */
export async function run(options: SearchBenchOptions = {}): Promise<void> {
  const sizes = options.quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
  // Progress to stderr, the table to stdout (test/bench/run-benchmarks.ts convention).
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(`Retrieval: hybrid search vs LangChain PGVectorStore, embedded PGlite, ${DIMENSIONS}-d local embedder`);
  const results: SizeResult[] = [];
  for (const size of sizes) {
    log(`- ${size.toLocaleString("en")} items`);
    results.push(await benchSize(size, size >= 100_000 ? 160 : 240, log));
  }
  print("");
  print(table(results));
  print("");
  print(
    "Ours: in-process PGlite restarted after the load with the buffer pool the server picks for that database size (PGLITE_SHARED_BUFFERS_MB=auto), full hybrid pipeline (query understanding, embedding, FTS + HNSW, RRF, grouping), half the searches with kind/municipality/nearKm filters, expired items excluded. Peers: LangChain PGVectorStore.similaritySearch, vector-only top-10 through pg over @electric-sql/pglite-socket on the same database and vectors; A reads our chunks with our HNSW index (as after createHnswIndex()), B is the table PGVectorStore.initialize() creates, which has no ANN index (exact scan). Peak RSS is the process's up to the end of the index build (the restart holds the dump and both instances for a while, which a server restart does not); RSS while searching is after our searches on the restarted instance.",
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run({ quick: process.argv.includes("--quick") }).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`search bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
