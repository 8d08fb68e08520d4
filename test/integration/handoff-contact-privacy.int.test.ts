import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helsinkiTime } from "../../bot/handoff/office-hours.js";
import { startServer, type RunningServer } from "../../bot/main.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";
import { DirectLineTestClient } from "./directline-client.js";

/** A callback number given with consent lives in the handoff record only. */
let running: RunningServer;
let dataDir: string;

function closedNowSpec(): string {
  return helsinkiTime(new Date()).weekday === 1 ? "tue 08:00-08:01" : "mon 08:00-08:01";
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-contact-"));
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
    BOT_ALLOW_ANONYMOUS: "true",
    OFFICE_HOURS: closedNowSpec(),
  });
  running = await startServer(config, createSilentLogger());
});

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("callback contact", () => {
  it("is kept in the handoff record and nowhere in the bot state, transcript or analytics", async () => {
    const client = new DirectLineTestClient(`http://127.0.0.1:${running.port}`);
    await client.start();
    const offer = await client.ask("haluan puhua ihmisen kanssa");
    expect(offer.channelData?.lahituki?.outcome).toBe("handoff");
    const reply = await client.ask("kyllä, soita 040 765 4321");
    expect(reply.text).toMatch(/•••21/);
    const database = running.knowledge.database;
    const dump = async (sql: string) => JSON.stringify((await database.query(sql)).rows);
    const digits = /765\s?4321|7654321/;
    expect(await dump("SELECT contact FROM handoffs")).toMatch(digits);
    expect(await dump("SELECT * FROM bot_state")).not.toMatch(digits);
    expect(await dump("SELECT * FROM directline_activities")).not.toMatch(digits);
    expect(await dump("SELECT * FROM turn_outcomes")).not.toMatch(digits);
  });
});
