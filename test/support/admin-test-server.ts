import type { Server } from "node:http";
import { createApp } from "../../bot/app.js";
import { createSqlInsightSource } from "../../bot/insight-source.js";
import { createAdminModule, type AdminModule } from "../../admin/admin-module.js";
import type { AdminRouteExtension } from "../../admin/admin-routes-types.js";
import { HashedNgramEmbedder } from "../../knowledge/hashed-ngram-embedder.js";
import { embeddingSpace } from "../../knowledge/embedder.js";
import { SqlKnowledgeStore } from "../../knowledge/sql-knowledge-store.js";
import { loadConfig, type Config } from "../../platform/config.js";
import { applyMigrations, openPgliteDatabase, type Database } from "../../platform/database.js";
import type { JwtVerifier } from "../../platform/jwt-verifier.js";
import { createSilentLogger } from "../../platform/logger.js";

export interface AdminTestServer {
  readonly baseUrl: string;
  readonly database: Database;
  readonly store: SqlKnowledgeStore;
  readonly embedder: HashedNgramEmbedder;
  readonly admin: AdminModule;
  readonly config: Config;
  /** Tokens of the test editors: area admin, Kaustinen (236) editor, Veteli (924) editor. */
  tokens: { areaAdmin: string; kaustinen: string; veteli: string };
  close(): Promise<void>;
}

/** A real HTTP server with the admin API over an in-memory PGlite, on a free port. */
export async function startAdminTestServer(
  options: { env?: Record<string, string>; jwtVerifier?: JwtVerifier; extensions?: (deps: { database: Database; store: SqlKnowledgeStore }) => AdminRouteExtension[] } = {},
): Promise<AdminTestServer> {
  const config = loadConfig({ DATA_DIR: "/tmp/unused-admin-test", LOG_LEVEL: "silent", ...options.env });
  const database = await openPgliteDatabase({});
  await applyMigrations(database);
  const store = new SqlKnowledgeStore(database);
  const embedder = new HashedNgramEmbedder(64);
  await store.ensureEmbeddingSpace({ space: embeddingSpace(embedder), dimensions: embedder.dimensions });
  const logger = createSilentLogger();
  const admin = createAdminModule(
    { database, store, embedder, logger, config, jwtVerifier: options.jwtVerifier, insights: createSqlInsightSource(database) },
    options.extensions?.({ database, store }) ?? [],
  );
  await admin.repository.upsertEditor({ user: "antti", role: "admin", allMunicipalities: true, municipalities: [] });
  await admin.repository.upsertEditor({ user: "eeva", role: "editor", allMunicipalities: false, municipalities: ["236"] });
  await admin.repository.upsertEditor({ user: "ville", role: "editor", allMunicipalities: false, municipalities: ["924"] });
  const tokens = {
    areaAdmin: (await admin.repository.createToken("antti")).token,
    kaustinen: (await admin.repository.createToken("eeva")).token,
    veteli: (await admin.repository.createToken("ville")).token,
  };
  const app = createApp({ logger, isReady: () => true }, [
    { path: "/api/admin", router: admin.apiRouter },
    { path: "/admin", router: admin.uiRouter },
  ]);
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  // Longer than any pause in a test (e.g. building a zip bomb), so fetch never reuses a socket the server just closed.
  server.keepAliveTimeout = 120_000;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    database,
    store,
    embedder,
    admin,
    config,
    tokens,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await database.close();
    },
  };
}

/** fetch with a bearer token and JSON body. */
export async function call(
  baseUrl: string,
  method: string,
  route: string,
  options: { token?: string | undefined; body?: unknown; headers?: Record<string, string> } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the tests' assertions
): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text, headers: response.headers };
}
