import { describe, expect, it } from "vitest";
import { matchesSubscription, newSubscription, queryTerms, isExpired, expiresSoon, type AlertCandidate } from "./subscription.js";

const today = "2026-11-28";
const welder: AlertCandidate = {
  source: "demo",
  id: "vac-1",
  kind: "vacancy",
  title: "Hitsaaja, kaksivuorotyö",
  description: "Konepaja hakee hitsaajaa MIG/MAG-hitsaukseen.",
  municipality: "924",
  occupation: "7212",
  tags: ["hitsaus", "metalliala"],
  validUntil: "2026-12-20",
};
const nurse: AlertCandidate = {
  source: "demo",
  id: "vac-2",
  kind: "vacancy",
  title: "Lähihoitaja kotihoitoon",
  description: "Soite hakee lähihoitajaa.",
  municipality: "236",
  occupation: "5321",
  validUntil: "2026-12-20",
};

function subscription(query: string, filters: Parameters<typeof newSubscription>[0]["filters"] = {}) {
  return newSubscription({
    id: "s1",
    address: { channelId: "directline", conversationId: "c1", userId: "dl_1" },
    query,
    filters,
    language: "fi",
    now: new Date("2026-11-28T10:00:00Z"),
    ttlDays: 90,
  });
}

describe("alert matching", () => {
  it("matches an inflected Finnish query word against the item", () => {
    expect(matchesSubscription(subscription("hitsaajan paikkoja"), welder, { today })).toBe(true);
    expect(matchesSubscription(subscription("hitsaajan paikkoja"), nurse, { today })).toBe(false);
  });

  it("matches by ISCO occupation when the query words differ (English query, Finnish item)", () => {
    expect(matchesSubscription(subscription("welder", { occupations: ["7212"] }), welder, { today })).toBe(true);
    expect(matchesSubscription(subscription("welder", { occupations: ["72"] }), welder, { today })).toBe(true);
    expect(matchesSubscription(subscription("welder", { occupations: ["5321"] }), welder, { today })).toBe(false);
  });

  it("never matches an item past its deadline", () => {
    expect(matchesSubscription(subscription("hitsaaja"), { ...welder, validUntil: "2026-11-27" }, { today })).toBe(false);
  });

  it("keeps to the kind and the place, with the radius when given", () => {
    expect(matchesSubscription(subscription("hitsaaja", { kind: "training" }), welder, { today })).toBe(false);
    expect(matchesSubscription(subscription("hitsaaja", { municipality: "236" }), welder, { today })).toBe(false);
    // Kaustinen–Veteli is about 9 km.
    expect(matchesSubscription(subscription("hitsaaja", { municipality: "236", nearKm: 20 }), welder, { today })).toBe(true);
  });

  it("treats a query without content words as 'everything new' within the filters", () => {
    expect(queryTerms("uusia työpaikkoja Vetelissä")).toEqual([]);
    expect(matchesSubscription(subscription("uusia työpaikkoja Vetelissä", { kind: "vacancy", municipality: "924" }), welder, { today })).toBe(true);
    expect(matchesSubscription(subscription("new jobs", { kind: "vacancy", municipality: "924" }), nurse, { today })).toBe(false);
  });

  it("finds a term inside a Finnish compound word", () => {
    expect(matchesSubscription(subscription("hitsaaja"), { ...welder, title: "Levyseppähitsaaja", description: "x", tags: [] }, { today })).toBe(true);
  });
});

describe("alert expiry", () => {
  it("expires after its time to live and warns a week before", () => {
    const alert = subscription("hitsaaja");
    expect(isExpired(alert, new Date("2027-02-25T10:00:00Z"))).toBe(false);
    expect(isExpired(alert, new Date("2027-02-26T10:00:00Z"))).toBe(true);
    expect(expiresSoon(alert, new Date("2027-01-01T10:00:00Z"))).toBe(false);
    expect(expiresSoon(alert, new Date("2027-02-20T10:00:00Z"))).toBe(true);
  });
});
