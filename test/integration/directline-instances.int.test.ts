import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../bot/app.js";
import { createConversationBot } from "../../bot/conversation/create-conversation-bot.js";
import { createDirectLineModule, type DirectLineModule } from "../../bot/directline/create-directline-module.js";
import { HashedNgramEmbedder } from "../../knowledge/index.js";
import { HybridSearcher } from "../../knowledge/hybrid-search.js";
import { applyMigrations, createSilentLogger, loadConfig, openPgliteDatabase, type Database } from "../../platform/index.js";
import { DirectLineTestClient } from "./directline-client.js";

/** Two app instances on one database, as behind a load balancer. */
let database: Database;
const servers: Server[] = [];
const modules: DirectLineModule[] = [];
const urls: string[] = [];

beforeAll(async () => {
  database = await openPgliteDatabase({});
  await applyMigrations(database);
  const logger = createSilentLogger();
  const config = loadConfig({ LOG_LEVEL: "silent", DIRECTLINE_TOKENS_PER_ADDRESS_PER_MINUTE: "3" });
  const searcher = new HybridSearcher({ database, embedder: new HashedNgramEmbedder(384), logger });
  for (let index = 0; index < 2; index += 1) {
    const bot = createConversationBot({ config, database, searcher, logger, chatModel: undefined });
    const directLine = await createDirectLineModule({ config, database, bot, logger });
    const app = createApp({ logger, isReady: () => true }, [...directLine.routes]);
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    directLine.attach(server);
    const address = server.address();
    urls.push(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`);
    servers.push(server);
    modules.push(directLine);
  }
});

afterAll(async () => {
  for (const module of modules) await module.stop();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  await database.close();
});

describe("several instances on one database", () => {
  it("accepts a token from another instance and serves the conversation's activities from either", async () => {
    const client = new DirectLineTestClient(urls[0]!);
    await client.start();
    const reply = await client.ask("hei");
    expect(reply.channelData?.lahituki?.outcome).toBe("help");
    const elsewhere = new DirectLineTestClient(urls[1]!);
    Object.assign(elsewhere, { token: client.token, conversationId: client.conversationId, userId: client.userId });
    const page = (await (await elsewhere.activities()).json()) as { activities: Array<{ text?: string }> };
    expect(page.activities.map((activity) => activity.text)).toContain("hei");
    const second = await elsewhere.ask("kiitos");
    expect(second.channelData?.lahituki?.outcome).toBe("help");
  });

  it("limits new conversations per client address with 429", async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      const response = await fetch(`${urls[1]}/v3/directline/tokens/generate`, { method: "POST" });
      statuses.push(response.status);
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses[0]).toBe(200);
  });
});
