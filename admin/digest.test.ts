import { describe, expect, it } from "vitest";
import type { StoredItem } from "../knowledge/item.js";
import { buildDigestCard, helsinkiInstant, latestScheduledInstant, parseDigestSchedule } from "./digest.js";

const item = (id: string, extra: Partial<StoredItem>): StoredItem =>
  ({
    id,
    source: "admin",
    kind: "vacancy",
    title: `Ilmoitus ${id}`,
    description: "x",
    language: "fi",
    tags: [],
    contentHash: "h",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...extra,
  }) as StoredItem;

describe("weekly digest", () => {
  it("parses the schedule", () => {
    expect(parseDigestSchedule("mon 08:00")).toEqual({ weekday: 1, hour: 8, minute: 0 });
    expect(parseDigestSchedule("FRI 16:30")).toEqual({ weekday: 5, hour: 16, minute: 30 });
    expect(parseDigestSchedule("off")).toBeUndefined();
  });

  it("converts Helsinki wall-clock time in winter and summer time", () => {
    expect(helsinkiInstant("2026-11-30", 8, 0).toISOString()).toBe("2026-11-30T06:00:00.000Z");
    expect(helsinkiInstant("2026-06-01", 8, 0).toISOString()).toBe("2026-06-01T05:00:00.000Z");
  });

  it("finds the latest scheduled run at or before now", () => {
    const schedule = { weekday: 1, hour: 8, minute: 0 };
    expect(latestScheduledInstant(schedule, new Date("2026-11-30T06:30:00Z")).toISOString()).toBe("2026-11-30T06:00:00.000Z");
    expect(latestScheduledInstant(schedule, new Date("2026-11-30T05:59:00Z")).toISOString()).toBe("2026-11-23T06:00:00.000Z");
    expect(latestScheduledInstant(schedule, new Date("2026-12-03T12:00:00Z")).toISOString()).toBe("2026-11-30T06:00:00.000Z");
  });

  it("builds an Adaptive Card listing expiring and stale items with a link to the admin UI", () => {
    const card = buildDigestCard({
      municipality: "236",
      language: "sv",
      expiring: { items: [item("a", { validUntil: "2026-12-02" })], total: 1 },
      stale: { items: Array.from({ length: 10 }, (_, index) => item(`s${index}`, {})), total: 12 },
      expiringDays: 7,
      staleDays: 180,
      adminUrl: "https://lahituki.example/admin",
    });
    const text = JSON.stringify(card);
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
    expect(text).toContain("Veckoöversikt: Kaustby");
    expect(text).toContain("Ilmoitus a (admin) – giltig till 2026-12-02");
    expect(text).toContain("Inte uppdaterad på 180 dagar (12)");
    expect(text).toContain("…och 2 till");
    expect(card.actions).toEqual([{ type: "Action.OpenUrl", title: "Öppna innehållshanteringen", url: "https://lahituki.example/admin" }]);
  });
});
