import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../bot/main.js";
import { AdminRepository } from "../../admin/admin-repository.js";
import { eraseConversation } from "../../admin/privacy.js";
import { writeItems } from "../../ingest/ingest-items.js";
import { addDays, helsinkiDate } from "../../knowledge/dates.js";
import { validateItem, type CanonicalItem } from "../../knowledge/item.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";
import { startBotConnectorStub, type BotConnectorStub } from "../support/bot-connector-stub.js";
import { startSmtpTestServer } from "../support/smtp-test-server.js";
import { personalMessage, teamsUser } from "../support/teams-activities.js";
import { DirectLineTestClient, type ChatActivity } from "./directline-client.js";

/**
 * Job alerts acceptance: subscribe in Teams and on the web → ingest a new matching vacancy → exactly
 * one notification per person (Teams through the Bot Connector stub, e-mail through a local SMTP
 * server, web on the next Direct Line poll); the same item again sends nothing; cancel, expiry and
 * erasure.
 */

let running: RunningServer;
let stub: BotConnectorStub;
let smtp: Awaited<ReturnType<typeof startSmtpTestServer>>;
let dataDir: string;
let baseUrl: string;
const today = helsinkiDate();
const teamsConversation = "a:alerts-personal-chat";
const person = teamsUser("Teija Työnhakija");
const web = () => new DirectLineTestClient(baseUrl);
let webClient: DirectLineTestClient;

