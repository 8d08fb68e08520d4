import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeliveryWorker } from "../../bot/handoff/delivery-worker.js";
import { createAreaDirectory } from "../../bot/handoff/employment-areas.js";
import { createHandoffRepository, type HandoffRepository, type PersonAddress, type PersonMessage } from "../../bot/handoff/handoff-repository.js";
import { createHandoffService } from "../../bot/handoff/handoff-service.js";
import { createOfficeHoursPolicy } from "../../bot/handoff/office-hours.js";
import type { PersonChannel } from "../../bot/handoff/ports.js";
import { applyMigrations, createSilentLogger, openPgliteDatabase, type Database } from "../../platform/index.js";

let database: Database;
let repository: HandoffRepository;

beforeAll(async () => {
  database = await openPgliteDatabase({});
  await applyMigrations(database);
  repository = createHandoffRepository(database);
});

afterAll(async () => {
  await database.close();
});

describe("two app instances delivering from one database", () => {
  it("deliver every message exactly once and in order per conversation", async () => {
    const logger = createSilentLogger();
    const service = createHandoffService({
      repository,
      areas: createAreaDirectory(),
      officeHours: createOfficeHoursPolicy("always", undefined),
      areaChannels: new Map(),
      escalateAfterMinutes: 60,
      advisorLanguage: "fi",
      logger,
    });
    const delivered: Array<{ worker: string; conversationId: string; text: string }> = [];
    const channelFor = (worker: string): PersonChannel => ({
      channelIds: ["directline"],
      async send(address: PersonAddress, message: PersonMessage) {
        // A little latency so both workers are busy at the same time.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
        delivered.push({ worker, conversationId: address.conversationId, text: message.text });
      },
    });
    const conversations = ["c-1", "c-2", "c-3"];
    for (const conversationId of conversations) {
      const result = await service.request({
        conversationId,
        channel: "directline",
        address: { channelId: "directline", conversationId },
        language: "fi",
        municipality: "236",
        consentToTranscript: false,
        trigger: "explicit",
      });
      const address = { channelId: "directline", conversationId };
      await repository.enqueueOnly(
        result.handoff,
        Array.from({ length: 15 }, (_, index) => ({ kind: "person" as const, address, message: { text: `${conversationId}#${index}` } })),
      );
    }
    const workers = ["instance-a", "instance-b"].map((name) =>
      createDeliveryWorker({ repository, service, gateway: undefined, personChannels: [channelFor(name)], logger, pollMs: 20 }),
    );
    for (const worker of workers) worker.start();
    await expect.poll(() => repository.pendingOutboxCount(), { timeout: 30_000 }).toBe(0);
    await Promise.all(workers.map((worker) => worker.stop()));

    for (const conversationId of conversations) {
      const texts = delivered.filter((entry) => entry.conversationId === conversationId).map((entry) => entry.text);
      expect(texts).toEqual(Array.from({ length: 15 }, (_, index) => `${conversationId}#${index}`));
    }
    expect(delivered).toHaveLength(45);
  });
});

describe("nobody is left waiting with a silent bot", () => {
  it("ends a live handoff nobody claimed in time and one whose advisor went silent", async () => {
    let now = new Date("2026-03-02T08:00:00.000Z");
    const service = createHandoffService({
      repository,
      areas: createAreaDirectory(),
      officeHours: createOfficeHoursPolicy("always", undefined),
      areaChannels: new Map(),
      escalateAfterMinutes: 10,
      waitExpireMinutes: 120,
      idleCloseHours: 12,
      advisorLanguage: "fi",
      logger: createSilentLogger(),
      clock: () => now,
    });
    const request = (conversationId: string) =>
      service.request({
        conversationId,
        channel: "directline",
        address: { channelId: "directline", conversationId },
        language: "en",
        municipality: "236",
        consentToTranscript: false,
        trigger: "explicit",
      });
    const unanswered = (await request("c-unanswered")).handoff;
    const silent = (await request("c-silent")).handoff;
    await service.claim(silent.id, { id: "anna", name: "Anna Neuvoja" });

    now = new Date("2026-03-02T09:59:00.000Z");
    expect(await service.expireStale()).toBe(0);
    now = new Date("2026-03-02T10:01:00.000Z");
    expect(await service.expireStale()).toBe(1);
    expect((await repository.getHandoff(unanswered.id))?.state).toBe("closed");
    expect(await service.active("c-unanswered")).toBeUndefined();
    expect((await service.active("c-silent"))?.state).toBe("claimed");

    now = new Date("2026-03-02T20:01:00.000Z");
    expect(await service.expireStale()).toBe(1);
    expect(await service.active("c-silent")).toBeUndefined();

    const rows = await database.query<{ conversation_id: string; payload: { kind: string; message?: { text: string } } }>(
      "SELECT conversation_id, payload FROM handoff_outbox WHERE conversation_id IN ('c-unanswered', 'c-silent') ORDER BY id",
    );
    const personTexts = rows.rows.filter((row) => row.payload.kind === "person").map((row) => `${row.conversation_id}: ${row.payload.message?.text}`);
    expect(personTexts.some((text) => text.startsWith("c-unanswered: Unfortunately no advisor"))).toBe(true);
    expect(personTexts.some((text) => text.startsWith("c-silent: The conversation with the advisor ended"))).toBe(true);
  });
});
