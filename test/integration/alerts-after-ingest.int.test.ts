import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startServer, type RunningServer } from "../../bot/main.js";
import { addDays, helsinkiDate } from "../../knowledge/index.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";
import { call } from "../support/admin-test-server.js";
import { DirectLineTestClient, type ChatActivity } from "./directline-client.js";
import { cliEnvironment, runCli } from "./ingest-support/run-cli.js";

/**
 * Items that arrive through the running server (a file ingest with `npm run ingest`, an admin
 * upload or edit) reach matching alert subscribers at once. The periodic scan is set to an hour,
 * so only the direct notification can deliver within the test's wait.
 */
let running: RunningServer;
let dataDir: string;
let adminToken: string;
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

/** A web chat subscribed to welding vacancies in Veteli (one alert message a day each). */
async function subscriber(): Promise<DirectLineTestClient> {
  const client = new DirectLineTestClient(`http://127.0.0.1:${running.port}`);
  await client.start();
  const answer = await client.ask("Onko Vetelissä hitsaajan töitä?");
  expect(JSON.stringify(answer.attachments)).toContain('{"action":"subscribeAlert"}');
  const confirmation = await client.ask(undefined, { value: { action: "subscribeAlert" } });
  expect(confirmation.text).toContain("hitsaaja");
  return client;
}

async function alertsAbout(client: DirectLineTestClient, title: string): Promise<ChatActivity[]> {
  const response = await client.activities();
  const page = (await response.json()) as { activities: ChatActivity[] };
  return page.activities.filter((activity) => activity.from.role === "bot" && JSON.stringify(activity.attachments ?? []).includes(title));
}

function vacancy(id: string, title: string) {
  return {
    id,
    kind: "vacancy",
    title,
    description: "Konepaja hakee hitsaajaa kaksivuorotyöhön Vetelissä.",
    organization: "Testi Konepaja Oy (demo)",
    municipality: "Veteli",
    occupation: "7212",
    validUntil: addDays(helsinkiDate(), 30),
  };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-alert-ingest-"));
  running = await startServer(
    loadConfig({ DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", SEED_DEMO: "true", ALERT_INTERVAL_SECONDS: "3600" }),
    createSilentLogger(),
  );
  await running.alerts.service.runOnce();
  // The admin CLI goes through the running server too (it holds DATA_DIR).
  const token = await runCli("admin/admin-cli.ts", ["create-token", "--user", "alerts-admin", "--municipality", "all"], cliEnvironment(dataDir));
  expect(token.code, token.stderr).toBe(0);
  adminToken = token.stdout.trim().split("\n").at(-1) ?? "";
  expect(adminToken).not.toBe("");
});

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("alerts right after items arrive through the running server", () => {
  it("a file ingested with npm run ingest", async () => {
    const client = await subscriber();
    const file = path.join(dataDir, "..", `alerts-after-ingest-${process.pid}.jsonl`);
    writeFileSync(file, `${JSON.stringify(vacancy("file-vac-1", "Hitsaaja, tiedostosta"))}\n`);
    try {
      const result = await runCli("ingest/ingest-cli.ts", ["--json", file], cliEnvironment(dataDir));
      expect(result.code, result.stderr).toBe(0);
    } finally {
      rmSync(file, { force: true });
    }
    await expect.poll(() => alertsAbout(client, "Hitsaaja, tiedostosta"), { timeout: 10_000, interval: 200 }).toHaveLength(1);
  });

  it("an item created in the admin API", async () => {
    const client = await subscriber();
    const created = await call(`http://127.0.0.1:${running.port}`, "POST", "/api/admin/items", { token: adminToken, body: vacancy("api-vac-1", "Hitsaaja, ylläpidosta") });
    expect(created.status).toBe(201);
    await expect.poll(() => alertsAbout(client, "Hitsaaja, ylläpidosta"), { timeout: 10_000, interval: 200 }).toHaveLength(1);
  });
});
