import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { describe, expect, it } from "vitest";
import {
  assertPgvectorVersion,
  compareVersions,
  openPgliteDatabase,
  openPostgresDatabase,
} from "../../platform/database.js";
import { DatabaseError } from "../../platform/errors.js";
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
