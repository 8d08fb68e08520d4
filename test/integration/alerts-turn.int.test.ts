import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseAlertCommand } from "../../bot/alerts/alert-commands.js";
import { handleAlertCommand, type AlertTurnContext } from "../../bot/alerts/alert-turn.js";
import { createSqlAlertRepository } from "../../bot/alerts/sql-alert-repository.js";
import { applyMigrations, openPgliteDatabase, type Database } from "../../platform/index.js";

let database: Database;
const now = new Date("2026-11-28T09:00:00Z");

beforeAll(async () => {
  database = await openPgliteDatabase({});
  await applyMigrations(database);
});

afterAll(async () => {
  await database.close();
});

beforeEach(async () => {
  await database.exec("DELETE FROM alert_subscriptions");
});

function deps(emailEnabled = true) {
  return { repository: createSqlAlertRepository(database), ttlDays: 90, emailEnabled };
}

function context(overrides: Partial<AlertTurnContext> = {}): AlertTurnContext {
  return {
    language: "fi",
    address: { channelId: "directline", conversationId: "conv-1", userId: "dl_1" },
    now,
    ...overrides,
  };
}

async function say(text: string, overrides: Partial<AlertTurnContext> = {}, value?: unknown) {
  const command = parseAlertCommand({ text, value });
  if (!command) throw new Error(`not an alert command: ${text}`);
  return handleAlertCommand(deps(), command, context(overrides));
}

async function stored() {
  return (await database.query<{ query: string; filters: Record<string, unknown>; language: string; email: string | null }>(
    "SELECT query, filters, language, email FROM alert_subscriptions ORDER BY created_at",
  )).rows;
}

describe("alerts in a conversation", () => {
  it("subscribes in words, storing only the query, its filters and the language", async () => {
    const [reply] = await say("ilmoita kun tulee uusia hitsaajan paikkoja Vetelissä");
    expect(reply!.text).toContain("hitsaajan paikkoja");
    expect(reply!.text).toContain("enintään yhden viestin päivässä");
    const rows = await stored();
    expect(rows).toEqual([
      { query: "hitsaajan paikkoja Vetelissä", filters: { kind: "vacancy", municipality: "924", occupations: ["7212"] }, language: "fi", email: null },
    ]);
    const columns = await database.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'alert_subscriptions' ORDER BY ordinal_position",
    );
    expect(columns.rows.map((row) => row.column_name)).toEqual([
      "id", "conversation_id", "person_key", "channel", "address", "query", "filters", "language", "email", "email_consent_at", "expires_at", "created_at", "email_token",
    ]);
  });

  it("subscribes from the notify-me button to the last search, in Swedish", async () => {
    const [reply] = await say(
      "Meddela mig",
      { language: "sv", lastSearch: { query: "svetsare", kind: "vacancy", municipality: "272" } },
      { action: "subscribeAlert" },
    );
    expect(reply!.text).toContain("Jag meddelar dig");
    expect(await stored()).toMatchObject([{ query: "svetsare", filters: { kind: "vacancy", municipality: "272", occupations: ["7212"] }, language: "sv" }]);
    const again = await say("Meddela mig", { language: "sv", lastSearch: { query: "svetsare", kind: "vacancy", municipality: "272" } }, { action: "subscribeAlert" });
    expect(again[0]!.text).toContain("redan");
    expect(await stored()).toHaveLength(1);
  });

  it("asks what about when 'like this' has no earlier search", async () => {
    const [reply] = await say("tell me about new jobs like this", { language: "en" });
    expect(reply!.outcome).toBe("clarify");
    expect(await stored()).toHaveLength(0);
  });

  it("lists with a cancel button per alert and stops all in one step in any language", async () => {
    await say("ilmoita kun tulee uusia hitsaajan paikkoja");
    await say("ilmoita kun tulee uusia lähihoitajan paikkoja");
    const [list] = await say("mina bevakningar", { language: "sv" });
    expect(list!.text).toContain("2 bevakningar");
    const card = JSON.stringify(list!.cards[0]);
    expect(card).toContain('"action":"cancelAlert"');
    const [stopped] = await say("lopeta ilmoitukset");
    expect(stopped!.text).toContain("Lopetin ilmoitukset");
    expect(await stored()).toHaveLength(0);
    const [empty] = await say("my alerts", { language: "en" });
    expect(empty!.text).toBe("You have no active alerts.");
  });

  it("cancels one alert from its button and renews the rest", async () => {
    await say("ilmoita kun tulee uusia hitsaajan paikkoja");
    await say("ilmoita kun tulee uusia kokin paikkoja");
    const [first] = (await createSqlAlertRepository(database).listForConversation("conv-1", now));
    await say("", {}, { action: "cancelAlert", alertId: first!.id });
    expect(await stored()).toHaveLength(1);
    const later = new Date(now.getTime() + 80 * 86_400_000);
    await say("jatka ilmoituksia", { now: later });
    const [renewed] = await createSqlAlertRepository(database).listForConversation("conv-1", later);
    expect(renewed!.expiresAt.getTime()).toBe(later.getTime() + 90 * 86_400_000);
  });

  it("stores an e-mail only with explicit consent", async () => {
    await say("ilmoita kun tulee uusia hitsaajan paikkoja");
    const [refused] = await say("", {}, { action: "alertEmail", email: "person@example.test", consent: "false" });
    expect(refused!.text).toContain("En tallentanut");
    expect((await stored())[0]!.email).toBeNull();
    await say("", {}, { action: "alertEmail", email: "not-an-email", consent: "true" });
    expect((await stored())[0]!.email).toBeNull();
    await say("", {}, { action: "alertEmail", email: "person@example.test", consent: "true" });
    expect((await stored())[0]!.email).toBe("person@example.test");
  });
});
