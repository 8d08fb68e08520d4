import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../bot/main.js";
import { createProactivePersonChannel } from "../../bot/handoff/conversation-handoff-port.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";
import { startBotConnectorStub, type BotConnectorStub } from "../support/bot-connector-stub.js";
import { createRecordingProactiveChannel } from "../support/recording-proactive-channel.js";
import { botAddedToTeam, cardAction, channelMessage, personalMessage, teamsChannel, teamsUser } from "../support/teams-activities.js";

let stub: BotConnectorStub;
let dataDir: string;
const person = createRecordingProactiveChannel(["directline"]);
const channel = teamsChannel("Toholampi");
const anna = teamsUser("Anna Neuvoja");
const conversationId = "dl-conversation-restart";

async function boot(): Promise<RunningServer> {
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
  const running = await startServer(config, createSilentLogger());
  running.handoff.addPersonChannel(createProactivePersonChannel(person.channel));
  return running;
}

function post(running: RunningServer, body: unknown) {
  return fetch(`http://127.0.0.1:${running.port}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  stub = await startBotConnectorStub();
  dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-restart-"));
});

afterAll(async () => {
  await stub.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("restart during a live handoff", () => {
  it("resumes the relay on a new server over the same database, losing and duplicating nothing", { timeout: 300_000 }, async () => {
    const first = await boot();
    await post(first, botAddedToTeam(stub.url, channel, anna));
    await post(first, channelMessage(stub.url, channel, anna, "register Toholampi"));
    await first.handoff.port.request({
      conversationId,
      channel: "directline",
      address: { channelId: "directline", conversationId },
      language: "sv",
      municipality: "849",
      summary: "Söker utbildning",
      consentToTranscript: false,
      trigger: "explicit",
    });
    const posted = await stub.waitFor((call) => call.operation === "send" && call.conversationId === channel.channelId);
    const handoffId = ((posted.body?.attachments as Array<{ content: { actions: Array<{ data: { handoffId: string } }> } }>)[0]!.content.actions[0]!.data.handoffId);
    await post(first, cardAction(stub.url, channel, anna, { verb: "claim", handoffId, replyToId: posted.activityId }));
    const created = await stub.waitFor((call) => call.operation === "createConversation");
    const chatId = (created.response as { id: string }).id;
    await person.waitFor(conversationId, (text) => text.includes("Handläggaren Anna har anslutit"));
    await stub.waitFor((call) => call.operation === "send" && call.conversationId === chatId);

    // The advisor's Teams chat is unreachable: the person's next message stays in the outbox.
    stub.failNext({ status: 502, times: 1000, operation: "send" });
    await first.handoff.port.relayFromPerson({
      conversationId,
      channel: "directline",
      address: { channelId: "directline", conversationId },
      handoffId,
      text: "Meddelande före omstarten",
      language: "sv",
    });
    await expect.poll(() => stub.calls.filter((call) => call.status === 502).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await first.stop();
    expect(await first.handoff.repository.pendingOutboxCount().catch(() => -1)).toBe(-1); // database closed with the server

    stub.clearFailures();
    const second = await boot();
    try {
      const delivered = await stub.waitFor(
        (call) => call.operation === "send" && call.conversationId === chatId && String(call.body?.text).includes("Meddelande före omstarten"),
        { timeoutMs: 20_000 },
      );
      expect(delivered.status).toBe(200);

      // The relay continues on the new server in both directions.
      expect((await post(second, personalMessage(stub.url, chatId, anna, "Hej! Jag hjälper dig."))).status).toBe(200);
      const answer = await person.waitFor(conversationId, (text) => text.includes("Jag hjälper dig"));
      expect(answer.text).toContain("Anna (handläggare)");
      expect((await second.handoff.port.active(conversationId))?.state).toBe("claimed");

      await expect.poll(() => second.handoff.repository.pendingOutboxCount(), { timeout: 10_000 }).toBe(0);
      const deliveredToAdvisor = stub.successful("send").filter((call) => String(call.body?.text).includes("Meddelande före omstarten"));
      expect(deliveredToAdvisor).toHaveLength(1);
      expect(person.textsFor(conversationId).filter((text) => text.includes("har anslutit"))).toHaveLength(1);
      expect(person.textsFor(conversationId).filter((text) => text.includes("Jag hjälper dig"))).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});
