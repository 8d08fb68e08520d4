import { describe, expect, it } from "vitest";
import { contentHash, validateItem } from "./item.js";
import { municipalityCode } from "./municipalities.js";

const TODAY = "2026-11-28";
const base = { id: "v1", kind: "vacancy", title: "Hitsaaja", description: "MIG-hitsausta." };

function issues(raw: Record<string, unknown>) {
  const result = validateItem({ ...base, ...raw }, { today: TODAY });
  return result.ok ? [] : result.issues;
}

describe("validateItem", () => {
  it("accepts a minimal item, defaulting language to fi and tags to none", () => {
    const result = validateItem(base, { today: TODAY });
    expect(result).toEqual({ ok: true, item: { ...base, language: "fi", tags: [] } });
  });

  it("names the field and reason of each problem", () => {
    expect(issues({ kind: "job" })).toEqual([expect.objectContaining({ field: "kind" })]);
    expect(issues({ title: "  " })).toEqual([expect.objectContaining({ field: "title" })]);
    expect(issues({ language: "de" })).toEqual([expect.objectContaining({ field: "language" })]);
    expect(issues({ url: "javascript:alert(1)" })).toEqual([{ field: "url", message: "expected an http(s) URL" }]);
    expect(issues({ email: "not-mail" })).toEqual([{ field: "email", message: "expected an e-mail address" }]);
    expect(issues({ occupation: "welder" })).toEqual([{ field: "occupation", message: "expected an ISCO-08 code (1–4 digits)" }]);
    expect(issues({ validUntil: "31.12.2026" })).toEqual([
      { field: "validUntil", message: 'expected an ISO date (YYYY-MM-DD), got "31.12.2026"' },
    ]);
    expect(issues({ validFrom: "2026-12-31", validUntil: "2026-12-01" })).toEqual([
      { field: "validUntil", message: "validUntil is before validFrom" },
    ]);
    expect(issues({ salary: 3000 })).toEqual([{ field: "salary", message: "unknown field" }]);
    expect(issues({ municipality: "Atlantis" })).toEqual([{ field: "municipality", message: 'unknown municipality "Atlantis"' }]);
  });

  it("requires id, kind, title and description", () => {
    const result = validateItem({}, { today: TODAY });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.field).sort()).toEqual(["description", "id", "kind", "title"]);
  });

  it("resolves today±N date tokens against the given day and accepts timestamps as their day", () => {
    const result = validateItem({ ...base, validFrom: "today-10", validUntil: "today+30", startDate: "2027-01-07T08:00:00Z" }, { today: TODAY });
    expect(result.ok && result.item).toMatchObject({ validFrom: "2026-11-18", validUntil: "2026-12-28", startDate: "2027-01-07" });
    const nextDay = validateItem({ ...base, validUntil: "today" }, { today: "2026-12-31" });
    expect(nextDay.ok && nextDay.item.validUntil).toBe("2026-12-31");
  });

  it("normalises municipalities in Finnish, Swedish and inflected forms to Statistics Finland codes", () => {
    const code = (name: string) => {
      const result = validateItem({ ...base, municipality: name }, { today: TODAY });
      return result.ok ? result.item.municipality : result.issues;
    };
    expect(code("Kokkola")).toBe("272");
    expect(code("Karleby")).toBe("272");
    expect(code("Kaustisella")).toBe("236");
    expect(code("Kaustby")).toBe("236");
    expect(code("Vetelissä")).toBe("924");
    expect(code("Toholammilla")).toBe("849");
    expect(code("272")).toBe("272");
    expect(municipalityCode("Narnia")).toBeUndefined();
  });

  it("splits tags given as one semicolon-separated string and drops duplicates and empties", () => {
    const result = validateItem({ ...base, tags: "hitsaus; vuorotyö;;hitsaus" }, { today: TODAY });
    expect(result.ok && result.item.tags).toEqual(["hitsaus", "vuorotyö"]);
  });

  it("treats empty values as absent, as CSV cells are", () => {
    const result = validateItem({ ...base, email: "", municipality: null, url: "" }, { today: TODAY });
    expect(result.ok && result.item).toEqual({ ...base, language: "fi", tags: [] });
  });
});

describe("contentHash", () => {
  it("does not depend on key order but changes with any content", () => {
    const first = validateItem({ ...base, tags: ["a"] }, { today: TODAY });
    const reordered = validateItem({ tags: ["a"], description: base.description, title: base.title, kind: "vacancy", id: "v1" }, { today: TODAY });
    const changed = validateItem({ ...base, tags: ["b"] }, { today: TODAY });
    if (!first.ok || !reordered.ok || !changed.ok) throw new Error("fixture invalid");
    expect(contentHash(first.item)).toBe(contentHash(reordered.item));
    expect(contentHash(first.item)).not.toBe(contentHash(changed.item));
    expect(contentHash(first.item)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("prototype keys", () => {
  it("refuses a row with a __proto__ key instead of taking fields from it", () => {
    const raw = JSON.parse('{"id":"x1","kind":"vacancy","title":"Hitsaaja","description":"Työ","__proto__":{"municipality":"Kokkola"}}') as unknown;
    const result = validateItem(raw, { today: "2026-12-05" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toEqual([{ field: "__proto__", message: "field name not allowed" }]);
  });
});
