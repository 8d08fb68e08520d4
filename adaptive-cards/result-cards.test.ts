import { describe, expect, it } from "vitest";
import { buildResultCard, describeDeadline } from "./result-cards.js";

const welder = {
  id: "vac-1",
  kind: "vacancy" as const,
  title: "Hitsaaja",
  organization: "Konepaja Oy",
  municipality: "Kaustinen",
  url: "https://example.org/hitsaaja",
  validUntil: "2026-12-01",
  upcoming: false,
  snippet: "MIG/MAG-hitsausta.",
  phone: "040 123 4567",
  employmentType: "full-time",
};

describe("describeDeadline", () => {
  it("counts days to the deadline in each language", () => {
    const today = "2026-11-28";
    expect(describeDeadline(welder, { language: "fi", today })).toBe("Hakuaika päättyy 3 päivän päästä (1.12.2026)");
    expect(describeDeadline(welder, { language: "sv", today })).toBe("Ansökningstiden går ut om 3 dagar (1.12.2026)");
    expect(describeDeadline(welder, { language: "en", today })).toBe("Applications close in 3 days (1 Dec 2026)");
  });

  it("says when applications open for an upcoming item", () => {
    const upcoming = { validFrom: "2027-01-05", validUntil: "2027-02-01", upcoming: true };
    expect(describeDeadline(upcoming, { language: "fi", today: "2026-11-28" })).toBe("Haku alkaa 5.1.2027");
    expect(describeDeadline(upcoming, { language: "en", today: "2026-11-28" })).toBe("Applications open on 5 Jan 2027");
  });

  it("says today and tomorrow in words", () => {
    expect(describeDeadline({ validUntil: "2026-11-28" }, { language: "sv", today: "2026-11-28" })).toBe(
      "Ansökningstiden går ut i dag",
    );
    expect(describeDeadline({ validUntil: "2026-11-29" }, { language: "fi", today: "2026-11-28" })).toBe(
      "Hakuaika päättyy huomenna",
    );
  });
});

describe("buildResultCard", () => {
  it("builds a vacancy card with title, organisation, municipality, deadline, contact and an Open link", () => {
    const card = buildResultCard(welder, { language: "fi", today: "2026-11-28", position: 1 });
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    const json = JSON.stringify(card.content);
    expect(card.content.type).toBe("AdaptiveCard");
    expect(card.content.version).toBe("1.5");
    expect(json).toContain("[1] Hitsaaja");
    expect(json).toContain("Konepaja Oy");
    expect(json).toContain("Kaustinen");
    expect(json).toContain("Hakuaika päättyy 3 päivän päästä");
    expect(json).toContain("040 123 4567");
    expect(json).toContain("Kokoaikainen");
    expect(json).not.toContain("${");
    const actions = card.content.actions as Array<{ type: string; url: string; title: string }>;
    expect(actions[0]).toMatchObject({ type: "Action.OpenUrl", url: "https://example.org/hitsaaja" });
    expect(actions[0]!.title).toMatch(/^Avaa/);
  });

  it("leaves out the Open action when the item has no link", () => {
    const card = buildResultCard({ ...welder, url: undefined }, { language: "en", today: "2026-11-28", position: 2 });
    expect(card.content.actions).toBeUndefined();
  });

  it("shows a service's opening hours and never a deadline", () => {
    const card = buildResultCard(
      { id: "svc-1", kind: "service", title: "Asiointipiste", openingHours: "ti 9–15", validUntil: "2026-12-30" },
      { language: "sv", today: "2026-11-28", position: 1 },
    );
    const json = JSON.stringify(card.content);
    expect(json).toContain("ti 9–15");
    expect(json).toContain("Hela regionen");
    expect(json).not.toContain("Ansökningstiden");
  });

  it("shows a training's start date", () => {
    const card = buildResultCard(
      { id: "trn-1", kind: "training", title: "Hitsauskoulutus", startDate: "2027-01-10", validUntil: "2026-12-10", format: "hybrid" },
      { language: "en", today: "2026-11-28", position: 3 },
    );
    const json = JSON.stringify(card.content);
    expect(json).toContain("10 Jan 2027");
    expect(json).toContain("In person and online");
    expect(json).toContain("Applications close in 12 days");
  });
});
