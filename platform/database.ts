import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as pgliteParse, PGlite, protocol, types as pgliteTypes } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import pg from "pg";
import { DatabaseError } from "./errors.js";
import type { Logger } from "./logger.js";

/** Rows and the number of rows a statement touched. */
export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly affectedRows: number;
}

/** What repositories need from PostgreSQL: parameterised statements. */
export interface SqlClient {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /**
   * Loads PostgreSQL binary COPY data into `table`. Only the embedded engine offers it: there it
   * skips text parsing of floats, which WebAssembly's soft long-double `strtof` makes ~25× slower
   * than binary input (see docs/decisions/0003-bulk-load-indexes.md). Callers fall back to
   * parameterised INSERTs when it is absent. `table` and `columns` are our identifiers, never input.
   */
  copyBinaryInto?(table: string, columns: readonly string[], data: Uint8Array): Promise<void>;
  /**
   * Runs `sql` as a named prepared statement kept for the life of the connection: parsed once,
   * and planned once when the transaction sets `plan_cache_mode = force_generic_plan`. Only the
   * embedded engine offers it (see PglitePreparedStatements); callers fall back to `query`. For a
   * bounded set of statement texts written by us, never for text built from input.
   */
  queryPrepared?<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

/**
 * One PostgreSQL database, embedded (PGlite in DATA_DIR) or a server (node-postgres pool). Both
 * return `date` columns as ISO strings and `bigint` counts as numbers so callers see one shape.
 */
export interface Database extends SqlClient {
  readonly kind: "pglite" | "postgres";
  /** Runs `work` in one transaction; it is rolled back when `work` throws. */
  transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

function parseBigInt(value: string): number {
  return Number(value);
}

/** Buffer pool bounds of `autoSharedBuffersMb`. */
export const AUTO_SHARED_BUFFERS_MIN_MB = 80;
export const AUTO_SHARED_BUFFERS_MAX_MB = 512;

/**
 * Buffer pool for an embedded database of `bytes` (docs/decisions/0003-bulk-load-indexes.md):
 * half its size, 80–512 MB. A search reads the chunk heap, the HNSW and GIN indexes and items,
 * about half of the database (TOASTed vectors and text are rarely read); a pool smaller than that
 * turns page hits into 8 kB copies out of the JavaScript file system (at 100,000 items, p95
 * 25–28 ms with 128 MB against 17–22 ms with 384 MB). Small databases keep 80 MB, which is what
 * the ingest memory target was measured with.
 */
export function autoSharedBuffersMb(bytes: number): number {
  const half = Math.ceil(bytes / 2 / 1024 / 1024);
  return Math.min(AUTO_SHARED_BUFFERS_MAX_MB, Math.max(AUTO_SHARED_BUFFERS_MIN_MB, half));
}

/** Bytes of the relation files under `dataDir/base` (0 for a new or empty directory). */
export function dataDirDatabaseBytes(dataDir: string): number {
  const base = path.join(dataDir, "base");
  if (!existsSync(base)) return 0;
  return readdirSync(base, { recursive: true, encoding: "utf8" }).reduce((total, relative) => {
    const stats = statSync(path.join(base, relative), { throwIfNoEntry: false });
    return total + (stats?.isFile() ? stats.size : 0);
  }, 0);
}

/**
 * PGlite's own start parameters plus ours (docs/decisions/0003-bulk-load-indexes.md):
 * - `wal_init_zero=off`: PGlite runs with fsync off, so zero-filling each new 16 MB WAL segment
 *   buys no safety, and its WebAssembly `pwritev` glue copies every such write into a fresh 1 MB
 *   JavaScript buffer (~110 MB of garbage per 10,000-item import, 20–40 MB of peak RSS).
 * - `shared_buffers`: WebAssembly memory never shrinks, so the buffer pool stays resident for the
 *   life of the process once pages pass through it; unset keeps PGlite's default (128 MB).
 */
export function pgliteStartParams(options: { sharedBuffersMb?: number | undefined }): string[] {
  return [
    ...PGlite.defaultStartParams,
    "-c",
    "wal_init_zero=off",
    ...(options.sharedBuffersMb ? ["-c", `shared_buffers=${Math.trunc(options.sharedBuffersMb)}MB`] : []),
  ];
}

/** Opens the embedded database in `dataDir` (or in memory when `dataDir` is undefined). */
export async function openPgliteDatabase(options: {
  dataDir?: string | undefined;
  /**
   * PostgreSQL `shared_buffers` in MB (PGLITE_SHARED_BUFFERS_MB); "auto" sizes it from the data
   * already in `dataDir` (autoSharedBuffersMb); unset: PGlite's default.
   */
  sharedBuffersMb?: number | "auto" | undefined;
  /** Told the buffer pool chosen by "auto". */
  logger?: Logger | undefined;
}): Promise<Database> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  let sharedBuffersMb = options.sharedBuffersMb;
  if (sharedBuffersMb === "auto") {
    const bytes = options.dataDir ? dataDirDatabaseBytes(options.dataDir) : 0;
    sharedBuffersMb = autoSharedBuffersMb(bytes);
    options.logger?.info({ databaseMb: Math.round(bytes / 1024 / 1024), sharedBuffersMb }, "database.buffer_pool");
  }
  let db: PGlite;
  try {
    db = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      extensions: { vector },
      startParams: pgliteStartParams({ sharedBuffersMb }),
      parsers: PGLITE_PARSERS,
    });
  } catch (error) {
    throw new DatabaseError(`Could not open the embedded database in ${options.dataDir ?? "memory"}`, { cause: error });
  }
  await db.exec("CREATE EXTENSION IF NOT EXISTS vector");
  return pgliteDatabase(db);
}

