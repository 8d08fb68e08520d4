import * as AdaptiveCards from "adaptivecards";
import { describe, expect, it } from "vitest";
import { buildRegistrationCard, buildRelayIntroCard } from "./advisor-cards.js";
import { buildHandoffAdvisorCard, type AdvisorCardView } from "./handoff-advisor-card.js";

/** Parses with the Adaptive Cards SDK; any parse event (unknown element, bad value) is a failure. */
function parseEvents(json: Record<string, unknown>): string[] {
  const card = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext();
  card.parse(json, context);
  const events: string[] = [];
  for (let index = 0; index < context.eventCount; index += 1) events.push(context.getEventAt(index).message);
  return events;
}

function actions(card: Record<string, unknown>): Array<{ type: string; verb?: string; data?: { handoffId?: string } }> {
  return (card.actions ?? []) as Array<{ type: string; verb?: string; data?: { handoffId?: string } }>;
}

const view: AdvisorCardView = {
  handoffId: "h-123",
  state: "waiting",
  mode: "live",
  municipalityName: "Kaustinen",
  areaName: "Keski-Pohjanmaan työllisyysalue",
  language: "sv",
  topic: "Avoimet työpaikat",
  summary: "Söker jobb som svetsare i Kaustby.",
  botAnswers: ["Hitsaaja, Kaustinen (hakuaika päättyy 3 päivän päästä)"],
  waitingSince: "2026-01-14T08:05:00.000Z",
  consentToTranscript: true,
  contact: { phone: "040 123 4567" },
};

describe("advisor handoff card", () => {
  it("is a valid Adaptive Card 1.5 with the facts an advisor needs", () => {
    const card = buildHandoffAdvisorCard(view);
    expect(card.version).toBe("1.5");
    expect(parseEvents(card)).toEqual([]);
    const json = JSON.stringify(card);
    for (const expected of ["Kaustinen", "ruotsi", "Avoimet työpaikat", "Söker jobb", "Hitsaaja", "040 123 4567", "Keskustelu: jaettu", "{{DATE(2026-01-14T08:05:00Z, SHORT)}}"]) {
      expect(json).toContain(expected);
    }
  });

  it("offers claim while waiting and close after claiming, each carrying the handoff id", () => {
    expect(actions(buildHandoffAdvisorCard(view)).map((action) => [action.type, action.verb, action.data?.handoffId])).toEqual([
      ["Action.Execute", "claim", "h-123"],
    ]);
    const claimed = buildHandoffAdvisorCard({ ...view, state: "claimed", claimedByName: "Anna Neuvoja" });
    expect(JSON.stringify(claimed)).toContain("Hoitaa: Anna Neuvoja");
    expect(actions(claimed).map((action) => action.verb)).toEqual(["close"]);
  });

  it("shows Closed without buttons once closed, and says so when the person cancelled", () => {
    const closed = buildHandoffAdvisorCard({ ...view, state: "closed", closedByName: "Anna" });
    expect(JSON.stringify(closed)).toContain("Suljettu");
    expect(actions(closed)).toEqual([]);
    expect(JSON.stringify(buildHandoffAdvisorCard({ ...view, state: "cancelled" }))).toContain("Asiakas perui pyynnön");
  });

  it("marks a callback request and offers callbackDone", () => {
    const card = buildHandoffAdvisorCard({ ...view, mode: "callback", officeHours: "ma–pe 08.00–16.00" });
    expect(JSON.stringify(card)).toContain("Yhteydenottopyyntö");
    expect(JSON.stringify(card)).toContain("Toimisto on kiinni (aukioloajat ma–pe 08.00–16.00)");
    expect(actions(card).map((action) => action.verb)).toEqual(["claim", "callbackDone"]);
    expect(parseEvents(card)).toEqual([]);
  });

  it("renders English labels for advisors who prefer English", () => {
    const card = buildHandoffAdvisorCard({ ...view, state: "claimed", claimedByName: "Ben", notice: "Ben has it" }, "en");
    expect(JSON.stringify(card)).toContain("Claimed by Ben");
    expect(JSON.stringify(card)).toContain("Ben has it");
  });
});

describe("advisor small cards", () => {
  it("confirms a channel registration and names unknown municipalities", () => {
    const card = buildRegistrationCard({ all: false, municipalities: ["Kaustinen", "Halsua"], unknown: ["Atlantis"] });
    expect(parseEvents(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain("Kaustinen, Halsua");
    expect(JSON.stringify(card)).toContain("Atlantis");
  });

  it("introduces a relayed conversation with the shared transcript and a close button", () => {
    const card = buildRelayIntroCard({
      handoffId: "h-1",
      municipalityName: "Veteli",
      language: "fi",
      topic: "Koulutus",
      summary: "Kysyy koulutuksista",
      transcript: [{ role: "person", text: "Onko kursseja?" }],
    });
    expect(parseEvents(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain("Onko kursseja?");
    expect(actions(card)[0]).toMatchObject({ type: "Action.Execute", verb: "close", data: { handoffId: "h-1" } });
  });
});
