import { describe, expect, it } from "vitest";
import { helsinkiDay, itemLanguage, knownMunicipality, plainText, safePhone } from "./source-text.js";

describe("helsinkiDay", () => {
  it("converts timestamps with an offset to the Helsinki calendar day and keeps naive ones", () => {
    expect(helsinkiDay("2026-12-15T22:30:00Z")).toBe("2026-12-16");
    expect(helsinkiDay("2026-06-15T20:59:00Z")).toBe("2026-06-15");
    expect(helsinkiDay("2026-12-15T23:59:00")).toBe("2026-12-15");
    expect(helsinkiDay("2026-02-30")).toBeUndefined();
    expect(helsinkiDay(undefined)).toBeUndefined();
  });
});

describe("plainText", () => {
  it("turns HTML into text without markup, scripts or escaped tags", () => {
    expect(plainText("<p>Hei <b>maailma</b></p><script>alert(1)</script><p>&lt;img src=x onerror=alert(1)&gt;</p>")).toBe("Hei maailma");
    expect(plainText("  tavallinen   teksti \n\n\n\n toinen  ")).toBe("tavallinen teksti\n\ntoinen");
    expect(plainText("   ")).toBeUndefined();
  });
});

describe("codes", () => {
  it("normalises language codes and municipality codes", () => {
    expect(itemLanguage("FI")).toBe("fi");
    expect(itemLanguage("sv-FI")).toBe("sv");
    expect(itemLanguage("de")).toBeUndefined();
    expect(knownMunicipality("74")).toBe("074");
    expect(knownMunicipality("999")).toBeUndefined();
    expect(safePhone("+358 40 123 4567")).toBe("+358 40 123 4567");
    expect(safePhone("call us")).toBeUndefined();
  });
});