function vacancy(id: string, overrides: Record<string, unknown> = {}): CanonicalItem {
  const result = validateItem(
    {
      id,
      kind: "vacancy",
      title: "Hitsaaja, MIG/MAG",
      description: "Konepaja hakee kokenutta hitsaajaa kaksivuorotyöhön.",
      organization: "Testi Konepaja Oy",
      municipality: "Veteli",
      occupation: "7212",
      validUntil: addDays(today, 30),
      url: `https://example.invalid/${id}`,
      ...overrides,
    },
    { today },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.item;
}

async function ingest(items: CanonicalItem[]) {
  return writeItems({ store: running.knowledge.store, embedder: running.knowledge.embedder }, { source: "alerts-acceptance.jsonl", items });
}

function teamsSay(text: string) {
  return fetch(`${baseUrl}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(personalMessage(stub.url, teamsConversation, person, text)),
  });
}

/** Bot messages the connector stub received for the Teams chat that carry the given source. */
function teamsAlertsWith(itemId: string) {
  return stub.calls.filter((call) => {
    const lahituki = (call.body?.channelData as { lahituki?: { sources?: string[] } } | undefined)?.lahituki;
    return call.conversationId === teamsConversation && lahituki?.sources?.includes(itemId) === true;
  });
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Everything new in the web conversation since the client's watermark (one poll, as Web Chat does). */
async function poll(client: DirectLineTestClient): Promise<ChatActivity[]> {
  const response = await client.activities({ watermark: client.watermark });
  const page = (await response.json()) as { activities: ChatActivity[]; watermark: string };
  client.watermark = page.watermark;
  return page.activities.filter((activity) => activity.from.role === "bot");
}

function mailsAbout(itemTitle: string) {
  return smtp.received.filter((mail) => mail.raw.includes(itemTitle));
}

beforeAll(async () => {
  stub = await startBotConnectorStub();
  smtp = await startSmtpTestServer();
  dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-alerts-"));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    SEED_DEMO: "true",
    BOT_ALLOW_ANONYMOUS: "true",
    SMTP_URL: smtp.url,
    SMTP_FROM: "Lähituki <alerts@example.test>",
    // Rounds are run by the test; the timer only records the starting point.
    ALERT_INTERVAL_SECONDS: "3600",
  });
  running = await startServer(config, createSilentLogger());
  baseUrl = `http://127.0.0.1:${running.port}`;
  await running.alerts.service.runOnce();
});

afterAll(async () => {
  await running?.stop();
  await stub?.close();
  await smtp?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("job alerts end to end", () => {
  it("subscribes in Teams in words and on the web with the notify-me button and e-mail consent", async () => {
    const sent = await teamsSay("ilmoita kun tulee uusia hitsaajan paikkoja");
    expect(sent.status).toBeLessThan(300);
    await waitFor(
      () => stub.calls.some((call) => call.conversationId === teamsConversation && String(call.body?.text ?? "").includes("hitsaajan paikkoja")),
      "the Teams confirmation",
    );

    webClient = web();
    await webClient.start();
    const answer = await webClient.ask("Onko Vetelissä hitsaajan töitä?");
    expect(answer.channelData?.lahituki?.outcome).toBe("answer");
    expect(JSON.stringify(answer.attachments)).toContain('{"action":"subscribeAlert"}');
    const confirmation = await webClient.ask(undefined, { value: { action: "subscribeAlert" } });
    expect(confirmation.text).toContain("hitsaaja");
    expect(confirmation.text).toContain("enintään yhden viestin päivässä");
    expect(JSON.stringify(confirmation.attachments)).toContain('"action":"alertEmail"');
    const saved = await webClient.ask(undefined, { value: { action: "alertEmail", email: "teija@example.test", consent: "true" } });
    expect(saved.text).toContain("sähköpostiin");

    const rows = await running.knowledge.database.query<{ channel: string; email: string | null }>(
      "SELECT channel, email FROM alert_subscriptions ORDER BY channel",
    );
    expect(rows.rows).toEqual([
      { channel: "directline", email: "teija@example.test" },
      { channel: "msteams", email: null },
    ]);
  });

  it("sends a new matching vacancy exactly once to each person and channel", async () => {
    const written = await ingest([vacancy("acc-vac-1")]);
    expect(written.changedIds).toEqual(["acc-vac-1"]);
    await running.alerts.service.runOnce();

    expect(teamsAlertsWith("acc-vac-1")).toHaveLength(1);
    const teamsAlert = teamsAlertsWith("acc-vac-1")[0]!;
    expect(JSON.stringify(teamsAlert.body?.attachments)).toContain("Hitsaaja, MIG/MAG");

    const webMessages = await poll(webClient);
    const webAlerts = webMessages.filter((activity) => activity.channelData?.lahituki?.sources?.includes("acc-vac-1"));
    expect(webAlerts).toHaveLength(1);
    expect(webAlerts[0]!.text).toContain("Uutta haulla");

    expect(mailsAbout("Hitsaaja, MIG/MAG")).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(["teija@example.test"]);
    expect(smtp.received[0]!.raw).toMatch(/^List-Unsubscribe:\s*<http:\/\/localhost:3978\/alerts\/unsubscribe\//m);
    expect(smtp.received[0]!.raw).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  });

  it("sends nothing when the same item is ingested again, changed or not", async () => {
    const again = await ingest([vacancy("acc-vac-1")]);
    expect(again.changedIds).toEqual([]);
    await ingest([vacancy("acc-vac-1", { description: "Päivitetty: konepaja hakee hitsaajaa kolmivuorotyöhön." })]);
    await running.alerts.service.runOnce();
    expect(teamsAlertsWith("acc-vac-1")).toHaveLength(1);
    expect((await poll(webClient)).filter((activity) => activity.channelData?.lahituki?.sources?.includes("acc-vac-1"))).toHaveLength(0);
    expect(mailsAbout("Hitsaaja, MIG/MAG")).toHaveLength(1);
  });

  it("stops after 'lopeta ilmoitukset' while other people's alerts go on", async () => {
    await teamsSay("lopeta ilmoitukset");
    await waitFor(
      () => stub.calls.some((call) => call.conversationId === teamsConversation && String(call.body?.text ?? "").includes("Lopetin ilmoitukset")),
      "the Teams cancel confirmation",
    );
    await ingest([vacancy("acc-vac-2", { title: "Hitsaaja-asentaja" })]);
    await running.alerts.service.runOnce();
    expect(teamsAlertsWith("acc-vac-2")).toHaveLength(0);
    // The web person already had today's message: the item waits for tomorrow's.
    const waiting = await running.knowledge.database.query<{ item_id: string }>(
      "SELECT item_id FROM alert_items WHERE conversation_id = $1 AND sent_at IS NULL",
      [webClient.conversationId],
    );
    expect(waiting.rows.map((row) => row.item_id)).toEqual(["acc-vac-2"]);
    const teamsRows = await running.knowledge.database.query("SELECT 1 FROM alert_subscriptions WHERE conversation_id = $1", [teamsConversation]);
    expect(teamsRows.rows).toHaveLength(0);
  });

  it("lists alerts in Swedish in one step", async () => {
    const list = await webClient.ask("mina bevakningar");
    expect(list.text).toContain("Du har en bevakning");
    expect(JSON.stringify(list.attachments)).toContain('"action":"cancelAlert"');
  });

  it("drops an expired alert without sending", async () => {
    await running.knowledge.database.query("UPDATE alert_subscriptions SET expires_at = now() - interval '1 minute' WHERE conversation_id = $1", [
      webClient.conversationId,
    ]);
    await running.alerts.service.runOnce();
    const left = await running.knowledge.database.query("SELECT 1 FROM alert_subscriptions WHERE conversation_id = $1", [webClient.conversationId]);
    expect(left.rows).toHaveLength(0);
    expect(smtp.received).toHaveLength(1);
  });

  it("stops alerts from the e-mail's unsubscribe link: GET only asks, POST stops", async () => {
    const client = web();
    await client.start();
    await client.ask("ilmoita kun tulee uusia kokin paikkoja");
    await client.ask(undefined, { value: { action: "alertEmail", email: "kokki@example.test", consent: "true" } });
    const database = running.knowledge.database;
    const stored = await database.query<{ email_token: string }>("SELECT email_token FROM alert_subscriptions WHERE conversation_id = $1", [client.conversationId]);
    const token = stored.rows[0]!.email_token;
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const page = await fetch(`${baseUrl}/alerts/unsubscribe/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Lopeta ilmoitukset");
    expect((await database.query("SELECT 1 FROM alert_subscriptions WHERE conversation_id = $1", [client.conversationId])).rows).toHaveLength(1);
    const stopped = await fetch(`${baseUrl}/alerts/unsubscribe/${token}`, { method: "POST" });
    expect(stopped.status).toBe(200);
    expect((await database.query("SELECT 1 FROM alert_subscriptions WHERE conversation_id = $1", [client.conversationId])).rows).toHaveLength(0);
  });

  it("erasing a conversation removes its alerts", async () => {
    const client = web();
    await client.start();
    await client.ask("ilmoita kun tulee uusia lähihoitajan paikkoja");
    await ingest([vacancy("acc-vac-3", { title: "Lähihoitaja", description: "Hoivakoti hakee lähihoitajaa.", occupation: "5321" })]);
    await running.alerts.service.runOnce();
    const before = await running.knowledge.database.query("SELECT 1 FROM alert_items WHERE conversation_id = $1", [client.conversationId]);
    expect(before.rows.length).toBeGreaterThan(0);
    const database = running.knowledge.database;
    await eraseConversation({ database, repository: new AdminRepository(database) }, { conversationId: client.conversationId, actor: "test" });
    for (const table of ["alert_subscriptions", "alert_items", "alert_deliveries", "conversation_home"]) {
      const rows = await database.query(`SELECT 1 FROM ${table} WHERE conversation_id = $1`, [client.conversationId]);
      expect(rows.rows, table).toHaveLength(0);
    }
  });
});
