import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../bot/main.js";
import { createProactivePersonChannel } from "../../bot/handoff/conversation-handoff-port.js";
import { helsinkiTime } from "../../bot/handoff/office-hours.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";
import { startBotConnectorStub, type BotConnectorStub, type ConnectorCall } from "../support/bot-connector-stub.js";
import { createRecordingProactiveChannel } from "../support/recording-proactive-channel.js";
import {
  botAddedToTeam,
  cardAction,
  channelMessage,
  personalMessage,
  teamsChannel,
  teamsUser,
  type TeamsChannelFixture,
} from "../support/teams-activities.js";

let stub: BotConnectorStub;
let running: RunningServer;
let dataDir: string;
const person = createRecordingProactiveChannel(["directline"]);
const kaustinenChannel = teamsChannel("Kaustinen");
const partnerChannel = teamsChannel("Pohjoinen Keski-Suomi");
const anna = teamsUser("Anna Neuvoja");
const ben = teamsUser("Ben Neuvoja");

/** A weekly window on another weekday than today: Pohjoinen Keski-Suomi is "closed" now. */
function closedNowSpec(): string {
  const today = helsinkiTime(new Date()).weekday;
  return today === 1 ? "tue 08:00-08:01" : "mon 08:00-08:01";
}

function post(body: unknown) {
  return fetch(`http://127.0.0.1:${running.port}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function registerChannel(channel: TeamsChannelFixture, command: string) {
  expect((await post(botAddedToTeam(stub.url, channel, anna))).status).toBe(200);
  expect((await post(channelMessage(stub.url, channel, anna, `<at>Lähituki</at> ${command}`))).status).toBe(200);
}

function cardOf(call: ConnectorCall): Record<string, unknown> {
  const attachments = call.body?.attachments as Array<{ content: Record<string, unknown> }> | undefined;
  return attachments?.[0]?.content ?? {};
}

function verbs(card: Record<string, unknown>): Array<[string | undefined, string | undefined]> {
  return ((card.actions ?? []) as Array<{ type: string; verb?: string; data?: { handoffId?: string } }>)
    .filter((action) => action.type === "Action.Execute")
    .map((action) => [action.verb, action.data?.handoffId]);
}

async function requestHandoff(conversationId: string, municipality: string, extra: Record<string, unknown> = {}) {
  const from = stub.calls.length;
  const replies = await running.handoff.port.request({
    conversationId,
    channel: "directline",
    address: { channelId: "directline", conversationId, userId: `dl_${conversationId}` },
    language: "fi",
    municipality,
    summary: "Etsii hitsaajan töitä / Voiko joku soittaa minulle?",
    transcript: [
      { role: "user", text: "Onko Kaustisella hitsaajan töitä?", at: new Date().toISOString() },
      { role: "bot", text: "Löysin kaksi hitsaajan paikkaa.", at: new Date().toISOString() },
    ],
    consentToTranscript: true,
    trigger: "explicit",
    topicKind: "vacancy",
    botAnswers: ["Löysin kaksi hitsaajan paikkaa."],
    ...extra,
  });
  return { replies, from };
}

beforeAll(async () => {
  stub = await startBotConnectorStub();
  dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-handoff-"));
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
    BOT_ALLOW_ANONYMOUS: "true",
    OFFICE_HOURS: "always",
    OFFICE_HOURS_BY_AREA: `pohjoinen-keski-suomi=${closedNowSpec()}`,
    HANDOFF_AREA_CHANNELS: `pohjoinen-keski-suomi=${partnerChannel.channelId}`,
    HANDOFF_ESCALATE_MINUTES: "0.05",
    HANDOFF_OUTBOX_POLL_MS: "200",
  });
  running = await startServer(config, createSilentLogger());
  running.handoff.addPersonChannel(createProactivePersonChannel(person.channel));
  await registerChannel(kaustinenChannel, "register Kaustinen, Halsua");
  await registerChannel(partnerChannel, "register Äänekoski");
});

afterAll(async () => {
  await running?.stop();
  await stub.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("human handoff through Teams", () => {
  it("routes the card to the municipality's channel, lets the first advisor claim it, relays both ways and closes", async () => {
    const conversationId = "dl-conversation-live";
    const { replies, from } = await requestHandoff(conversationId, "236");
    expect(replies[0]).toMatchObject({ outcome: "handoff" });
    expect(replies[0]?.text).toContain("välitetty neuvojalle");

    // The advisor card arrives in the channel registered for Kaustinen.
    const posted = await stub.waitFor((call) => call.operation === "send" && call.conversationId === kaustinenChannel.channelId, { from });
    const card = cardOf(posted);
    expect(card.version).toBe("1.5");
    const text = JSON.stringify(card);
    for (const expected of ["Asiakas pyytää ihmistä", "Kaustinen", "suomi", "Avoimet työpaikat", "Etsii hitsaajan töitä", "Löysin kaksi hitsaajan paikkaa", "Keskustelu: jaettu"]) {
      expect(text).toContain(expected);
    }
    const handoffId = verbs(card)[0]?.[1];
    expect(verbs(card)).toEqual([["claim", handoffId]]);
    expect((await running.handoff.port.active(conversationId))?.state).toBe("waiting");

    // Claim: the invoke answers with the refreshed card; the channel message is updated for everyone.
    const beforeClaim = stub.calls.length;
    const claim = await post(cardAction(stub.url, kaustinenChannel, anna, { verb: "claim", handoffId: handoffId!, replyToId: posted.activityId }));
    expect(claim.status).toBe(200);
    const claimBody = (await claim.json()) as { statusCode: number; type: string; value: Record<string, unknown> };
    expect(claimBody).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    expect(JSON.stringify(claimBody.value)).toContain("Hoitaa: Anna Neuvoja");
    expect(verbs(claimBody.value)).toEqual([["close", handoffId]]);
    const update = await stub.waitFor((call) => call.operation === "update" && call.activityId === posted.activityId, { from: beforeClaim });
    expect(JSON.stringify(update.body)).toContain("Hoitaa: Anna Neuvoja");

    // The person is told a human joined; the advisor's 1:1 chat is opened proactively.
    await person.waitFor(conversationId, (message) => message.includes("Neuvoja Anna liittyi"));
    const created = await stub.waitFor((call) => call.operation === "createConversation", { from: beforeClaim });
    expect(created.body).toMatchObject({ isGroup: false, members: [{ id: anna.id }] });
    const advisorChatId = (created.response as { id: string }).id;
    const intro = await stub.waitFor((call) => call.operation === "send" && call.conversationId === advisorChatId, { from: beforeClaim });
    expect(JSON.stringify(intro.body)).toContain("Onko Kaustisella hitsaajan töitä?");

    // A second claim is refused and told who has it.
    const second = await post(cardAction(stub.url, kaustinenChannel, ben, { verb: "claim", handoffId: handoffId!, replyToId: posted.activityId }));
    const secondBody = (await second.json()) as { value: Record<string, unknown> };
    expect(JSON.stringify(secondBody.value)).toContain("Ei onnistunut: Anna Neuvoja otti tämän jo hoitoonsa.");

    // The person's message goes to the advisor and the bot does not answer it itself.
    const beforeRelay = stub.calls.length;
    const relayReplies = await running.handoff.port.relayFromPerson({
      conversationId,
      channel: "directline",
      address: { channelId: "directline", conversationId },
      handoffId: handoffId!,
      text: "Tarvitsen apua CV:n kanssa",
      language: "fi",
    });
    expect(relayReplies).toEqual([]);
    const relayed = await stub.waitFor(
      (call) => call.operation === "send" && call.conversationId === advisorChatId && String(call.body?.text).includes("Tarvitsen apua CV:n kanssa"),
      { from: beforeRelay },
    );
    expect(String(relayed.body?.text)).toContain("Asiakas (Kaustinen)");

    // The advisor's answer in the 1:1 chat reaches the person.
    expect((await post(personalMessage(stub.url, advisorChatId, anna, "Hei! Autan mielelläni."))).status).toBe(200);
    const answer = await person.waitFor(conversationId, (message) => message.includes("Autan mielelläni"));
    expect(answer).toMatchObject({ outcome: "handoff" });
    expect(answer.text).toContain("Anna (neuvoja)");

    // A picture is not forwarded; the advisor is told so (and the jobseeker bot does not answer).
    const beforePicture = stub.calls.length;
    await post({
      ...personalMessage(stub.url, advisorChatId, anna, ""),
      text: undefined,
      attachments: [{ contentType: "image/png", contentUrl: "https://example.invalid/cv.png", name: "cv.png" }],
    });
    const notice = await stub.waitFor((call) => call.conversationId === advisorChatId && String(call.body?.text).includes("Liitteitä ei välitetä"), { from: beforePicture });
    expect(notice.status).toBe(200);

    // /close returns the person to the bot with a feedback question; the card shows Closed.
    const beforeClose = stub.calls.length;
    expect((await post(personalMessage(stub.url, advisorChatId, anna, "/close"))).status).toBe(200);
    const closed = await person.waitFor(conversationId, (message) => message.includes("päätti keskustelun"));
    expect(closed.feedback).toBe(true);
    const closedCard = await stub.waitFor((call) => call.operation === "update" && call.activityId === posted.activityId, { from: beforeClose });
    expect(JSON.stringify(closedCard.body)).toContain("Suljettu");
    expect(await running.handoff.port.active(conversationId)).toBeUndefined();
    expect(person.textsFor(conversationId).filter((message) => message.includes("Autan mielelläni"))).toHaveLength(1);
  });

  it("closes with the card's close button", async () => {
    const conversationId = "dl-conversation-button";
    const { from } = await requestHandoff(conversationId, "074");
    const posted = await stub.waitFor((call) => call.operation === "send" && call.conversationId === kaustinenChannel.channelId, { from });
    const handoffId = verbs(cardOf(posted))[0]![1]!;
    await post(cardAction(stub.url, kaustinenChannel, anna, { verb: "claim", handoffId, replyToId: posted.activityId }));
    const response = await post(cardAction(stub.url, kaustinenChannel, anna, { verb: "close", handoffId, replyToId: posted.activityId }));
    const body = (await response.json()) as { value: Record<string, unknown> };
    expect(JSON.stringify(body.value)).toContain("Suljettu");
    expect(verbs(body.value)).toEqual([]);
    await person.waitFor(conversationId, (message) => message.includes("päätti keskustelun"));
  });

  it("lets the person cancel while waiting and updates the card", async () => {
    const conversationId = "dl-conversation-cancel";
    const { from } = await requestHandoff(conversationId, "236");
    const posted = await stub.waitFor((call) => call.operation === "send" && call.conversationId === kaustinenChannel.channelId, { from });
    const before = stub.calls.length;
    const replies = await running.handoff.port.relayFromPerson({
      conversationId,
      channel: "directline",
      address: { channelId: "directline", conversationId },
      handoffId: "ignored",
      text: "peru",
      language: "fi",
    });
    expect(replies[0]?.text).toContain("peruttu");
    const update = await stub.waitFor((call) => call.operation === "update" && call.activityId === posted.activityId, { from: before });
    expect(JSON.stringify(update.body)).toContain("Asiakas perui pyynnön");
    expect(await running.handoff.port.active(conversationId)).toBeUndefined();
  });

  it("takes a callback request outside office hours and the card says so", async () => {
    const conversationId = "dl-conversation-callback";
    const { replies, from } = await requestHandoff(conversationId, "992", { contact: { kind: "phone", value: "040 123 4567" } });
    expect(replies[0]?.text).toContain("yhteydenottopyynnön");
    // The person sees the contact masked; the number is only in the handoff record and on the advisor card.
    expect(replies[0]?.text).not.toContain("040 123 4567");
    expect(replies[0]?.text).toContain("•••67");
    const posted = await stub.waitFor((call) => call.operation === "send" && call.conversationId === partnerChannel.channelId, { from });
    const card = cardOf(posted);
    expect(JSON.stringify(card)).toContain("Yhteydenottopyyntö");
    expect(JSON.stringify(card)).toContain("Toimisto on kiinni");
    expect(JSON.stringify(card)).toContain("040 123 4567");
    const handoffId = verbs(card)[0]![1]!;
    expect(verbs(card).map(([verb]) => verb)).toEqual(["claim", "callbackDone"]);
    // A callback request does not hold the conversation: the bot keeps answering.
    expect(await running.handoff.port.active(conversationId)).toBeUndefined();
    const done = await post(cardAction(stub.url, partnerChannel, ben, { verb: "callbackDone", handoffId, replyToId: posted.activityId }));
    expect(JSON.stringify(((await done.json()) as { value: unknown }).value)).toContain("Yhteydenotto tehty (Ben Neuvoja)");
  });

  it("notifies the partner area's channel when nobody claims in time", async () => {
    const conversationId = "dl-conversation-escalate";
    const { from } = await requestHandoff(conversationId, "924");
    const escalated = await stub.waitFor(
      (call) => call.operation === "send" && call.conversationId === partnerChannel.channelId && JSON.stringify(call.body).includes("kumppanialueelle") && JSON.stringify(call.body).includes("Veteli"),
      { from, timeoutMs: 20_000 },
    );
    expect(verbs(cardOf(escalated))[0]?.[0]).toBe("claim");
  });
});
