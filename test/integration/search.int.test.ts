import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { municipalitiesWithinKm, municipalityCode } from "../../knowledge/municipalities.js";
import { ValidationError } from "../../platform/errors.js";
import { openSearchFixture, type SearchTestContext } from "../support/search-fixture.js";

let context: SearchTestContext;

beforeAll(async () => {
  context = await openSearchFixture();
});

afterAll(async () => {
  await context?.close();
});

const ids = async (query: string, extra: Record<string, unknown> = {}) =>
  (await context.searcher.search({ query, ...extra })).results.map((result) => result.id);

describe("hybrid search", () => {
  it("never offers an expired vacancy, even when it is the best textual match", async () => {
    const found = await ids("levyseppä-hitsaaja Perho");
    expect(found).not.toContain("weld-perho-expired");
    const admin = await ids("levyseppä-hitsaaja Perho", { includeExpired: true });
    expect(admin).toContain("weld-perho-expired");
  });

  it("flags items not open yet as upcoming and ranks them after open items of similar relevance", async () => {
    const response = await context.searcher.search({ query: "berry picker Perho" });
    const open = response.results.findIndex((result) => result.id === "berries-open");
    const upcoming = response.results.findIndex((result) => result.id === "berries-upcoming");
    expect(open).toBeGreaterThanOrEqual(0);
    expect(upcoming).toBeGreaterThan(open);
    expect(response.results[upcoming]!.upcoming).toBe(true);
    expect(response.results[open]!.upcoming).toBe(false);
  });

  it("detects an inflected Finnish place name and ranks that municipality first", async () => {
    expect(await ids("Onko Vetelissä hitsaajan töitä?")).toEqual(expect.arrayContaining(["weld-veteli"]));
    expect((await ids("Onko Vetelissä hitsaajan töitä?"))[0]).toBe("weld-veteli");
  });

  it("detects Swedish place names and compounds ('svetsarjobb i Karleby')", async () => {
    expect((await ids("svetsarjobb i Karleby"))[0]).toBe("weld-kokkola");
    expect((await ids("jobb som svetsare i Vetil"))[0]).toBe("weld-veteli");
  });

  it("finds items in other languages through the term file (hitsari → svetsare, lähäri → närvårdare)", async () => {
    expect(await ids("hitsarin hommia")).toEqual(expect.arrayContaining(["weld-veteli", "weld-kokkola"]));
    expect(await ids("lähäri")).toEqual(expect.arrayContaining(["nurse-kaustinen", "nurse-kokkola-sv"]));
    expect(await ids("welder job")).toEqual(expect.arrayContaining(["weld-veteli", "weld-kokkola"]));
    expect(await ids("trukkikuski")).toEqual(expect.arrayContaining(["forklift-toholampi", "forklift-kokkola-en"]));
  });

  it("prefers the kind the text names: a course over vacancies for 'hitsauskurssi'", async () => {
    expect((await ids("hitsauskurssi"))[0]).toBe("weld-course");
    expect((await ids("welding jobs"))[0]).not.toBe("weld-course");
  });

  it("returns each item once, with its best chunk as the snippet", async () => {
    const response = await context.searcher.search({ query: "työhaastattelu valmistautuminen", limit: 50 });
    const guide = response.results.filter((result) => result.id === "long-guide");
    expect(guide).toHaveLength(1);
    expect(guide[0]!.snippet.toLowerCase()).toContain("haastattel");
    expect(new Set(response.results.map((result) => result.id)).size).toBe(response.results.length);
  });

  it("limits to municipalities within nearKm of the given municipality", async () => {
    const near = municipalitiesWithinKm(municipalityCode("Veteli")!, 30);
    const response = await context.searcher.search({ query: "hitsaaja", municipality: "Veteli", nearKm: 30 });
    expect(response.results.length).toBeGreaterThan(0);
    for (const result of response.results) expect(near).toContain(result.municipalityCode);
    const wide = await context.searcher.search({ query: "hitsaaja", municipality: "Veteli", nearKm: 200 });
    expect(wide.results.map((result) => result.id)).toContain("weld-kokkola");
  });

  it("applies kind and municipality as hard filters when given", async () => {
    const response = await context.searcher.search({ query: "hitsaaja", kind: "training" });
    expect(response.results.map((result) => result.kind)).toEqual(["training"]);
    const kokkola = await context.searcher.search({ query: "hitsaaja", municipality: "Karleby" });
    expect(kokkola.results.every((result) => result.municipalityCode === municipalityCode("Kokkola"))).toBe(true);
  });

  it("uses the caller's preferred municipality unless the text names one", async () => {
    expect((await ids("hitsaaja", { preferMunicipality: "Kokkola" }))[0]).toBe("weld-kokkola");
    expect((await ids("hitsaaja Vetelissä", { preferMunicipality: "Kokkola" }))[0]).toBe("weld-veteli");
  });

  it("returns nothing rather than unrelated items when nothing matches", async () => {
    expect(await ids("sukeltajan töitä Halsualla")).toEqual([]);
  });

  it("scores in [0, 1], best first", async () => {
    const response = await context.searcher.search({ query: "hitsaaja" });
    const scores = response.results.map((result) => result.score);
    expect(scores.length).toBeGreaterThan(0);
    expect([...scores].sort((left, right) => right - left)).toEqual(scores);
    for (const score of scores) expect(score).toBeGreaterThan(0), expect(score).toBeLessThanOrEqual(1);
  });
});

describe("bad input", () => {
  it("rejects empty and whitespace-only queries naming the field", async () => {
    for (const query of ["", "   \n\t "]) {
      await expect(context.searcher.search({ query })).rejects.toMatchObject({ field: "query" });
    }
  });

  it("handles a 10,000-character query", async () => {
    const response = await context.searcher.search({ query: "hitsaaja ".repeat(1112).slice(0, 10_000) });
    expect(response.results.map((result) => result.id)).toContain("weld-veteli");
  });

  it("handles binary garbage and NUL characters", async () => {
    const bytes = Array.from({ length: 300 }, (_, index) => String.fromCharCode((index * 37) % 256)).join("");
    await expect(context.searcher.search({ query: `${bytes}\u0000\ud800 hitsaaja` })).resolves.toBeDefined();
  });

  it("treats SQL and tsquery metacharacters as text", async () => {
    for (const query of ["' & | ! : * ( ) \\", "hitsaaja' OR 1=1 --", "a:* & !b | (c", "'; DROP TABLE items; --", "\\'"]) {
      const response = await context.searcher.search({ query });
      expect(Array.isArray(response.results)).toBe(true);
    }
    expect(await ids("hitsaaja:* & (svetsare)")).toContain("weld-veteli");
  });

  it("rejects an unknown municipality or kind with a ValidationError naming the field", async () => {
    await expect(context.searcher.search({ query: "hitsaaja", municipality: "Atlantis" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(context.searcher.search({ query: "hitsaaja", municipality: "Atlantis" })).rejects.toMatchObject({
      field: "municipality",
    });
    await expect(
      context.searcher.search({ query: "hitsaaja", kind: "job" as unknown as "vacancy" }),
    ).rejects.toMatchObject({ field: "kind" });
    await expect(context.searcher.search({ query: "hitsaaja", nearKm: 20 })).rejects.toMatchObject({ field: "nearKm" });
  });
});