/** Result parsers of the embedded engine: ISO date strings and numbers, as the pg path returns them. */
export const PGLITE_PARSERS = {
  [DATE_OID]: (value: string) => value,
  [INT8_OID]: parseBigInt,
  [NUMERIC_OID]: (value: string) => Number(value),
};

/** Most statement texts kept prepared per process; further texts run unprepared. */
const MAX_PREPARED_STATEMENTS = 256;

/**
 * Named prepared statements on PGlite. Its `query()` sends every statement as the unnamed one, so
 * PostgreSQL parses, analyses and plans it on every call: 2–3.5 ms of a 7–12 ms search statement
 * at 100,000 items. PGlite has no API for named statements, so this speaks the extended protocol
 * with the serializer and result parser PGlite exports. Not offered on the pg path: there
 * statements are planned natively (far cheaper), and a pool's connections may share one backend
 * (pglite-socket), where statement names would collide.
 */
class PglitePreparedStatements {
  private readonly statements = new Map<string, { readonly name: string; readonly types: readonly number[] }>();

  constructor(private readonly db: PGlite) {}

  /** Runs inside the caller's query lock (PGlite's `runExclusive`, as its own `query()` does). */
  async query<Row>(sql: string, params: readonly unknown[], inTransaction: boolean): Promise<QueryResult<Row> | undefined> {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= MAX_PREPARED_STATEMENTS) return undefined;
      const name = `lahituki_${this.statements.size + 1}`;
      const { messages } = await this.db.execProtocol(
        Buffer.concat([
          protocol.serialize.parse({ name, text: sql }),
          protocol.serialize.describe({ type: "S", name }),
          protocol.serialize.sync(),
        ]),
        { syncToFs: false },
      );
      statement = { name, types: pgliteParse.parseDescribeStatementResults(messages) };
      this.statements.set(sql, statement);
    }
    const types = statement.types;
    const values = params.map((value, index) => {
      if (value === null || value === undefined) return null;
      const serializer = this.db.serializers[types[index] ?? 0];
      return serializer ? serializer(value) : String(value);
    });
    const { messages } = await this.db.execProtocol(
      Buffer.concat([
        protocol.serialize.bind({ statement: statement.name, values }),
        protocol.serialize.describe({ type: "P" }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      ]),
      { syncToFs: !inTransaction },
    );
    const [result] = pgliteParse.parseResults(messages, this.db.parsers);
    return { rows: (result?.rows ?? []) as Row[], affectedRows: result?.affectedRows ?? 0 };
  }
}

/** The `Database` port over an open PGlite instance (the server's, or a benchmark's). */
export function pgliteDatabase(db: PGlite): Database {
  const prepared = new PglitePreparedStatements(db);
  const wrap = (client: Pick<PGlite, "query">, inTransaction: boolean): SqlClient => {
    const query = async <Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> => {
      const result = await client.query<Row>(sql, params as unknown[]);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    };
    return {
      query,
      async queryPrepared<Row>(sql: string, params: readonly unknown[] = []) {
        const result = await db.runExclusive(() => prepared.query<Row>(sql, params, inTransaction));
        return result ?? query<Row>(sql, params);
      },
      async copyBinaryInto(table: string, columns: readonly string[], data: Uint8Array) {
        // PGlite reads COPY input from the virtual file /dev/blob.
        await client.query(`COPY ${table} (${columns.join(", ")}) FROM '/dev/blob' WITH (FORMAT binary)`, [], {
          blob: new Blob([data as Uint8Array<ArrayBuffer>]),
        });
      },
    };
  };
  const root = wrap(db, false);
  return {
    kind: "pglite",
    query: root.query,
    queryPrepared: root.queryPrepared!,
    copyBinaryInto: root.copyBinaryInto!,
    async transaction(work) {
      return db.transaction(async (transaction) => work(wrap(transaction, true)));
    },
    async exec(sql) {
      await db.exec(sql);
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}

void pgliteTypes;

/** Connects to PostgreSQL with node-postgres; pgvector ≥ 0.5 must be installed there. */
export async function openPostgresDatabase(options: {
  connectionString: string;
  poolSize: number;
  logger?: Logger;
}): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    types: {
      getTypeParser(oid: number, format?: string) {
        if (oid === DATE_OID) return (value: string) => value;
        if (oid === INT8_OID) return parseBigInt;
        if (oid === NUMERIC_OID) return (value: string) => Number(value);
        return pg.types.getTypeParser(oid, format as "text");
      },
    } as pg.CustomTypesConfig,
  });
  pool.on("error", (error) => options.logger?.warn({ err: error }, "database.pool_error"));
  const wrap = (client: pg.Pool | pg.PoolClient): SqlClient => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as Row[], affectedRows: result.rowCount ?? 0 };
    },
  });
  try {
    await ensurePgvector(wrap(pool));
  } catch (error) {
    await pool.end();
    throw error;
  }
  const root = wrap(pool);
  return {
    kind: "postgres",
    query: root.query,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(wrap(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async close() {
      await pool.end();
    },
  };
}

async function ensurePgvector(client: SqlClient): Promise<void> {
  let installed: string | undefined;
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS vector");
    const result = await client.query<{ extversion: string }>(
      "SELECT extversion FROM pg_extension WHERE extname = 'vector'",
    );
    installed = result.rows[0]?.extversion;
  } catch (error) {
    throw new DatabaseError(
      "DATABASE_URL points to a PostgreSQL server without the pgvector extension (need pgvector >= 0.5; install it, e.g. the postgresql-NN-pgvector package, and allow CREATE EXTENSION vector)",
      { cause: error, code: "pgvector_missing" },
    );
  }
  assertPgvectorVersion(installed);
}

