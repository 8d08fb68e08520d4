import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../bot/main.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";
import { startBotConnectorStub, type BotConnectorStub } from "../support/bot-connector-stub.js";
import { startJwksServer, type JwksServer } from "../support/jwks-server.js";
import { DirectLineTestClient } from "./directline-client.js";
import { botAddedToTeam, cardAction, channelMessage, personalMessage, teamsChannel, teamsUser } from "../support/teams-activities.js";

const APP_ID = "00000000-0000-4000-8000-00000000b0t1";
const BOT_FRAMEWORK_ISSUER = "https://api.botframework.com";

let stub: BotConnectorStub;
let jwks: JwksServer;
const servers: RunningServer[] = [];
const dirs: string[] = [];

async function boot(env: Record<string, string>): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-teams-"));
  dirs.push(dataDir);
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, SEED_DEMO: "false", LOG_LEVEL: "silent", ...env });
  const running = await startServer(config, createSilentLogger());
  servers.push(running);
  return running;
}

function post(running: RunningServer, body: unknown, token?: string) {
  return fetch(`http://127.0.0.1:${running.port}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  stub = await startBotConnectorStub();
  jwks = await startJwksServer({ issuer: BOT_FRAMEWORK_ISSUER, endorsements: ["msteams"] });
});

afterAll(async () => {
  for (const running of servers) await running.stop();
  await stub.close();
  await jwks.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("/api/messages authentication", () => {
  let secured: RunningServer;
  const advisor = teamsUser("Anna Neuvoja");
  const channel = teamsChannel("Kaustinen");
  const typing = () => ({ ...channelMessage(stub.url, channel, advisor, ""), type: "typing" });
  const claims = () => ({ aud: APP_ID, serviceurl: stub.url, ver: "1.0" });

  beforeAll(async () => {
    secured = await boot({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: "test-secret",
      BOT_OPENID_METADATA_URL: jwks.openIdMetadataUrl,
    });
  });

  it("refuses a request without a token with 401", async () => {
    const response = await post(secured, typing());
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("refuses a forged, an expired and a wrong-audience token with 401", async () => {
    expect((await post(secured, typing(), await jwks.signForged(claims()))).status).toBe(401);
    expect((await post(secured, typing(), await jwks.sign(claims(), { expiresInSeconds: -3600 }))).status).toBe(401);
    expect((await post(secured, typing(), await jwks.sign({ ...claims(), aud: "someone-else" }))).status).toBe(401);
    expect((await post(secured, typing(), await jwks.sign(claims(), { issuer: "https://evil.example" }))).status).toBe(401);
  });

  it("accepts a valid Bot Framework token", async () => {
    const response = await post(secured, typing(), await jwks.sign(claims()));
    expect(response.status).toBe(200);
  });

  it("answers 503 with no app id and no development flag, while the rest of the app works", { timeout: 240_000 }, async () => {
    const unconfigured = await boot({});
    const response = await post(unconfigured, typing());
    expect(response.status).toBe(503);
    expect(JSON.stringify(await response.json())).toContain("MicrosoftAppId");
    expect((await fetch(`http://127.0.0.1:${unconfigured.port}/healthz`)).status).toBe(200);
    // The web chat (Direct Line) keeps working without any Teams configuration.
    const webChat = new DirectLineTestClient(`http://127.0.0.1:${unconfigured.port}`);
    await webChat.start();
    const reply = await webChat.ask("Hei!");
    expect(reply.channelData?.lahituki?.outcome).toBeDefined();
    // With no advisor reachable (no Teams bot, no console sign-in) nobody is promised a human.
    await webChat.ask("haluan puhua ihmisen kanssa");
    const consented = await webChat.ask(undefined, { value: { action: "handoffConsent", consent: true } });
    expect(consented.channelData?.lahituki?.outcome).toBe("handoff");
    expect(consented.text).toContain("ei ole vielä kytketty neuvojien kanavaa");
    expect(await unconfigured.handoff.repository.listHandoffs({ areaIds: "all", limit: 10 })).toEqual([]);
  });
});

