import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqlAlertRepository } from "../../bot/alerts/sql-alert-repository.js";
import { createSqlHomeStore } from "../../bot/commute/home-store.js";
import { createSqlOccupationItemFinder } from "../../bot/commute/sql-occupation-items.js";
import { createMobility, type MobilityPort } from "../../bot/mobility.js";
import { composeExtractiveAnswer, makeReply } from "../../bot/conversation/compose-reply.js";
import type { SearchPlan } from "../../bot/conversation/memory.js";
import { seedDemoKnowledge } from "../../ingest/seed-demo.js";
import { helsinkiDate } from "../../knowledge/dates.js";
import { embeddingSpace } from "../../knowledge/embedder.js";
import { HashedNgramEmbedder } from "../../knowledge/hashed-ngram-embedder.js";
import { HybridSearcher } from "../../knowledge/hybrid-search.js";
import { roundedDistanceKm } from "../../knowledge/commute.js";
import { createSqlShortageStore } from "../../knowledge/sql-shortage-store.js";
import { SqlKnowledgeStore } from "../../knowledge/sql-knowledge-store.js";
import { applyMigrations, createSilentLogger, openPgliteDatabase, type Database } from "../../platform/index.js";
import type { Language } from "../../knowledge/item.js";

let database: Database;
let searcher: HybridSearcher;
let mobility: MobilityPort;
const today = helsinkiDate();
const now = new Date();
const logger = createSilentLogger();

beforeAll(async () => {
  database = await openPgliteDatabase({});
  await applyMigrations(database);
  const store = new SqlKnowledgeStore(database);
  const embedder = new HashedNgramEmbedder(384);
  await store.ensureEmbeddingSpace({ space: embeddingSpace(embedder), dimensions: embedder.dimensions });
  await seedDemoKnowledge({ store, embedder, logger }, { maxFileBytes: 10_000_000 });
  searcher = new HybridSearcher({ database, embedder });
  mobility = createMobility({
    repository: createSqlAlertRepository(database),
    ttlDays: 90,
    emailEnabled: false,
    searcher,
    shortage: createSqlShortageStore(database),
    homes: createSqlHomeStore(database),
    occupationItems: createSqlOccupationItemFinder(database),
    items: store,
    logger,
    minScore: 0,
  });
});

afterAll(async () => {
  await database.close();
});

async function answer(conversationId: string, plan: SearchPlan, question: string, language: Language = "fi", home?: string) {
  const response = await searcher.search({ query: plan.query, kind: plan.kind, municipality: plan.municipality, limit: 5, today });
  const results = response.results.filter((result) => !result.validUntil || result.validUntil >= today);
  const reply =
    results.length > 0
      ? composeExtractiveAnswer({ language, results, kind: plan.kind, municipality: plan.municipality, more: false, hasMore: false, today })
      : makeReply({ language, outcome: "no-answer", text: "Ei osumia." });
  return { results, reply: await mobility.enrichSearchReply({ conversationId, reply, plan, results, question, today, home }) };
}

function turn(conversationId: string, text: string, language: Language = "fi", value?: Record<string, unknown>) {
  return mobility.intercept({
    conversationId,
    channel: "directline",
    address: { channelId: "directline", conversationId, userId: `dl_${conversationId}` },
    text,
    value,
    language,
    now,
  });
}

const welders: SearchPlan = { query: "hitsaaja", kind: "vacancy", offset: 0, shown: 0 };

describe("commute-aware answers", () => {
  it("shows straight-line distances from the home municipality the conversation remembers", async () => {
    const { reply, results } = await answer("c-home", welders, "hitsaajan töitä", "fi", "236");
    const veteli = results.findIndex((result) => result.municipalityCode === "924");
    expect(veteli).toBeGreaterThanOrEqual(0);
    expect(reply.text).toContain(`${roundedDistanceKm("236", "924")} km Kaustiselta`);
    expect(reply.text).toContain("linnuntietä");
    expect(JSON.stringify(reply.cards[veteli])).toContain("km Kaustiselta");
  });

  it("leaves a home statement to the conversation core", async () => {
    expect(await turn("c-home-question", "Asun Vetelissä ja etsin hitsaajan töitä")).toBeUndefined();
    expect(await turn("c-home-only", "asun Kaustisella")).toBeUndefined();
  });

  it("asks for the home municipality once when it is not known", async () => {
    const first = await answer("c-ask", welders, "hitsaajan töitä");
    expect(JSON.stringify(first.reply.cards)).toContain('"action":"setHomeMunicipality"');
    const second = await answer("c-ask", welders, "hitsaajan töitä");
    expect(JSON.stringify(second.reply.cards)).not.toContain('"action":"setHomeMunicipality"');
    const [saved] = (await turn("c-ask", "", "sv", { action: "setHomeMunicipality", municipality: "924" }))!;
    expect(saved!.text).toContain("Vetil");
  });

  it("adds no list of farther results to a no-answer, which would contradict it (the core offers alternatives)", async () => {
    const plan: SearchPlan = { ...welders, municipality: "421" };
    const { reply } = await answer("c-far", plan, "Onko Lestijärvellä hitsaajan töitä?");
    expect(reply.text).toBe("Ei osumia.");
    expect(reply.cards).toEqual([]);
    expect(reply.outcome).toBe("no-answer");
  });

  it("adds a notify-me button to vacancy answers", async () => {
    const { reply } = await answer("c-notify", welders, "hitsaajan töitä");
    expect(JSON.stringify(reply.cards)).toContain('{"action":"subscribeAlert"}');
  });
});

describe("labour-shortage guidance", () => {
  it("marks vacancies in shortage occupations once an admin lists them, and guides career changers to trainings", async () => {
    const before = await answer("c-shortage", welders, "hitsaajan töitä");
    expect(before.reply.text).not.toContain("Pula-ammatti");
    await createSqlShortageStore(database).replace({
      area: "keski-pohjanmaa",
      asOf: "2026-09-01",
      source: { name: "Ammattibarometri" },
      occupations: [{ isco: "7212" }, { isco: "5321" }],
      updatedBy: "antti",
    });
    const after = await answer("c-shortage", welders, "hitsaajan töitä");
    expect(after.reply.text).toContain("Pula-ammatti (Ammattibarometri, 1.9.2026)");
    expect(JSON.stringify(after.reply.cards)).toContain("Pula-ammatti");

    const training: SearchPlan = { query: "alanvaihto koulutus", kind: "training", offset: 0, shown: 0 };
    const guidance = await answer("c-shortage", training, "Oon 45 ja mietin alanvaihtoa, mitä koulutuksia on?");
    expect(guidance.reply.text).toMatch(/lähihoitaja: \d+ koulutus/);
    expect(guidance.reply.text).toMatch(/hitsaaja: \d+ koulutus/);
  });
});

describe("alerts through the turn interceptor", () => {
  it("subscribes in words and stops in one step", async () => {
    const [subscribed] = (await turn("c-alert", "ilmoita kun tulee uusia hitsaajan paikkoja"))!;
    expect(subscribed!.text).toContain("hitsaajan paikkoja");
    const [stopped] = (await turn("c-alert", "stop alerts", "en"))!;
    expect(stopped!.text).toContain("I stopped your alerts");
    expect(await turn("c-alert", "Onko Kaustisella töitä?")).toBeUndefined();
  });
});
