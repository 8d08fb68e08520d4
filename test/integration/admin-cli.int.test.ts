import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../bot/main.js";
import { loadConfig } from "../../platform/config.js";
import { createSilentLogger } from "../../platform/logger.js";

const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-admin-cli-"));
const environment = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "silent", SEED_DEMO: "false", DATABASE_URL: "" };

async function admin(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "admin/admin-cli.ts", ...args], {
      cwd: path.resolve(import.meta.dirname, "..", ".."),
      env: environment,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

const lastLine = (text: string) => text.trim().split("\n").at(-1)!;

let server: RunningServer | undefined;

beforeAll(async () => {
  // Before any server runs, the CLI opens DATA_DIR itself.
  const offline = await admin("create-token", "--user", "aino", "--municipality", "all");
  expect(offline.code, offline.stderr).toBe(0);
  process.env.ADMIN_CLI_TEST_FIRST_TOKEN = lastLine(offline.stdout);
  server = await startServer(
    loadConfig({ DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", SEED_DEMO: "false", LOG_LEVEL: "silent" }),
    createSilentLogger(),
  );
}, 240_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function me(token: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${server!.port}/api/admin/me`, { headers: { authorization: `Bearer ${token}` } });
  return response.status;
}

// Each CLI run starts tsx (seconds on a busy two-core machine), hence the generous time limits.
describe("npm run admin", { timeout: 180_000 }, () => {
  it("made a working area-admin token before the server started (opened DATA_DIR itself)", async () => {
    const token = process.env.ADMIN_CLI_TEST_FIRST_TOKEN!;
    expect(token).toMatch(/^lt_[A-Za-z0-9_-]{40,}$/);
    expect(await me(token)).toBe(200);
  });

  it("creates a token through the running server, printing the token alone on the last line", async () => {
    const result = await admin("create-token", "--user", "eeva", "--municipality", "Kaustinen");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("holds DATA_DIR");
    const token = lastLine(result.stdout);
    expect(token).toMatch(/^lt_[A-Za-z0-9_-]+$/);
    const response = await fetch(`http://127.0.0.1:${server!.port}/api/admin/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await response.json()).toMatchObject({ user: "eeva", role: "editor", municipalities: ["236"], areaAdmin: false });
  });

  it("lists tokens by prefix only, and revokes a user's tokens", async () => {
    const created = lastLine((await admin("create-token", "--user", "ville", "--municipality", "Veteli")).stdout);
    expect(await me(created)).toBe(200);
    const listed = await admin("list-tokens");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain("ville");
    expect(listed.stdout).not.toContain(created);
    const revoked = await admin("revoke-token", "--user", "ville");
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain("Revoked 1");
    expect(await me(created)).toBe(401);
  });

  it("erases a conversation through the server", async () => {
    const result = await admin("erase", "--conversation", "conv-does-not-exist", "--json");
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 0 });
  });

  it("fails with a usage message for a wrong municipality or missing flags", async () => {
    const unknown = await admin("create-token", "--user", "x", "--municipality", "Atlantis");
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("Atlantis");
    const missing = await admin("create-token", "--user", "x");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--municipality");
  });
});
