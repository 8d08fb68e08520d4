import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import pgvector from "pgvector";
import type { Database, SqlClient } from "../platform/index.js";
import { AppError, ValidationError } from "../platform/index.js";
import type { CanonicalItem, Language, StoredItem } from "./item.js";
import { chunkTerms } from "./label-terms.js";
import type {
  ChangeCounts,
  ChangeSet,
  EmbeddingSpaceInfo,
  IngestRunRecord,
  ItemFilter,
  ItemWrite,
  KnowledgeStore,
  SourceStatus,
} from "./knowledge-store.js";

/** PostgreSQL text-search configuration per item language; `simple` is the language-neutral fallback. */
export const TEXT_SEARCH_CONFIG: Readonly<Record<Language, string>> = {
  fi: "finnish",
  sv: "swedish",
  en: "english",
};

export class EmbedderMismatchError extends AppError {
  constructor(stored: string, configured: string) {
    super(
      `The knowledge base holds vectors made by ${stored}, but the configured embedder is ${configured}. Run \`npm run reindex\` to re-embed everything with the configured embedder.`,
      { code: "embedder_mismatch", status: 503, expose: true },
    );
  }
}

const EMBEDDING_SETTING = "embedding_space";
/** Rows per multi-row INSERT: large enough to amortise round trips, small enough for PGlite's memory. */
const INSERT_BATCH = 500;
/**
 * Rows per INSERT while the server keeps serving: one statement blocks the event loop on the
 * embedded engine (in-process WASM) for its whole run, with the search indexes maintained row by row.
 */
const SERVING_INSERT_BATCH = 50;

export interface ItemRow {
  source: string;
  id: string;
  kind: string;
  language: string;
  title: string;
  description: string;
  organization: string | null;
  municipality: string | null;
  address: string | null;
  url: string | null;
  email: string | null;
  phone: string | null;
  valid_from: string | null;
  valid_until: string | null;
  start_date: string | null;
  tags: string[];
  occupation: string | null;
  employment_type: string | null;
  format: string | null;
  opening_hours: string | null;
  audience: string;
  content_hash: string;
  created_at: Date;
  updated_at: Date;
}

