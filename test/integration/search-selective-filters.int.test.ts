import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HashedNgramEmbedder } from "../../knowledge/hashed-ngram-embedder.js";
import { HybridSearcher } from "../../knowledge/hybrid-search.js";
import type { Database } from "../../platform/database.js";
import { inspectStatements } from "../support/inspected-database.js";
import { openSearchFixture, type SearchTestContext } from "../support/search-fixture.js";

// 1,200 open warehouse vacancies in Kokkola and a few in Kannus (under 1% of chunks), one of them
// expired, one a training: a Kannus filter is selective enough to become an index condition.
let context: SearchTestContext;

beforeAll(async () => {
  const kokkola = Array.from({ length: 1200 }, (_, index) => ({
    id: `store-kokkola-${index}`,
    kind: "vacancy",
    title: `Varastotyöntekijä ${index}`,
    description: `Varastotyöntekijä keräilyyn ja lähettämöön. Vuoro ${index % 3}.`,
    municipality: "Kokkola",
    validUntil: "today+30",
  }));
  const kannus = [
    { id: "store-kannus-1", kind: "vacancy", title: "Varastotyöntekijä, Kannus", description: "Varastotyöntekijä keräilyyn.", municipality: "Kannus", validUntil: "today+20" },
    { id: "store-kannus-2", kind: "vacancy", title: "Varastotyöntekijä, osa-aikainen", description: "Varastotyöntekijä iltavuoroon.", municipality: "Kannus", validUntil: "today+10" },
    { id: "store-kannus-old", kind: "vacancy", title: "Varastotyöntekijä, päättynyt", description: "Varastotyöntekijä keräilyyn.", municipality: "Kannus", validFrom: "today-40", validUntil: "today-2" },
    { id: "store-kannus-course", kind: "training", title: "Varastotyön koulutus", description: "Varastotyöntekijä-koulutus ja trukkikortti.", municipality: "Kannus", validUntil: "today+40" },
  ];
  context = await openSearchFixture([...kokkola, ...kannus]);
  await context.database.exec("ANALYZE chunks");
}, 120_000);

afterAll(async () => {
  await context?.close();
});

/** A searcher over the fixture database that records the statements it runs. */
function recordingSearcher(database: Database): { searcher: HybridSearcher; statements: string[] } {
  const statements: string[] = [];
  const recorded = inspectStatements(database, (sql) => statements.push(sql));
  return { searcher: new HybridSearcher({ database: recorded, embedder: new HashedNgramEmbedder() }), statements };
}

describe("a selective municipality filter", () => {
  it("is applied inside the index scans and returns exactly the open items of that municipality", async () => {
    const { searcher, statements } = recordingSearcher(context.database);
    const response = await searcher.search({ query: "varastotyöntekijä", municipality: "Kannus" });
    expect(response.results.map((result) => result.id).sort()).toEqual(["store-kannus-1", "store-kannus-2", "store-kannus-course"]);
    const lexical = statements.find((sql) => sql.includes("WITH grp"));
    // As an index condition the municipality filter stands outside the `IS TRUE` row filter.
    expect(lexical).toMatch(/IS TRUE AND c\.municipality = ANY/);
  });

  it("keeps kind and validity with it", async () => {
    const response = await context.searcher.search({ query: "varastotyöntekijä", municipality: "Kannus", kind: "training" });
    expect(response.results.map((result) => result.id)).toEqual(["store-kannus-course"]);
    const expired = await context.searcher.search({ query: "varastotyöntekijä", municipality: "Kannus", includeExpired: true });
    expect(expired.results.map((result) => result.id)).toContain("store-kannus-old");
  });
});

describe("an unselective municipality filter", () => {
  it("stays a row filter and still returns only that municipality", async () => {
    const { searcher, statements } = recordingSearcher(context.database);
    const response = await searcher.search({ query: "varastotyöntekijä", municipality: "Kokkola", limit: 20 });
    expect(response.results).toHaveLength(20);
    expect(response.results.every((result) => result.municipality === "Kokkola")).toBe(true);
    const lexical = statements.find((sql) => sql.includes("WITH grp"));
    expect(lexical).not.toMatch(/IS TRUE AND c\.municipality = ANY/);
  });
});
