import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHandoffRepository, type HandoffRepository, type NewHandoff } from "../../bot/handoff/handoff-repository.js";
import { applyMigrations, openPgliteDatabase, type Database } from "../../platform/index.js";

let database: Database;
let repository: HandoffRepository;

function newHandoff(id: string, conversationId: string): NewHandoff {
  return {
    id,
    conversationId,
    channel: "directline",
    address: { channelId: "directline", conversationId },
    language: "fi",
    municipality: "236",
    areaId: "keski-pohjanmaa",
    topic: "Työpaikat",
    summary: "Etsii töitä",
    botAnswers: [],
    consentToTranscript: false,
    transcript: [],
    contact: undefined,
    trigger: "explicit",
    mode: "live",
    state: "waiting",
    createdAt: new Date().toISOString(),
  };
}

beforeAll(async () => {
  database = await openPgliteDatabase({});
  await applyMigrations(database);
  repository = createHandoffRepository(database);
});

afterAll(async () => {
  await database.close();
});

describe("handoff repository", () => {
  it("keeps one open handoff per conversation", async () => {
    const first = await repository.insertHandoff(newHandoff("h-a", "conv-a"), []);
    expect(first.created).toBe(true);
    const second = await repository.insertHandoff(newHandoff("h-b", "conv-a"), []);
    expect(second).toMatchObject({ created: false, handoff: { id: "h-a" } });
  });

  it("lets only the first of two claims win", async () => {
    await repository.insertHandoff(newHandoff("h-claim", "conv-claim"), []);
    const now = new Date().toISOString();
    const patch = (name: string) => ({ state: "claimed" as const, claimedAt: now, claimedBy: { id: name, name } });
    const [one, two] = await Promise.all([
      repository.applyPatch("h-claim", "waiting", patch("anna"), () => [], now),
      repository.applyPatch("h-claim", "waiting", patch("ben"), () => [], now),
    ]);
    const winners = [one, two].filter(Boolean);
    expect(winners).toHaveLength(1);
    expect((await repository.getHandoff("h-claim"))?.claimedBy?.name).toBe(winners[0]?.claimedBy?.name);
  });

  it("delivers each destination's messages one at a time, in order, to one worker", async () => {
    await repository.insertHandoff(newHandoff("h-out", "conv-out"), []);
    const address = { channelId: "directline", conversationId: "conv-out" };
    await repository.enqueueOnly({ id: "h-out", conversationId: "conv-out" }, [
      { kind: "person", address, message: { text: "one" } },
      { kind: "person", address, message: { text: "two" } },
    ]);
    const now = new Date().toISOString();
    const claimedByA = await repository.claimOutbox("worker-a", 10, 30_000, now);
    const mine = claimedByA.filter((row) => row.handoffId === "h-out");
    expect(mine.map((row) => (row.payload.kind === "person" ? row.payload.message.text : ""))).toEqual(["one"]);
    expect((await repository.claimOutbox("worker-b", 10, 30_000, now)).filter((row) => row.handoffId === "h-out")).toEqual([]);
    expect(await repository.markDelivered(mine[0]!.id, "worker-b")).toBe(false);
    expect(await repository.markDelivered(mine[0]!.id, "worker-a")).toBe(true);
    const next = (await repository.claimOutbox("worker-b", 10, 30_000, now)).filter((row) => row.handoffId === "h-out");
    expect(next.map((row) => (row.payload.kind === "person" ? row.payload.message.text : ""))).toEqual(["two"]);
  });

  it("hands an expired lease to another worker (a crashed instance's work is resumed)", async () => {
    await repository.insertHandoff(newHandoff("h-lease", "conv-lease"), []);
    await repository.enqueueOnly({ id: "h-lease", conversationId: "conv-lease" }, [{ kind: "card-update" }]);
    const start = new Date();
    const claimed = (await repository.claimOutbox("worker-a", 10, 1_000, start.toISOString())).filter((row) => row.handoffId === "h-lease");
    expect(claimed).toHaveLength(1);
    const later = new Date(start.getTime() + 5_000).toISOString();
    const reclaimed = (await repository.claimOutbox("worker-b", 10, 1_000, later)).filter((row) => row.handoffId === "h-lease");
    expect(reclaimed.map((row) => row.id)).toEqual([claimed[0]!.id]);
    expect(reclaimed[0]!.attempts).toBe(2);
  });

  it("records channel registrations", async () => {
    await repository.upsertChannel({
      channelId: "19:abc@thread.tacv2",
      conversationId: "19:abc@thread.tacv2",
      teamId: "19:team",
      teamName: "Neuvojat",
      channelName: "General",
      tenantId: "tenant",
      serviceUrl: "http://localhost/",
      botId: "28:bot",
    });
    await repository.registerChannel("19:abc@thread.tacv2", { municipalities: ["236"], all: false, by: "Anna", at: new Date().toISOString() });
    const channels = await repository.listChannels();
    expect(channels).toEqual([expect.objectContaining({ channelId: "19:abc@thread.tacv2", municipalities: ["236"], all: false, teamName: "Neuvojat" })]);
  });
});