export function rowToItem(row: ItemRow): StoredItem {
  const item: Record<string, unknown> = {
    source: row.source,
    id: row.id,
    kind: row.kind,
    language: row.language,
    title: row.title,
    description: row.description,
    organization: row.organization ?? undefined,
    municipality: row.municipality ?? undefined,
    address: row.address ?? undefined,
    url: row.url ?? undefined,
    email: row.email ?? undefined,
    phone: row.phone ?? undefined,
    validFrom: row.valid_from ?? undefined,
    validUntil: row.valid_until ?? undefined,
    startDate: row.start_date ?? undefined,
    tags: row.tags ?? [],
    occupation: row.occupation ?? undefined,
    employmentType: row.employment_type ?? undefined,
    format: row.format ?? undefined,
    openingHours: row.opening_hours ?? undefined,
    audience: row.audience ?? "jobseeker",
    contentHash: row.content_hash,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
  for (const key of Object.keys(item)) if (item[key] === undefined) delete item[key];
  return item as unknown as StoredItem;
}

export const ITEM_COLUMNS =
  "source, id, kind, language, title, description, organization, municipality, address, url, email, phone, valid_from, valid_until, start_date, tags, occupation, employment_type, format, opening_hours, audience, content_hash, created_at, updated_at";

/** `ITEM_COLUMNS` qualified by a table alias, for joins where chunk columns share the names. */
export function qualifiedItemColumns(alias: string): string {
  return ITEM_COLUMNS.split(", ")
    .map((column) => `${alias}.${column}`)
    .join(", ");
}

export class SqlKnowledgeStore implements KnowledgeStore {
  private space: EmbeddingSpaceInfo | undefined;

  constructor(private readonly database: Database) {}

  async embeddingSpace(): Promise<EmbeddingSpaceInfo | undefined> {
    const result = await this.database.query<{ value: EmbeddingSpaceInfo }>(
      "SELECT value FROM knowledge_settings WHERE key = $1",
      [EMBEDDING_SETTING],
    );
    return result.rows[0]?.value;
  }

  async ensureEmbeddingSpace(info: EmbeddingSpaceInfo, options: { reset?: boolean } = {}): Promise<void> {
    const stored = await this.embeddingSpace();
    const sameSpace = stored && stored.space === info.space && stored.dimensions === info.dimensions;
    if (sameSpace && !options.reset) {
      await this.ensureVectorIndex(info.dimensions);
      this.space = info;
      return;
    }
    if (stored && !sameSpace && !options.reset) {
      const vectors = await this.database.query<{ count: number }>(
        "SELECT count(*) AS count FROM chunks WHERE embedding IS NOT NULL",
      );
      if ((vectors.rows[0]?.count ?? 0) > 0) throw new EmbedderMismatchError(stored.space, info.space);
    }
    await this.database.transaction(async (client) => {
      await client.query("DROP INDEX IF EXISTS chunks_embedding_hnsw");
      await client.query("UPDATE chunks SET embedding = NULL, embedding_space = NULL");
      // Identifiers cannot be parameters; the dimension is an integer we validated, never user text.
      await client.query(`ALTER TABLE chunks ALTER COLUMN embedding TYPE vector(${Math.trunc(info.dimensions)})`);
      await client.query(
        `INSERT INTO knowledge_settings (key, value, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [EMBEDDING_SETTING, JSON.stringify(info)],
      );
    });
    await this.ensureVectorIndex(info.dimensions);
    this.space = info;
  }

  private async ensureVectorIndex(dimensions: number): Promise<void> {
    const typmod = await this.database.query<{ atttypmod: number }>(
      "SELECT atttypmod FROM pg_attribute WHERE attrelid = 'chunks'::regclass AND attname = 'embedding'",
    );
    if (typmod.rows[0]?.atttypmod !== dimensions) {
      await this.database.exec(`ALTER TABLE chunks ALTER COLUMN embedding TYPE vector(${Math.trunc(dimensions)})`);
    }
    await this.database.exec(
      "CREATE INDEX IF NOT EXISTS chunks_embedding_hnsw ON chunks USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)",
    );
  }

  async contentHashes(source: string, ids: readonly string[]): Promise<Map<string, string>> {
    const hashes = new Map<string, string>();
    for (let start = 0; start < ids.length; start += 5000) {
      const result = await this.database.query<{ id: string; content_hash: string }>(
        "SELECT id, content_hash FROM items WHERE source = $1 AND id = ANY($2::text[])",
        [source, ids.slice(start, start + 5000)],
      );
      for (const row of result.rows) hashes.set(row.id, row.content_hash);
    }
    return hashes;
  }

  async recordHashes(source: string): Promise<Map<string, string>> {
    const result = await this.database.query<{ id: string; record_hash: string }>(
      "SELECT id, record_hash FROM items WHERE source = $1 AND record_hash IS NOT NULL",
      [source],
    );
    return new Map(result.rows.map((row) => [row.record_hash, row.id]));
  }

  async itemIds(source: string): Promise<string[]> {
    const result = await this.database.query<{ id: string }>("SELECT id FROM items WHERE source = $1 ORDER BY id", [
      source,
    ]);
    return result.rows.map((row) => row.id);
  }

  async applyChanges(changes: ChangeSet): Promise<ChangeCounts> {
    if (!changes.source.trim()) throw new ValidationError("source must not be empty", { field: "source" });
    const { expectedChunks, slices } =
      "slices" in changes.upserts
        ? changes.upserts
        : { expectedChunks: countChunks(changes.upserts), slices: [changes.upserts] };
    if (changes.keepServing && this.database.kind === "pglite") return this.applyProgressively(changes, slices);
    return this.database.transaction(async (client) => {
      const deleted = await deleteItems(client, changes.source, changes.deletions);
      let inserted = 0;
      let updated = 0;
      const rebuild = changes.keepServing ? [] : await suspendSearchIndexesForBulkLoad(client, expectedChunks);
      const batchSize = changes.keepServing ? SERVING_INSERT_BATCH : INSERT_BATCH;
      for await (const slice of slices) {
        for (let start = 0; start < slice.length; start += batchSize) {
          const counts = await this.writeBatch(client, changes.source, slice.slice(start, start + batchSize));
          inserted += counts.inserted;
          updated += counts.updated;
          // Awaiting the engine alone never yields: its promises resolve as microtasks.
          if (changes.keepServing) await yieldToEventLoop();
        }
      }
      for (const definition of rebuild) await client.query(definition);
      // A bulk load changes the table's make-up; the embedded engine has no autovacuum to refresh
      // the planner statistics (search reads them to spot very common words).
      if (rebuild.length > 0) await client.query("ANALYZE chunks");
      await updateRecordHashes(client, changes.source, changes.recordHashUpdates);
      return { inserted, updated, deleted };
    });
  }

  /**
   * The embedded engine has one connection: every query waits while a transaction is open, so a
   * file of tens of thousands of items written in one transaction stopped chat for a minute. While
   * the server keeps serving, each batch of items is therefore its own transaction (an item and
   * its chunks are always written together), with the event loop free between batches; deletions
   * and record hashes follow in a last transaction once every batch is in. A failure part-way
   * keeps the batches already written, each whole; the same file again skips them by content hash
   * and finishes the rest. PostgreSQL keeps the one transaction: its readers never wait for it.
   */
  private async applyProgressively(changes: ChangeSet, slices: AsyncIterable<readonly ItemWrite[]> | Iterable<readonly ItemWrite[]>): Promise<ChangeCounts> {
    let inserted = 0;
    let updated = 0;
    for await (const slice of slices) {
      for (let start = 0; start < slice.length; start += SERVING_INSERT_BATCH) {
        const batch = slice.slice(start, start + SERVING_INSERT_BATCH);
        const counts = await this.database.transaction((client) => this.writeBatch(client, changes.source, batch));
        inserted += counts.inserted;
        updated += counts.updated;
        await yieldToEventLoop();
      }
    }
    const deleted = await this.database.transaction(async (client) => {
      const count = await deleteItems(client, changes.source, changes.deletions);
      await updateRecordHashes(client, changes.source, changes.recordHashUpdates);
      return count;
    });
    return { inserted, updated, deleted };
  }

  private async writeBatch(client: SqlClient, source: string, batch: readonly ItemWrite[]): Promise<{ inserted: number; updated: number }> {
    const space = this.space;
    if (!space && countChunks(batch) > 0) {
      throw new AppError("ensureEmbeddingSpace must be called before writing chunks", { code: "store_not_ready" });
    }
    const counts = await upsertItems(client, source, batch);
    await replaceChunks(client, source, batch, space?.space);
    return counts;
  }

  async getItem(source: string, id: string): Promise<StoredItem | undefined> {
    const result = await this.database.query<ItemRow>(
      `SELECT ${ITEM_COLUMNS} FROM items WHERE source = $1 AND id = $2`,
      [source, id],
    );
    const row = result.rows[0];
    return row ? rowToItem(row) : undefined;
  }

  async listItems(filter: ItemFilter): Promise<{ items: StoredItem[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      params.push(value);
      conditions.push(condition.replaceAll("$?", `$${params.length}`));
    };
    if (filter.kind) add("kind = $?", filter.kind);
    if (filter.municipalities) add("municipality = ANY($?::text[])", [...filter.municipalities]);
    if (filter.source) add("source = $?", filter.source);
    if (filter.text) {
      add(
        "(title ILIKE $? ESCAPE '\\' OR description ILIKE $? ESCAPE '\\' OR organization ILIKE $? ESCAPE '\\')",
        `%${filter.text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`,
      );
    }
    const today = filter.today;
    if (filter.validity && today) {
      if (filter.validity === "open") add("(valid_until IS NULL OR valid_until >= $?::date)", today);
      if (filter.validity === "expired") add("valid_until < $?::date", today);
      if (filter.validity === "upcoming") add("valid_from > $?::date", today);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "";
    const total = await this.database.query<{ count: number }>(`SELECT count(*) AS count FROM items ${where}`, params);
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 1000);
    const offset = Math.max(filter.offset ?? 0, 0);
    const rows = await this.database.query<ItemRow>(
      `SELECT ${ITEM_COLUMNS} FROM items ${where} ORDER BY updated_at DESC, source, id LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return { items: rows.rows.map(rowToItem), total: total.rows[0]?.count ?? 0 };
  }

  async countItems(): Promise<number> {
    const result = await this.database.query<{ count: number }>("SELECT count(*) AS count FROM items");
    return result.rows[0]?.count ?? 0;
  }

  async *iterateItems(batchSize: number): AsyncIterable<StoredItem[]> {
    let after: [string, string] = ["", ""];
    for (;;) {
      const result = await this.database.query<ItemRow>(
        `SELECT ${ITEM_COLUMNS} FROM items WHERE (source, id) > ($1, $2) ORDER BY source, id LIMIT ${Math.trunc(batchSize)}`,
        after,
      );
      if (result.rows.length === 0) return;
      yield result.rows.map(rowToItem);
      const last = result.rows[result.rows.length - 1]!;
      after = [last.source, last.id];
    }
  }

  async recordIngestRun(run: IngestRunRecord): Promise<void> {
    await this.database.query(
      `INSERT INTO ingest_runs (source, actor, started_at, finished_at, status, counts, errors)
       VALUES ($1, $2, $3, now(), $4, $5, $6)`,
      [run.source, run.actor, run.startedAt, run.status, JSON.stringify(run.counts), JSON.stringify(run.errors.slice(0, 200))],
    );
  }

  async sources(): Promise<SourceStatus[]> {
    const result = await this.database.query<{
      source: string;
      items: number;
      actor: string | null;
      started_at: Date | null;
      finished_at: Date | null;
      status: string | null;
      counts: Record<string, number> | null;
      errors: unknown[] | null;
    }>(
      `WITH names AS (SELECT source FROM items UNION SELECT source FROM ingest_runs),
            counts AS (SELECT source, count(*) AS items FROM items GROUP BY source),
            latest AS (SELECT DISTINCT ON (source) * FROM ingest_runs ORDER BY source, started_at DESC, id DESC)
       SELECT names.source, coalesce(counts.items, 0) AS items, latest.actor, latest.started_at, latest.finished_at,
              latest.status, latest.counts, latest.errors
       FROM names LEFT JOIN counts USING (source) LEFT JOIN latest USING (source)
       ORDER BY names.source`,
    );
    return result.rows.map((row) => ({
      source: row.source,
      items: row.items,
      ...(row.status
        ? {
            lastRun: {
              actor: row.actor ?? "",
              startedAt: new Date(row.started_at!).toISOString(),
              finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : undefined,
              status: row.status,
              counts: row.counts ?? {},
              errors: row.errors ?? [],
            },
          }
        : {}),
    }));
  }
}

async function deleteItems(client: SqlClient, source: string, ids: readonly string[] | undefined): Promise<number> {
  if (!ids || ids.length === 0) return 0;
  const result = await client.query("DELETE FROM items WHERE source = $1 AND id = ANY($2::text[])", [source, [...ids]]);
  return result.affectedRows;
}

async function updateRecordHashes(
  client: SqlClient,
  source: string,
  touches: ReadonlyArray<{ readonly id: string; readonly recordHash: string }> | undefined,
): Promise<void> {
  if (!touches || touches.length === 0) return;
  await client.query(
    `UPDATE items SET record_hash = t.record_hash
     FROM unnest($2::text[], $3::text[]) AS t(id, record_hash)
     WHERE items.source = $1 AND items.id = t.id`,
    [source, touches.map((touch) => touch.id), touches.map((touch) => touch.recordHash)],
  );
}

function countChunks(upserts: readonly ItemWrite[]): number {
  return upserts.reduce((sum, write) => sum + write.chunks.length, 0);
}

/** Fewest new chunks for which dropping and rebuilding the search indexes can pay off. */
const BULK_LOAD_MIN_CHUNKS = 1000;

/**
 * Bulk loads (a first import, or one that adds at least as many chunks as are stored; `incoming` is
 * counted, or estimated for upserts in slices) drop the HNSW and GIN indexes of `chunks` inside the
 * write transaction and rebuild them at its end: building an HNSW graph once is several times
 * faster than inserting vectors one by one (see docs/decisions/0003-bulk-load-indexes.md). The
 * definitions are read from the catalogue, so indexes that later migrations add are rebuilt as they
 * were. On PostgreSQL the DROP holds an exclusive lock on `chunks` until commit, which is why small
 * imports never take this path. The foreign key to `items` is dropped and re-added the same way.
 * Returns the statements that recreate what was dropped.
 */
async function suspendSearchIndexesForBulkLoad(client: SqlClient, incoming: number): Promise<string[]> {
  if (incoming < BULK_LOAD_MIN_CHUNKS) return [];
  const stored = await client.query<{ count: number }>("SELECT count(*) AS count FROM chunks");
  if ((stored.rows[0]?.count ?? 0) > incoming) return [];
  const indexes = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes
     WHERE schemaname = current_schema() AND tablename = 'chunks' AND indexdef ~* 'USING (hnsw|gin|ivfflat)'`,
  );
  const foreignKeys = await client.query<{ conname: string; definition: string }>(
    "SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = 'chunks'::regclass AND contype = 'f'",
  );
  // Names come from the catalogue, not from input; quote them anyway.
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  for (const index of indexes.rows) await client.query(`DROP INDEX ${quote(index.indexname)}`);
  // The foreign key is checked row by row (~20% of a chunk insert); re-adding it validates all
  // rows in one join before commit, so "no chunk without its item" still holds at every commit.
  for (const key of foreignKeys.rows) await client.query(`ALTER TABLE chunks DROP CONSTRAINT ${quote(key.conname)}`);
  return [
    ...indexes.rows.map((index) => index.indexdef),
    ...foreignKeys.rows.map((key) => `ALTER TABLE chunks ADD CONSTRAINT ${quote(key.conname)} ${key.definition}`),
  ];
}

async function upsertItems(
  client: SqlClient,
  source: string,
  batch: readonly ItemWrite[],
): Promise<{ inserted: number; updated: number }> {
  const column = <T>(pick: (item: CanonicalItem) => T) => batch.map((write) => pick(write.item) ?? null);
  const result = await client.query<{ inserted: boolean }>(
    `INSERT INTO items (source, id, kind, language, title, description, organization, municipality, address, url,
                        email, phone, valid_from, valid_until, start_date, tags, occupation, employment_type, format,
                        opening_hours, audience, content_hash, record_hash)
     SELECT $1, t.id, t.kind, t.language, t.title, t.description, t.organization, t.municipality, t.address, t.url,
            t.email, t.phone, t.valid_from, t.valid_until, t.start_date,
            coalesce((SELECT array_agg(value) FROM jsonb_array_elements_text(t.tags::jsonb)), '{}'),
            t.occupation, t.employment_type, t.format, t.opening_hours, t.audience, t.content_hash, t.record_hash
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                 $10::text[], $11::text[], $12::text[], $13::date[], $14::date[], $15::date[], $16::text[],
                 $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[])
          AS t(id, kind, language, title, description, organization, municipality, address, url, email, phone,
               valid_from, valid_until, start_date, tags, occupation, employment_type, format, opening_hours,
               audience, content_hash, record_hash)
     ON CONFLICT (source, id) DO UPDATE SET
       kind = EXCLUDED.kind, language = EXCLUDED.language, title = EXCLUDED.title,
       description = EXCLUDED.description, organization = EXCLUDED.organization,
       municipality = EXCLUDED.municipality, address = EXCLUDED.address, url = EXCLUDED.url,
       email = EXCLUDED.email, phone = EXCLUDED.phone, valid_from = EXCLUDED.valid_from,
       valid_until = EXCLUDED.valid_until, start_date = EXCLUDED.start_date, tags = EXCLUDED.tags,
       occupation = EXCLUDED.occupation, employment_type = EXCLUDED.employment_type, format = EXCLUDED.format,
       opening_hours = EXCLUDED.opening_hours, audience = EXCLUDED.audience, content_hash = EXCLUDED.content_hash,
       record_hash = EXCLUDED.record_hash, updated_at = now()
     RETURNING (xmax = 0) AS inserted`,
    [
      source,
      column((item) => item.id),
      column((item) => item.kind),
      column((item) => item.language),
      column((item) => item.title),
      column((item) => item.description),
      column((item) => item.organization),
      column((item) => item.municipality),
      column((item) => item.address),
      column((item) => item.url),
      column((item) => item.email),
      column((item) => item.phone),
      column((item) => item.validFrom),
      column((item) => item.validUntil),
      column((item) => item.startDate),
      column((item) => JSON.stringify(item.tags ?? [])),
      column((item) => item.occupation),
      column((item) => item.employmentType),
      column((item) => item.format),
      column((item) => item.openingHours),
      column((item) => item.audience ?? "jobseeker"),
      batch.map((write) => write.contentHash),
      batch.map((write) => write.recordHash ?? null),
    ],
  );
  const inserted = result.rows.filter((row) => row.inserted).length;
  return { inserted, updated: result.rows.length - inserted };
}

async function replaceChunks(
  client: SqlClient,
  source: string,
  batch: readonly ItemWrite[],
  space: string | undefined,
): Promise<void> {
  await client.query("DELETE FROM chunks WHERE source = $1 AND item_id = ANY($2::text[])", [
    source,
    batch.map((write) => write.item.id),
  ]);
  const rows = batch.flatMap((write) =>
    write.chunks.map((chunk) => ({ item: write.item, chunk })),
  );
  if (rows.length === 0) return;
  if (client.copyBinaryInto) {
    await client.query(
      "CREATE TEMP TABLE IF NOT EXISTS chunk_vector_staging (position integer NOT NULL, embedding vector NOT NULL)",
    );
    await client.query("TRUNCATE chunk_vector_staging");
    await client.copyBinaryInto(
      "chunk_vector_staging",
      ["position", "embedding"],
      encodeVectorsForBinaryCopy(rows.map((row) => row.chunk.embedding)),
    );
  }
  const staged = Boolean(client.copyBinaryInto);
  await client.query(
    `INSERT INTO chunks (source, item_id, ordinal, language, kind, municipality, audience, valid_from, valid_until, content,
                         search_text, tsv, tsv_simple, embedding, embedding_space, terms)
     SELECT $1, t.item_id, t.ordinal, t.language, t.kind, t.municipality, t.audience, t.valid_from, t.valid_until, t.content,
            t.search_text,
            to_tsvector(t.config::regconfig, t.content || ' ' || t.search_text),
            to_tsvector('simple', t.content || ' ' || t.search_text),
            ${staged ? "s.embedding" : "t.embedding::vector"}, $13, string_to_array(t.terms, E'\\t')
     FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::date[], $8::date[], $9::text[],
                 $10::text[], $11::text[], $12::text[], $14::text[], $15::text[]) WITH ORDINALITY
          AS t(item_id, ordinal, language, kind, municipality, valid_from, valid_until, content, search_text, config,
               embedding, terms, audience, position)
     ${staged ? "JOIN chunk_vector_staging s ON s.position = t.position" : ""}`,
    [
      source,
      rows.map((row) => row.item.id),
      rows.map((row) => row.chunk.ordinal),
      rows.map((row) => row.chunk.language),
      rows.map((row) => row.item.kind),
      rows.map((row) => row.item.municipality ?? null),
      rows.map((row) => row.item.validFrom ?? null),
      rows.map((row) => row.item.validUntil ?? null),
      rows.map((row) => row.chunk.content),
      rows.map((row) => row.chunk.searchText),
      rows.map((row) => TEXT_SEARCH_CONFIG[row.chunk.language]),
      client.copyBinaryInto
        ? rows.map(() => null)
        : rows.map((row) => pgvector.toSql([...row.chunk.embedding]) as string),
      space ?? null,
      rows.map((row) => chunkTerms(row.chunk.content, row.chunk.searchText)),
      rows.map((row) => row.item.audience ?? "jobseeker"),
    ],
  );
}

/**
 * PostgreSQL binary COPY of (position int4, embedding vector) rows; `position` is 1-based like
 * `WITH ORDINALITY`. Layout of a vector value is pgvector's `vector_send`: int16 dimensions,
 * int16 unused, then big-endian float4s.
 */
function encodeVectorsForBinaryCopy(vectors: ReadonlyArray<readonly number[]>): Uint8Array {
  const size = 19 + vectors.reduce((sum, vector) => sum + 2 + 8 + 8 + vector.length * 4, 0) + 2;
  const buffer = Buffer.alloc(size);
  let offset = buffer.write("PGCOPY\n\xff\r\n\0", 0, "latin1");
  offset = buffer.writeInt32BE(0, offset);
  offset = buffer.writeInt32BE(0, offset);
  vectors.forEach((vector, index) => {
    offset = buffer.writeInt16BE(2, offset);
    offset = buffer.writeInt32BE(4, offset);
    offset = buffer.writeInt32BE(index + 1, offset);
    offset = buffer.writeInt32BE(4 + vector.length * 4, offset);
    offset = buffer.writeInt16BE(vector.length, offset);
    offset = buffer.writeInt16BE(0, offset);
    for (const value of vector) offset = buffer.writeFloatBE(value, offset);
  });
  buffer.writeInt16BE(-1, offset);
  return buffer;
}
