import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  assertPgvectorVersion,
  AUTO_SHARED_BUFFERS_MIN_MB,
  autoSharedBuffersMb,
  compareVersions,
  dataDirDatabaseBytes,
  openPgliteDatabase,
  openPostgresDatabase,
  type Database,
} from "../../platform/database.js";
import { DatabaseError } from "../../platform/errors.js";
import { createLogger } from "../../platform/logger.js";
import { defineStoreSuite } from "./ingest-support/store-suite.js";

/** A real PostgreSQL wire-protocol server on a loopback port, backed by an in-memory PGlite. */
async function startSocketServer(options: { withVector: boolean }) {
  const db = await PGlite.create(options.withVector ? { extensions: { vector } } : {});
  // The pool may hold one client in a transaction while another asks for a connection.
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 20 });
  await server.start();
  const [host, port] = server.getServerConn().split(":");
  return {
    url: `postgres://postgres:postgres@${host}:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

defineStoreSuite("PGlite in-process", async () => {
  const database = await openPgliteDatabase({});
  return { database, close: () => database.close() };
});

defineStoreSuite("node-postgres over pglite-socket", async () => {
  const server = await startSocketServer({ withVector: true });
  const database = await openPostgresDatabase({ connectionString: server.url, poolSize: 2 });
  expect(database.kind).toBe("postgres");
  return {
    database,
    async close() {
      await database.close();
      await server.stop();
    },
  };
});

describe("embedded database settings", () => {
  it("starts PGlite with the configured buffer pool and without zero-filling WAL segments", async () => {
    const database = await openPgliteDatabase({ sharedBuffersMb: 32 });
    try {
      const setting = async (name: string) =>
        (await database.query<{ setting: string }>("SELECT current_setting($1) AS setting", [name])).rows[0]?.setting;
      expect(await setting("shared_buffers")).toBe("32MB");
      expect(await setting("wal_init_zero")).toBe("off");
    } finally {
      await database.close();
    }
  });

  it("sizes an automatic buffer pool from the data already in the directory", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-buffers-"));
    try {
      const poolOf = async (database: Database) =>
        (await database.query<{ setting: string }>("SELECT current_setting('shared_buffers') AS setting")).rows[0]?.setting;
      const empty = await openPgliteDatabase({ dataDir, sharedBuffersMb: "auto" });
      expect(await poolOf(empty)).toBe(`${AUTO_SHARED_BUFFERS_MIN_MB}MB`);
      // About 200 MB of table data: the next start gets half of the directory's relation files.
      await empty.exec("CREATE TABLE filler AS SELECT g, repeat(md5(g::text), 30) AS padding FROM generate_series(1, 180000) g");
      await empty.close();
      const bytes = dataDirDatabaseBytes(dataDir);
      expect(bytes).toBeGreaterThan(180 * 1024 * 1024);
      const lines: string[] = [];
      const logger = createLogger({
        level: "info",
        destination: { write: (line: string) => lines.push(line) } as unknown as NodeJS.WritableStream,
      });
      const reopened = await openPgliteDatabase({ dataDir, sharedBuffersMb: "auto", logger });
      try {
        expect(await poolOf(reopened)).toBe(`${autoSharedBuffersMb(bytes)}MB`);
        expect(autoSharedBuffersMb(bytes)).toBeGreaterThan(AUTO_SHARED_BUFFERS_MIN_MB);
        expect(lines.join("")).toContain("database.buffer_pool");
      } finally {
        await reopened.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("prepared statements on the embedded engine", () => {
  it("return what plain queries return, are parsed once per text, and survive a failed transaction", async () => {
    const database = await openPgliteDatabase({});
    try {
      await database.exec("CREATE TABLE sample (id int PRIMARY KEY, day date, tags text[], amount numeric)");
      await database.query("INSERT INTO sample VALUES (1, '2026-12-04', ARRAY['a','b'], 1.5), (2, NULL, ARRAY['c'], NULL)");
      const sql = "SELECT id, day, tags, amount, count(*) OVER () AS total FROM sample WHERE tags && $1::text[] OR day = $2::date ORDER BY id";
      const params = [["c", "it's"], "2026-12-04"];
      const plain = await database.query(sql, params);
      const prepared = await database.queryPrepared!(sql, params);
      expect(prepared.rows).toEqual(plain.rows);
      expect(prepared.rows).toEqual([
        { id: 1, day: "2026-12-04", tags: ["a", "b"], amount: 1.5, total: 2 },
        { id: 2, day: null, tags: ["c"], amount: null, total: 2 },
      ]);
      expect((await database.queryPrepared!(sql, [["none"], null])).rows).toEqual([]);
      const count = async () =>
        (await database.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_prepared_statements")).rows[0]?.n;
      expect(await count()).toBe(1);
      await expect(
        database.transaction(async (client) => {
          await client.queryPrepared!("INSERT INTO sample (id) VALUES ($1::int)", [3]);
          await client.queryPrepared!("INSERT INTO sample (id) VALUES ($1::int)", [3]);
        }),
      ).rejects.toThrow(/duplicate key/);
      expect((await database.query("SELECT id FROM sample WHERE id = 3")).rows).toEqual([]);
      const inside = await database.transaction((client) => client.queryPrepared!(sql, params));
      expect(inside.rows).toEqual(plain.rows);
      expect(await count()).toBe(2);
    } finally {
      await database.close();
    }
  });
});

describe("pgvector requirement of the pg path", () => {
  it("compares versions numerically", () => {
    expect(compareVersions("0.5.0", "0.5.0")).toBe(0);
    expect(compareVersions("0.10.0", "0.5.1")).toBe(1);
    expect(compareVersions("0.4.4", "0.5")).toBe(-1);
    expect(compareVersions("0.8.0", "0.5.0")).toBe(1);
  });

  it("accepts pgvector 0.5 and later and rejects older or missing versions with a clear error", () => {
    expect(() => assertPgvectorVersion("0.5.0")).not.toThrow();
    expect(() => assertPgvectorVersion("0.8.1")).not.toThrow();
    expect(() => assertPgvectorVersion("0.4.4")).toThrow(/pgvector 0\.4\.4; Lähituki needs pgvector >= 0\.5/);
    expect(() => assertPgvectorVersion(undefined)).toThrow(DatabaseError);
  });

  it("refuses a server without the pgvector extension, saying what to install", async () => {
    const server = await startSocketServer({ withVector: false });
    try {
      await expect(openPostgresDatabase({ connectionString: server.url, poolSize: 2 })).rejects.toThrow(
        /without the pgvector extension \(need pgvector >= 0\.5/,
      );
    } finally {
      await server.stop();
    }
  });
});
