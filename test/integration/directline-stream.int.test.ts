import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../bot/main.js";
import { makeReply } from "../../bot/conversation/compose-reply.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";
import { DirectLineTestClient, type ChatActivity } from "./directline-client.js";

let running: RunningServer;
let baseUrl: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-stream-"));
  running = await startServer(
    loadConfig({ DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", SEED_DEMO: "true" }),
    createSilentLogger(),
  );
  baseUrl = `http://127.0.0.1:${running.port}`;
});

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function streamUrlOf(client: DirectLineTestClient): Promise<string> {
  const response = await fetch(`${baseUrl}/v3/directline/conversations/${client.conversationId}`, {
    headers: { authorization: `Bearer ${client.token}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { streamUrl: string }).streamUrl;
}

/** Collects activity sets from the stream until `done` says enough. */
function collect(url: string, done: (activities: ChatActivity[]) => boolean): { ready: Promise<void>; result: Promise<ChatActivity[]>; close: () => void } {
  const socket = new WebSocket(url);
  const seen: ChatActivity[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const result = new Promise<ChatActivity[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stream timeout, saw ${seen.length}`)), 20_000);
    socket.on("message", (data) => {
      const text = String(data);
      if (!text) return;
      const set = JSON.parse(text) as { activities: ChatActivity[]; watermark?: string };
      seen.push(...set.activities);
      if (done(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
  return { ready, result, close: () => socket.close() };
}

describe("Direct Line WebSocket stream", () => {
  it("streams the user's echo, typing and the bot's answer as activity sets", async () => {
    const client = new DirectLineTestClient(baseUrl);
    await client.start();
    const stream = collect(await streamUrlOf(client), (activities) =>
      activities.some((activity) => activity.from.role === "bot" && activity.type === "message"),
    );
    await stream.ready;
    const posted = await client.post({ type: "message", text: "Onko Kaustisella avoimia hitsaajan töitä?", channelData: { clientActivityID: "abc" } });
    expect(posted.status).toBe(200);
    const activities = await stream.result;
    stream.close();
    const echo = activities.find((activity) => activity.from.role === "user");
    expect(echo?.channelData).toMatchObject({ clientActivityID: "abc" });
    expect(activities.some((activity) => activity.type === "typing")).toBe(true);
    const answer = activities.find((activity) => activity.from.role === "bot" && activity.type === "message")!;
    expect(answer.channelData?.lahituki?.outcome).toBe("answer");
  });

  it("delivers proactive messages (advisor relay) to an open stream", async () => {
    const client = new DirectLineTestClient(baseUrl);
    await client.start();
    const stream = collect(await streamUrlOf(client), (activities) => activities.some((activity) => activity.text === "Hei, olen neuvoja."));
    await stream.ready;
    await running.directLine.proactive.sendToConversation(
      { channelId: "directline", conversationId: client.conversationId, userId: client.userId },
      [makeReply({ language: "fi", outcome: "handoff", text: "Hei, olen neuvoja." })],
    );
    const activities = await stream.result;
    stream.close();
    expect(activities.find((activity) => activity.text === "Hei, olen neuvoja.")?.channelData?.lahituki?.outcome).toBe("handoff");
  });

  it("refuses a stream for another conversation or without a valid token", async () => {
    const alice = new DirectLineTestClient(baseUrl);
    const bob = new DirectLineTestClient(baseUrl);
    await alice.start();
    await bob.start();
    const url = (await streamUrlOf(alice)).replace(alice.conversationId, bob.conversationId);
    const status = (target: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(target);
        socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
        socket.on("open", () => {
          socket.close();
          resolve(101);
        });
        socket.on("error", () => undefined);
      });
    expect(await status(url)).toBe(403);
    expect(await status(url.replace(/t=[^&]+/, "t=forged"))).toBe(401);
  });
});
