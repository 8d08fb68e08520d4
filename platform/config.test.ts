import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { ConfigError } from "./errors.js";

const directory = mkdtempSync(path.join(tmpdir(), "lahituki-config-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function dotenv(content: string): string {
  const file = path.join(directory, `${Math.random().toString(36).slice(2)}.env`);
  writeFileSync(file, content);
  return file;
}

describe("loadConfig", () => {
  it("gives documented defaults for an empty environment", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3978,
      DATA_DIR: "./data",
      SEED_DEMO: true,
      LOCAL_EMBEDDER_DIMENSIONS: 384,
      INGEST_MAX_FILE_MB: 200,
      PGLITE_SHARED_BUFFERS_MB: "auto",
      embedder: "local",
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve("./data"));
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("names the variable of an invalid value", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({ INGEST_MAX_FILE_MB: "-5" })).toThrow(/INGEST_MAX_FILE_MB/);
    expect(() => loadConfig({ DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ SEED_DEMO: "maybe" })).toThrow(ConfigError);
    expect(() => loadConfig({ PGLITE_SHARED_BUFFERS_MB: "8" })).toThrow(/PGLITE_SHARED_BUFFERS_MB/);
    expect(() => loadConfig({ PGLITE_SHARED_BUFFERS_MB: "lots" })).toThrow(/PGLITE_SHARED_BUFFERS_MB/);
    expect(loadConfig({ PGLITE_SHARED_BUFFERS_MB: "160" }).PGLITE_SHARED_BUFFERS_MB).toBe(160);
  });

  it("names every offending variable in one error", () => {
    const failure = (() => {
      try {
        loadConfig({ PORT: "x", LOG_LEVEL: "loud" });
      } catch (error) {
        return error as Error;
      }
    })();
    expect(failure?.message).toMatch(/PORT/);
    expect(failure?.message).toMatch(/LOG_LEVEL/);
  });

  it('keeps "false" false for booleans (z.coerce.boolean would make it true)', () => {
    expect(loadConfig({ SEED_DEMO: "false" }).SEED_DEMO).toBe(false);
    expect(loadConfig({ SEED_DEMO: "0" }).SEED_DEMO).toBe(false);
    expect(loadConfig({ SEED_DEMO: "no" }).SEED_DEMO).toBe(false);
    expect(loadConfig({ SEED_DEMO: "true" }).SEED_DEMO).toBe(true);
  });

  it("rejects an unknown key in .env by name, so a typo never falls back to a default", () => {
    expect(() => loadConfig({}, { dotenvPath: dotenv("PORT=4000\nDATA_DIRR=/tmp/x\n") })).toThrow(/Unknown variable.*DATA_DIRR/);
  });

  it("reads .env and lets the real environment win over it", () => {
    const file = dotenv("PORT=4000\nINGEST_MAX_FILE_MB=5\n");
    expect(loadConfig({}, { dotenvPath: file })).toMatchObject({ PORT: 4000, INGEST_MAX_FILE_MB: 5 });
    expect(loadConfig({ PORT: "5000" }, { dotenvPath: file }).PORT).toBe(5000);
  });

  it("treats empty values as unset and ignores unrelated process variables", () => {
    expect(loadConfig({ PORT: "", PATH: "/usr/bin", HOME: "/root" }).PORT).toBe(3978);
  });

  it("derives the OpenAI-compatible embedder from an embedding model and requires one when asked for", () => {
    expect(loadConfig({ OPENAI_EMBEDDING_MODEL: "text-embedding-3-small" }).embedder).toBe("openai");
    expect(() => loadConfig({ EMBEDDER: "openai" })).toThrow(/OPENAI_EMBEDDING_MODEL/);
  });
});

describe("token issuers", () => {
  it("stops the start when a JWKS URL is set without issuer and audience, naming the variables", () => {
    expect(() => loadConfig({ AUTH_JWKS_URL: "https://login.example/keys" })).toThrow(/AUTH_ISSUER is required when a JWKS URL is set.*AUTH_AUDIENCE/);
    expect(() => loadConfig({ ADMIN_JWKS_URL: "https://login.example/keys", ADMIN_ISSUER: "https://login.example/t/v2.0" })).toThrow(/ADMIN_AUDIENCE is required/);
    expect(loadConfig({ AUTH_JWKS_URL: "https://login.example/keys", AUTH_ISSUER: "https://login.example/t/v2.0", AUTH_AUDIENCE: "api://x" }).AUTH_ISSUER).toBe("https://login.example/t/v2.0");
  });
});
