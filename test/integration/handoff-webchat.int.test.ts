import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../bot/main.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";
import { startBotConnectorStub, type BotConnectorStub, type ConnectorCall } from "../support/bot-connector-stub.js";
import { botAddedToTeam, cardAction, channelMessage, personalMessage, teamsChannel, teamsUser } from "../support/teams-activities.js";
import { DirectLineTestClient, type ChatActivity } from "./directline-client.js";

let stub: BotConnectorStub;
let running: RunningServer;
let dataDir: string;
const kaustinen = teamsChannel("Kaustinen");
const veteli = teamsChannel("Veteli");
const anna = teamsUser("Anna Neuvoja");

function postTeams(body: unknown) {
  return fetch(`http://127.0.0.1:${running.port}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Every bot message the web user can read through Direct Line GET activities. */
async function botMessages(client: DirectLineTestClient): Promise<ChatActivity[]> {
  const response = await client.activities();
  const page = (await response.json()) as { activities: ChatActivity[] };
  return page.activities.filter((activity) => activity.type === "message" && activity.from.role === "bot");
}

async function waitForBotText(client: DirectLineTestClient, match: string): Promise<ChatActivity> {
  await expect.poll(async () => (await botMessages(client)).some((activity) => activity.text?.includes(match)), { timeout: 15_000 }).toBe(true);
  return (await botMessages(client)).find((activity) => activity.text?.includes(match))!;
}

function cardOf(call: ConnectorCall): Record<string, unknown> {
  return ((call.body?.attachments as Array<{ content: Record<string, unknown> }> | undefined)?.[0]?.content) ?? {};
}

beforeAll(async () => {
  stub = await startBotConnectorStub();
  dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-handoff-web-"));
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
    BOT_ALLOW_ANONYMOUS: "true",
    OFFICE_HOURS: "always",
    HANDOFF_OUTBOX_POLL_MS: "200",
  });
  running = await startServer(config, createSilentLogger());
  for (const [channel, command] of [[kaustinen, "register Kaustinen, Halsua"], [veteli, "register Veteli"]] as const) {
    await postTeams(botAddedToTeam(stub.url, channel, anna));
    await postTeams(channelMessage(stub.url, channel, anna, `<at>Lähituki</at> ${command}`));
  }
});

afterAll(async () => {
  await running?.stop();
  await stub.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a web chat user hands off to an advisor in Teams", () => {
  it("asks for a person, consents, and talks with the advisor through Direct Line until the advisor closes", async () => {
    const client = new DirectLineTestClient(`http://127.0.0.1:${running.port}`);
    await client.start();
    const hints = { channelData: { lahituki: { municipality: "Kaustinen", language: "fi" } } };

    const offer = await client.ask("haluan puhua ihmisen kanssa", hints);
    expect(offer.channelData?.lahituki?.outcome).toBe("handoff");
    expect(JSON.stringify(offer)).toContain("handoffConsent");

    const from = stub.calls.length;
    const accepted = await client.ask(undefined, { value: { action: "handoffConsent", consent: true }, ...hints });
    expect(accepted.channelData?.lahituki?.outcome).toBe("handoff");
    expect(accepted.text).toContain("välitetty neuvojalle");

    // The card goes to the channel registered for Kaustinen, not to Veteli's.
    const posted = await stub.waitFor((call) => call.operation === "send" && (call.conversationId === kaustinen.channelId || call.conversationId === veteli.channelId), { from });
    expect(posted.conversationId).toBe(kaustinen.channelId);
    const handoffId = ((cardOf(posted).actions as Array<{ verb?: string; data?: { handoffId: string } }>).find((action) => action.verb === "claim"))!.data!.handoffId;

    // While waiting the bot does not answer questions itself.
    await client.post({ type: "message", from: { id: client.userId }, text: "Onko Kaustisella hitsaajan töitä?" });
    await waitForBotText(client, "Viestisi näytetään neuvojalle");

    const claim = await postTeams(cardAction(stub.url, kaustinen, anna, { verb: "claim", handoffId, replyToId: posted.activityId }));
    expect(JSON.stringify(await claim.json())).toContain("Hoitaa: Anna Neuvoja");
    const joined = await waitForBotText(client, "Neuvoja Anna liittyi");
    expect(joined.channelData?.lahituki?.outcome).toBe("handoff");

    const created = await stub.waitFor((call) => call.operation === "createConversation", { from });
    const chatId = (created.response as { id: string }).id;
    // What the person wrote while waiting reaches the advisor after the introduction.
    await stub.waitFor((call) => call.conversationId === chatId && String(call.body?.text).includes("hitsaajan töitä"), { from });

    const beforeRelay = stub.calls.length;
    await client.post({ type: "message", from: { id: client.userId }, text: "Tarvitsen apua työhakemuksen kanssa" });
    await stub.waitFor((call) => call.conversationId === chatId && String(call.body?.text).includes("Tarvitsen apua työhakemuksen kanssa"), { from: beforeRelay });

    expect((await postTeams(personalMessage(stub.url, chatId, anna, "Hei! Lähetä hakemus, katsotaan yhdessä."))).status).toBe(200);
    const relayed = await waitForBotText(client, "Lähetä hakemus, katsotaan yhdessä.");
    expect(relayed.text).toContain("Anna (neuvoja)");
    expect(relayed.channelData?.lahituki?.outcome).toBe("handoff");

    await postTeams(personalMessage(stub.url, chatId, anna, "/close"));
    const closed = await waitForBotText(client, "päätti keskustelun");
    expect(JSON.stringify(closed.entities)).toContain("LikeAction");

    // Back with the bot: a question gets an ordinary answer again, not a relay.
    const page = (await (await client.activities()).json()) as { watermark: string };
    client.watermark = page.watermark;
    const after = await client.ask("Onko Vetelissä avoimia töitä?");
    expect(after.channelData?.lahituki?.outcome).not.toBe("handoff");
    const messages = await botMessages(client);
    expect(messages.filter((activity) => activity.text?.includes("Lähetä hakemus, katsotaan yhdessä."))).toHaveLength(1);
  });
});