describe("advisor channel registration (anonymous development mode)", () => {
  let running: RunningServer;

  beforeAll(async () => {
    running = await boot({ BOT_ALLOW_ANONYMOUS: "true" });
  });

  it("records the channel when the bot is added to a team and registers it by command", async () => {
    const advisor = teamsUser("Anna Neuvoja");
    const channel = teamsChannel("Kaustinen ja Halsua");
    expect((await post(running, botAddedToTeam(stub.url, channel, advisor))).status).toBe(200);
    expect((await running.handoff.repository.listChannels()).map((entry) => entry.channelId)).toContain(channel.channelId);

    const from = stub.calls.length;
    const response = await post(running, channelMessage(stub.url, channel, advisor, "<at>Lähituki</at> register Kaustinen, Halsua"));
    expect(response.status).toBe(200);
    const reply = await stub.waitFor((call) => call.conversationId?.startsWith(channel.channelId) === true && Array.isArray(call.body?.attachments), { from });
    expect(JSON.stringify(reply.body)).toContain("Kaustinen, Halsua");
    const registered = (await running.handoff.repository.listChannels()).find((entry) => entry.channelId === channel.channelId);
    expect(registered).toMatchObject({ municipalities: ["236", "074"], all: false });
  });

  it("registers a channel for all municipalities without a mention", async () => {
    const advisor = teamsUser("Ben Neuvoja");
    const channel = teamsChannel("Kaikki");
    await post(running, botAddedToTeam(stub.url, channel, advisor));
    await post(running, channelMessage(stub.url, channel, advisor, "register all"));
    const registered = (await running.handoff.repository.listChannels()).find((entry) => entry.channelId === channel.channelId);
    expect(registered).toMatchObject({ all: true });
  });

  it("stops routing to a team's channels when the bot is removed from the team", async () => {
    const advisor = teamsUser("Dora Neuvoja");
    const channel = teamsChannel("Lestijärvi");
    await post(running, botAddedToTeam(stub.url, channel, advisor));
    await post(running, channelMessage(stub.url, channel, advisor, "register Lestijärvi"));
    const removed = { ...botAddedToTeam(stub.url, channel, advisor), membersAdded: undefined, membersRemoved: [{ id: "28:lahituki-bot" }], channelData: { ...botAddedToTeam(stub.url, channel, advisor).channelData, eventType: "teamMemberRemoved" } };
    expect((await post(running, removed)).status).toBe(200);
    const entry = (await running.handoff.repository.listChannels()).find((candidate) => candidate.channelId === channel.channelId);
    expect(entry).toMatchObject({ municipalities: [], all: false, registeredAt: "" });
  });

  it("offers a Teams ProactiveChannel that sends replies with their outcome", async () => {
    const from = stub.calls.length;
    await running.handoff.teamsProactive!.sendToConversation(
      { channelId: "msteams", conversationId: "a:proactive-target", serviceUrl: stub.url, channelData: { tenant: { id: "t" } } },
      [
        {
          kind: "message",
          replyId: "r1",
          text: "Uusi hitsaajan paikka Kaustisella",
          language: "fi",
          outcome: "answer",
          sources: ["demo-vac-044"],
          citations: [],
          cards: [],
          suggestedActions: [],
          feedback: false,
          generated: false,
        },
      ],
    );
    const sent = await stub.waitFor((call) => call.operation === "send" && call.conversationId === "a:proactive-target", { from });
    expect(sent.body).toMatchObject({ text: "Uusi hitsaajan paikka Kaustisella", channelData: { tenant: { id: "t" }, lahituki: { outcome: "answer", sources: ["demo-vac-044"] } } });
  });

  it("answers a malformed body with 400", async () => {
    const response = await fetch(`http://127.0.0.1:${running.port}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ hello: "world" }),
    });
    expect(response.status).toBe(400);
  });

  it("retries a reply the connector throttles (429 then 200)", async () => {
    const advisor = teamsUser("Cecilia Neuvoja");
    const channel = teamsChannel("Retry");
    await post(running, botAddedToTeam(stub.url, channel, advisor));
    const from = stub.calls.length;
    stub.failNext({ status: 429, retryAfterSeconds: 0, operation: "reply" });
    expect((await post(running, channelMessage(stub.url, channel, advisor, "register Perho"))).status).toBe(200);
    const calls = stub.calls.slice(from).filter((call) => call.operation === "reply");
    expect(calls.map((call) => call.status)).toEqual([429, 200]);
  });
});

describe("a jobseeker chatting with the bot in Teams (personal scope)", () => {
  let running: RunningServer;
  const advisors = teamsChannel("Kaustisen neuvojat");
  const anna = teamsUser("Anna Neuvoja");
  const jobseeker = teamsUser("Matti Meikäläinen");
  const personalChat = `a:jobseeker-${Date.now()}`;

  beforeAll(async () => {
    running = await boot({ BOT_ALLOW_ANONYMOUS: "true", OFFICE_HOURS: "always", HANDOFF_OUTBOX_POLL_MS: "200" });
    await post(running, botAddedToTeam(stub.url, advisors, anna));
    await post(running, channelMessage(stub.url, advisors, anna, "<at>Lähituki</at> register Kaustinen"));
  });

  it("gets the same bot answers as the web, and advisor messages arrive proactively in Teams", async () => {
    const from = stub.calls.length;
    expect((await post(running, personalMessage(stub.url, personalChat, jobseeker, "Onko Kaustisella hitsaajan töitä?"))).status).toBe(200);
    const answer = await stub.waitFor(
      (call) => call.conversationId === personalChat && (call.body?.channelData as { lahituki?: unknown } | undefined)?.lahituki !== undefined,
      { from },
    );
    expect(answer.body?.channelData).toMatchObject({ lahituki: { outcome: expect.any(String) } });

    await post(running, personalMessage(stub.url, personalChat, jobseeker, "haluan puhua ihmisen kanssa"));
    const beforeConsent = stub.calls.length;
    await post(running, { ...personalMessage(stub.url, personalChat, jobseeker, ""), text: undefined, value: { action: "handoffConsent", consent: true } });
    const card = await stub.waitFor((call) => call.operation === "send" && call.conversationId === advisors.channelId, { from: beforeConsent });
    const content = (card.body?.attachments as Array<{ content: { actions: Array<{ verb?: string; data?: { handoffId: string } }> } }>)[0]!.content;
    const handoffId = content.actions.find((action) => action.verb === "claim")!.data!.handoffId;

    // The jobseeker cannot act on a handoff card from their own chat, even knowing its id.
    const forged = await post(running, {
      ...personalMessage(stub.url, personalChat, jobseeker, ""),
      type: "invoke",
      name: "adaptiveCard/action",
      text: undefined,
      value: { action: { type: "Action.Execute", verb: "close", data: { handoffId } } },
    });
    expect(((await forged.json()) as { statusCode: number }).statusCode).toBe(403);
    expect((await running.handoff.port.active(personalChat))?.state).toBe("waiting");

    await post(running, cardAction(stub.url, advisors, anna, { verb: "claim", handoffId, replyToId: card.activityId }));
    await stub.waitFor((call) => call.operation === "send" && call.conversationId === personalChat && String(call.body?.text).includes("Neuvoja Anna liittyi"), { from: beforeConsent });
    const created = await stub.waitFor((call) => call.operation === "createConversation", { from: beforeConsent });
    const chatId = (created.response as { id: string }).id;

    await post(running, personalMessage(stub.url, chatId, anna, "Hei Matti, miten voin auttaa?"));
    const relayed = await stub.waitFor(
      (call) => call.operation === "send" && call.conversationId === personalChat && String(call.body?.text).includes("miten voin auttaa"),
      { from: beforeConsent },
    );
    expect(String(relayed.body?.text)).toContain("Anna (neuvoja)");
    expect(relayed.body?.channelData).toMatchObject({ lahituki: { outcome: "handoff" } });
  });
});

describe("an employer submitting the vacancy form in Teams (Action.Execute)", () => {
  let running: RunningServer;
  const employer = teamsUser("Eero Yrittäjä");
  const chat = `a:employer-${Date.now()}`;
  const lastDay = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const form = (businessId: string) => ({
    title: "Hitsaaja konepajaan",
    municipality: "924",
    description: "Pieni konepaja Vetelissä hakee hitsaajaa MIG/MAG-hitsaukseen tammikuusta alkaen.",
    employmentType: "full-time",
    lastApplicationDate: lastDay,
    howToApply: "rekry@konepaja.example",
    employerName: "Esimerkkipaja Oy (demo)",
    businessId,
    contactPerson: "Testi Henkilö",
    contactEmail: "yhteys@konepaja.example",
    consent: "true",
  });
  const execute = (data: Record<string, unknown>) => ({
    ...personalMessage(stub.url, chat, employer, ""),
    type: "invoke",
    name: "adaptiveCard/action",
    text: undefined,
    value: { action: { type: "Action.Execute", verb: "submitVacancy", data: { action: "submitVacancy", ...data } }, trigger: "manual" },
  });

  beforeAll(async () => {
    running = await boot({ BOT_ALLOW_ANONYMOUS: "true" });
  });

  it("offers the form with Action.Execute, replaces it in place with field errors, then saves it as pending", async () => {
    const from = stub.calls.length;
    await post(running, { ...personalMessage(stub.url, chat, employer, ""), text: undefined, value: { action: "openVacancyForm" } });
    const formMessage = await stub.waitFor((call) => call.conversationId === chat && Array.isArray(call.body?.attachments), { from });
    const card = (formMessage.body?.attachments as Array<{ content: { version: string; actions: Array<{ type: string; verb?: string }> } }>)[0]!.content;
    expect(card.version).toBe("1.5");
    expect(card.actions[0]).toMatchObject({ type: "Action.Execute", verb: "submitVacancy" });

    const refused = (await (await post(running, execute(form("1234567-8")))).json()) as { statusCode: number; type: string; value: { body: Array<{ id?: string; value?: string; errorMessage?: string }> } };
    expect(refused.statusCode).toBe(200);
    expect(refused.type).toBe("application/vnd.microsoft.card.adaptive");
    const businessId = refused.value.body.find((element) => element.id === "businessId");
    expect(businessId).toMatchObject({ value: "1234567-8", errorMessage: expect.stringMatching(/Y-tunnus ei ole kelvollinen/) });
    expect(refused.value.body.find((element) => element.id === "title")?.value).toBe("Hitsaaja konepajaan");

    const accepted = (await (await post(running, execute(form("0112038-9")))).json()) as { statusCode: number; type: string; value: string };
    expect(accepted).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.activity.message" });
    expect(accepted.value).toMatch(/odottaa tarkistusta/);
    const rows = await running.knowledge.database.query<{ status: string; channel: string }>("SELECT status, channel FROM vacancy_submissions");
    expect(rows.rows).toEqual([{ status: "pending", channel: "msteams" }]);
  });
});
