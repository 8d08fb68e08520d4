import { describe, expect, it } from "vitest";
import type { StoredItem } from "../knowledge/index.js";
import { buildDigestCard } from "./digest-card.js";

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

describe("weekly digest card", () => {
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