/** pgvector 0.5 brought HNSW indexes, which the knowledge store creates. */
const MINIMUM_PGVECTOR_VERSION = "0.5.0";

/** Throws a clear `DatabaseError` unless `installed` is at least MINIMUM_PGVECTOR_VERSION. */
export function assertPgvectorVersion(installed: string | undefined): void {
  if (!installed || compareVersions(installed, MINIMUM_PGVECTOR_VERSION) < 0) {
    throw new DatabaseError(
      `DATABASE_URL server has pgvector ${installed ?? "(none)"}; Lähituki needs pgvector >= 0.5 for HNSW indexes (ALTER EXTENSION vector UPDATE, or install a newer postgresql-NN-pgvector)`,
      { code: "pgvector_too_old" },
    );
  }
}

export function compareVersions(left: string, right: string): number {
  const a = left.split(".").map((part) => Number.parseInt(part, 10) || 0);
  const b = right.split(".").map((part) => Number.parseInt(part, 10) || 0);
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Applies the numbered `.sql` files in platform/migrations that are not yet recorded, each in its
 * own transaction. On PostgreSQL an advisory lock keeps two starting instances from racing.
 */
export async function applyMigrations(database: Database, logger?: Logger): Promise<string[]> {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d{4}_[\w-]+\.sql$/.test(name))
    .sort();
  await database.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
  );
  const applied: string[] = [];
  const lockKey = 7_240_236;
  if (database.kind === "postgres") await database.query("SELECT pg_advisory_lock($1)", [lockKey]);
  try {
    const done = new Set(
      (await database.query<{ version: string }>("SELECT version FROM schema_migrations")).rows.map((row) => row.version),
    );
    for (const file of files) {
      const version = file.replace(/\.sql$/, "");
      if (done.has(version)) continue;
      const sql = readFileSync(path.join(MIGRATIONS_DIR, file), "utf8");
      try {
        await database.transaction(async (client) => {
          for (const statement of splitSqlStatements(sql)) await client.query(statement);
          await client.query("INSERT INTO schema_migrations (version) VALUES ($1)", [version]);
        });
      } catch (error) {
        throw new DatabaseError(`Migration ${file} failed`, { cause: error, code: "migration_failed" });
      }
      applied.push(version);
      logger?.info({ version }, "database.migration_applied");
    }
  } finally {
    if (database.kind === "postgres") await database.query("SELECT pg_advisory_unlock($1)", [lockKey]);
  }
  return applied;
}

/**
 * Splits a migration into statements so each runs through the same parameterised path on both
 * engines. Handles quotes, comments and dollar-quoted bodies; migrations are our own files.
 */
function splitSqlStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = "";
  let index = 0;
  while (index < sql.length) {
    const char = sql[index]!;
    const rest = sql.slice(index);
    if (rest.startsWith("--")) {
      const end = sql.indexOf("\n", index);
      index = end === -1 ? sql.length : end + 1;
      continue;
    }
    if (char === "'") {
      const end = sql.indexOf("'", index + 1);
      const stop = end === -1 ? sql.length : end + 1;
      current += sql.slice(index, stop);
      index = stop;
      continue;
    }
    const dollar = /^\$[A-Za-z_]*\$/.exec(rest);
    if (dollar) {
      const tag = dollar[0];
      const end = sql.indexOf(tag, index + tag.length);
      const stop = end === -1 ? sql.length : end + tag.length;
      current += sql.slice(index, stop);
      index = stop;
      continue;
    }
    if (char === ";") {
      if (current.trim()) statements.push(current.trim());
      current = "";
      index += 1;
      continue;
    }
    current += char;
    index += 1;
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}
