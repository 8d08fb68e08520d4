import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSqlAlertRepository } from "../../bot/alerts/sql-alert-repository.js";
import { deliverDueAlerts, queueAlertMatches } from "../../bot/alerts/alert-delivery.js";
import type { AlertChannel, EmailMessage, EmailSender, AlertReply } from "../../bot/alerts/alert-ports.js";
import { newSubscription, type AlertAddress, type AlertFilters } from "../../bot/alerts/subscription.js";
import { writeItems } from "../../ingest/ingest-items.js";
import { addDays, helsinkiDate } from "../../knowledge/dates.js";
import { embeddingSpace } from "../../knowledge/embedder.js";
import { HashedNgramEmbedder } from "../../knowledge/hashed-ngram-embedder.js";
import { validateItem, type CanonicalItem } from "../../knowledge/item.js";
import { SqlKnowledgeStore } from "../../knowledge/sql-knowledge-store.js";
import { applyMigrations, createSilentLogger, openPgliteDatabase, type Database } from "../../platform/index.js";

const logger = createSilentLogger();
let database: Database;
let store: SqlKnowledgeStore;
const embedder = new HashedNgramEmbedder(64);
const start = new Date("2026-11-28T08:00:00Z");
const today = helsinkiDate(start);

function vacancy(id: string, overrides: Record<string, unknown> = {}): CanonicalItem {
  const result = validateItem(
    {
      id,
      kind: "vacancy",
      title: "Hitsaaja",
      description: "Konepaja hakee hitsaajaa.",
      municipality: "Veteli",
      occupation: "7212",
      validUntil: addDays(today, 20),
      url: `https://example.invalid/${id}`,
      ...overrides,
    },
    { today },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.item;
}

class RecordingChannel implements AlertChannel {
  readonly sent: Array<{ address: AlertAddress; activities: readonly AlertReply[] }> = [];
  failNext = false;
  async sendToConversation(address: AlertAddress, activities: readonly AlertReply[]): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("connector down");
    }
    this.sent.push({ address, activities });
  }
}

class RecordingEmail implements EmailSender {
  readonly sent: EmailMessage[] = [];
  async send(message: EmailMessage): Promise<void> {
    this.sent.push(message);
  }
}

let channel: RecordingChannel;
let email: RecordingEmail;
let counter = 0;

async function ingest(items: CanonicalItem[], source = "test") {
  const result = await writeItems({ store, embedder }, { source, items });
  return [{ source, ids: [...result.changedIds] }];
}

async function subscribe(conversationId: string, query: string, filters: AlertFilters = {}, now = start, ttlDays = 90) {
  const repository = createSqlAlertRepository(database);
  const subscription = newSubscription({
    id: `sub-${++counter}`,
    address: { channelId: "directline", conversationId, userId: `dl_${conversationId}` },
    query,
    filters,
    language: "fi",
    now,
    ttlDays,
  });
  await repository.create(subscription);
  return subscription;
}

function deps() {
  const repository = createSqlAlertRepository(database);
  return { repository, items: store, logger, channelFor: () => channel, email };
}

async function ingestAndDeliver(items: CanonicalItem[], now: Date) {
  const changes = await ingest(items);
  await queueAlertMatches(deps(), { changes, now });
  return deliverDueAlerts(deps(), { now });
}

beforeAll(async () => {
  database = await openPgliteDatabase({});
  await applyMigrations(database);
  store = new SqlKnowledgeStore(database);
  await store.ensureEmbeddingSpace({ space: embeddingSpace(embedder), dimensions: embedder.dimensions });
});

afterAll(async () => {
  await database.close();
});

beforeEach(async () => {
  channel = new RecordingChannel();
  email = new RecordingEmail();
  await database.exec("DELETE FROM alert_subscriptions; DELETE FROM alert_deliveries; DELETE FROM items;");
});

