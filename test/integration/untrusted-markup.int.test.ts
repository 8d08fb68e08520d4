import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../bot/main.js";
import { writeItems } from "../../ingest/ingest-items.js";
import { addDays, helsinkiDate } from "../../knowledge/dates.js";
import { validateItem } from "../../knowledge/item.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";
import { call, startAdminTestServer, type AdminTestServer } from "../support/admin-test-server.js";
import { startBotConnectorStub, type BotConnectorStub, type ConnectorCall } from "../support/bot-connector-stub.js";
import { botAddedToTeam, channelMessage, teamsChannel, teamsUser } from "../support/teams-activities.js";
import { DirectLineTestClient } from "./directline-client.js";

/**
 * Item text and a jobseeker's words are plain text wherever they are stored and shown: HTML is
 * reduced to text at every ingest path, and Markdown that is not ours is escaped in bot replies,
 * result cards and the advisor's handoff card, so no tracking image or link can be planted.
 */

const PIXEL = '<img src="https://tracker.example/p.gif?who=1">';
/** A Markdown image or link shown unescaped: `![..](` or `[..](` not preceded by a backslash. */
const LIVE_MARKDOWN = /(?<!\\)\]\(|(?<!\\)!\[/;

describe("HTML in item text is stored as plain text at every ingest path", () => {
  let server: AdminTestServer;
  beforeAll(async () => {
    server = await startAdminTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  async function storedTexts(id: string): Promise<string> {
    const result = await server.database.query<{ title: string; description: string; organization: string | null }>(
      "SELECT title, description, organization FROM items WHERE id = $1",
      [id],
    );
    expect(result.rows).toHaveLength(1);
    return JSON.stringify(result.rows[0]);
  }

  it("the admin API", async () => {
    const created = await call(server.baseUrl, "POST", "/api/admin/items", {
      token: server.tokens.kaustinen,
      body: {
        id: "html-api",
        kind: "service",
        title: `Työnhakupaja ${PIXEL}`,
        description: '<p>Tule <b>mukaan</b>!</p><script>alert(1)</script><a href="https://evil.example">tästä</a>',
        organization: "<i>Kaustisen kunta</i>",
        municipality: "Kaustinen",
      },
    });
    expect(created.status).toBe(201);
    const stored = await storedTexts("html-api");
    expect(stored).not.toMatch(/<|tracker|alert|evil/);
    expect(stored).toContain("Työnhakupaja");
    expect(stored).toContain("Tule mukaan!");
    expect(stored).toContain("Kaustisen kunta");
  });

  it("JSON and CSV uploads", async () => {
    const upload = async (name: string, content: string) => {
      const form = new FormData();
      form.append("file", new Blob([content]), name);
      const response = await fetch(`${server.baseUrl}/api/admin/uploads`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.tokens.kaustinen}` },
        body: form,
      });
      expect(response.status).toBe(200);
    };
    await upload(
      "items.json",
      JSON.stringify([{ id: "html-json", kind: "service", title: `Neuvonta ${PIXEL}`, description: "Apua <u>CV:n</u> tekoon &amp; hakemuksiin.", municipality: "Kaustinen" }]),
    );
    await upload(
      "items.csv",
      ["id,kind,title,description,municipality", `html-csv,service,"Ohjaus ${PIXEL.replace(/"/g, '""')}","<div>Ohjausta <em>kaikille</em></div>",Kaustinen`].join("\n"),
    );
    const json = await storedTexts("html-json");
    expect(json).not.toMatch(/<|tracker/);
    expect(json).toContain("Apua CV:n tekoon & hakemuksiin.");
    const csv = await storedTexts("html-csv");
    expect(csv).not.toMatch(/<|tracker/);
    expect(csv).toContain("Ohjausta kaikille");
  });
});

describe("Markdown that is not ours shows as written", () => {
  let stub: BotConnectorStub;
  let running: RunningServer;
  let dataDir: string;
  const channel = teamsChannel("Perho");
  const advisor = teamsUser("Anna Neuvoja");

  beforeAll(async () => {
    stub = await startBotConnectorStub();
    dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-markup-"));
    running = await startServer(
      loadConfig({
        PORT: "0",
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        SEED_DEMO: "false",
        LOG_LEVEL: "silent",
        BOT_ALLOW_ANONYMOUS: "true",
        OFFICE_HOURS: "always",
        HANDOFF_OUTBOX_POLL_MS: "200",
      }),
      createSilentLogger(),
    );
    const post = (body: unknown) =>
      fetch(`http://127.0.0.1:${running.port}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    await post(botAddedToTeam(stub.url, channel, advisor));
    await post(channelMessage(stub.url, channel, advisor, "<at>Lähituki</at> register Perho"));
    const today = helsinkiDate(new Date());
    // Markdown is not HTML, so it is stored as written; it must be escaped wherever it is shown.
    const validated = validateItem(
      {
        id: "md-vacancy",
        kind: "vacancy",
        title: "Metsuri [hae tästä](https://phish.example/login) ![x](https://tracker.example/p.gif)",
        description: "Metsätöihin Perholle. **Tärkeää**: [lomake](https://phish.example/form).",
        organization: "Metsä [Oy](https://phish.example)",
        municipality: "Perho",
        validUntil: addDays(today, 20),
      },
      { today },
    );
    if (!validated.ok) throw new Error(JSON.stringify(validated.issues));
    await writeItems({ store: running.knowledge.store, embedder: running.knowledge.embedder }, { source: "markup.jsonl", items: [validated.item] });
  });

  afterAll(async () => {
    await running?.stop();
    await stub.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("in the reply text and the result card", async () => {
    const client = new DirectLineTestClient(`http://127.0.0.1:${running.port}`);
    await client.start();
    const reply = await client.ask("Onko Perhossa metsurin töitä?");
    expect(reply.channelData?.lahituki?.sources).toContain("md-vacancy");
    expect(reply.text).toContain("Metsuri");
    expect(reply.text).toContain("phish.example");
    expect(reply.text).not.toMatch(LIVE_MARKDOWN);
    const card = JSON.stringify(reply.attachments?.[0]);
    expect(card).toContain("Metsuri");
    const texts: string[] = [];
    const collect = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === "object") {
        const record = node as Record<string, unknown>;
        if (record.type === "TextBlock" && typeof record.text === "string") texts.push(record.text);
        if (typeof record.value === "string" && "title" in record) texts.push(record.value);
        Object.values(record).forEach(collect);
      }
    };
    collect(reply.attachments);
    expect(texts.some((text) => text.includes("phish.example"))).toBe(true);
    for (const text of texts) expect(text).not.toMatch(LIVE_MARKDOWN);
  });

  it("in the handoff summary and relayed lines on the advisor's card", async () => {
    const client = new DirectLineTestClient(`http://127.0.0.1:${running.port}`);
    await client.start();
    const hints = { channelData: { lahituki: { municipality: "Perho", language: "fi" } } };
    await client.ask("Katso tämä [ilmoitus](https://phish.example/x) ![kuva](https://tracker.example/p.gif)", hints);
    await client.ask("haluan puhua ihmisen kanssa", hints);
    const from = stub.calls.length;
    await client.ask(undefined, { value: { action: "handoffConsent", consent: true }, ...hints });
    const posted: ConnectorCall = await stub.waitFor((call) => call.operation === "send" && call.conversationId === channel.channelId, { from });
    const card = JSON.stringify(posted.body);
    expect(card).toContain("phish.example");
    const texts = ((posted.body?.attachments as Array<{ content: { body: Array<{ text?: string }> } }>)[0]!.content.body)
      .map((element) => element.text ?? "")
      .filter(Boolean);
    expect(texts.some((text) => text.includes("phish.example"))).toBe(true);
    for (const text of texts) expect(text).not.toMatch(LIVE_MARKDOWN);
  });
});