describe("job alert delivery", () => {
  it("sends a new matching vacancy exactly once, and nothing when the same item is ingested again", async () => {
    await subscribe("c-once", "hitsaajan paikkoja", { kind: "vacancy" });
    const first = await ingestAndDeliver([vacancy("v1"), vacancy("n1", { title: "Lähihoitaja", description: "Hoitotyö", occupation: "5321" })], start);
    expect(first.delivered).toBe(1);
    expect(channel.sent).toHaveLength(1);
    const reply = channel.sent[0]!.activities[0]!;
    expect(reply.sources).toEqual(["v1"]);
    expect(reply.cards).toHaveLength(1);

    const later = new Date(start.getTime() + 2 * 86_400_000);
    await ingestAndDeliver([vacancy("v1")], later);
    // Even an updated version of the item is never sent again.
    await ingestAndDeliver([vacancy("v1", { description: "Päivitetty ilmoitus hitsaajalle." })], later);
    expect(channel.sent).toHaveLength(1);
  });

  it("sends at most one message a day per person and the rest the next day", async () => {
    await subscribe("c-daily", "hitsaaja");
    await ingestAndDeliver([vacancy("d1")], start);
    const sameDay = new Date(start.getTime() + 3 * 3_600_000);
    const report = await ingestAndDeliver([vacancy("d2")], sameDay);
    expect(report.waiting).toBe(1);
    expect(channel.sent).toHaveLength(1);
    const nextDay = new Date(start.getTime() + 86_400_000);
    await deliverDueAlerts(deps(), { now: nextDay });
    expect(channel.sent).toHaveLength(2);
    expect(channel.sent[1]!.activities[0]!.sources).toEqual(["d2"]);
  });

  it("stops after cancelling", async () => {
    await subscribe("c-cancel", "hitsaaja");
    const removed = await createSqlAlertRepository(database).cancel("c-cancel");
    expect(removed).toBe(1);
    await ingestAndDeliver([vacancy("x1")], start);
    expect(channel.sent).toHaveLength(0);
  });

  it("stops when the alert expires and keeps going when renewed", async () => {
    await subscribe("c-expire", "hitsaaja", {}, start, 1);
    await subscribe("c-renew", "hitsaaja", {}, start, 1);
    const repository = createSqlAlertRepository(database);
    await repository.renew("c-renew", new Date(start.getTime() + 90 * 86_400_000), start);
    const afterExpiry = new Date(start.getTime() + 2 * 86_400_000);
    const report = await ingestAndDeliver([vacancy("e1")], afterExpiry);
    expect(report.delivered).toBe(1);
    expect(channel.sent.map((entry) => entry.address.conversationId)).toEqual(["c-renew"]);
    const left = await database.query<{ conversation_id: string }>("SELECT conversation_id FROM alert_subscriptions");
    expect(left.rows.map((row) => row.conversation_id)).toEqual(["c-renew"]);
  });

  it("e-mails only with consent and escapes item text in the HTML", async () => {
    await subscribe("c-mail", "hitsaaja");
    const repository = createSqlAlertRepository(database);
    await repository.setEmail("c-mail", "person@example.test", start);
    // Markup is reduced to text at ingest; what is left of plain text is escaped in the HTML.
    await ingestAndDeliver([vacancy("m1", { title: "Hitsaaja <script>alert(1)</script> 5 < 10 & \"A\"" })], start);
    expect(email.sent).toHaveLength(1);
    expect(email.sent[0]!.to).toBe("person@example.test");
    expect(email.sent[0]!.html).not.toMatch(/<script|alert\(1\)/);
    expect(email.sent[0]!.html).toContain("Hitsaaja 5 &lt; 10 &amp; &quot;A&quot;");
  });

  it("keeps the items queued when the channel fails, and sends them on the next run", async () => {
    await subscribe("c-retry", "hitsaaja");
    channel.failNext = true;
    const report = await ingestAndDeliver([vacancy("r1")], start);
    expect(report.failed).toBe(1);
    await deliverDueAlerts(deps(), { now: new Date(start.getTime() + 60_000) });
    expect(channel.sent).toHaveLength(1);
  });

  it("drops an item that closed before it could be sent", async () => {
    await subscribe("c-closed", "hitsaaja");
    await ingestAndDeliver([vacancy("k1")], start);
    await ingestAndDeliver([vacancy("k2", { validUntil: addDays(today, 1) })], start);
    await deliverDueAlerts(deps(), { now: new Date(start.getTime() + 3 * 86_400_000) });
    expect(channel.sent).toHaveLength(1);
  });

  it("carries per-item notes (distance, shortage mark) in the card and the e-mail", async () => {
    await subscribe("c-notes", "hitsaaja");
    await createSqlAlertRepository(database).setEmail("c-notes", "notes@example.test", start);
    const changes = await ingest([vacancy("n-1")]);
    const withNotes = {
      ...deps(),
      itemNotes: async () => new Map([["n-1", ["📍 9 km Kaustiselta", "⚑ Pula-ammatti (Ammattibarometri, 1.9.2026)"]]]),
    };
    await queueAlertMatches(withNotes, { changes, now: start });
    await deliverDueAlerts(withNotes, { now: start });
    expect(JSON.stringify(channel.sent[0]!.activities[0]!.cards[0])).toContain("9 km Kaustiselta");
    expect(email.sent[0]!.text).toContain("Pula-ammatti (Ammattibarometri, 1.9.2026)");
  });

  it("erasing a conversation removes its alerts and their queue", async () => {
    await subscribe("c-erase", "hitsaaja");
    await ingestAndDeliver([vacancy("z1")], start);
    await createSqlAlertRepository(database).eraseConversation("c-erase");
    for (const table of ["alert_subscriptions", "alert_items", "alert_deliveries"]) {
      const rows = await database.query(`SELECT 1 FROM ${table} WHERE conversation_id = $1`, ["c-erase"]);
      expect(rows.rows, table).toHaveLength(0);
    }
  });
});
