import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSearchFixture, type SearchTestContext } from "../support/search-fixture.js";

// 2,100 open items share the word "tuulivoimala" (more chunks than the searcher looks up by
// prefix once the planner statistics call a word very common), and one item pairs it with "huolto".
let context: SearchTestContext;

beforeAll(async () => {
  const filler = Array.from({ length: 2100 }, (_, index) => ({
    id: `wind-${index}`,
    kind: "vacancy",
    title: `Kesätyö ${index}`,
    description: `Tuulivoimala työllistää kesällä. Tehtävä numero ${index}.`,
    municipality: "Kokkola",
    validUntil: "today+30",
  }));
  context = await openSearchFixture([
    ...filler,
    {
      id: "wind-service",
      kind: "vacancy",
      title: "Tuulivoimalan huoltoasentaja",
      description: "Tuulivoimala huolto ja korjaus, Kokkola.",
      municipality: "Kokkola",
      validUntil: "today+30",
    },
  ]);
  await context.database.exec("ANALYZE chunks");
}, 120_000);

afterAll(async () => {
  await context?.close();
});

describe("a very common word", () => {
  it("is known as common from the planner statistics", async () => {
    const stats = await context.database.query<{ elems: string[] }>(
      "SELECT most_common_elems::text::text[] AS elems FROM pg_stats WHERE tablename = 'chunks' AND attname = 'tsv_simple'",
    );
    expect(stats.rows[0]?.elems).toContain("tuulivoimala");
  });

  it("still finds items by its stems, and the rarer word decides the order", async () => {
    const alone = await context.searcher.search({ query: "tuulivoimala" });
    expect(alone.results.length).toBeGreaterThan(0);
    expect(alone.results.every((result) => result.id.startsWith("wind-"))).toBe(true);
    const paired = await context.searcher.search({ query: "tuulivoimala huolto" });
    expect(paired.results[0]?.id).toBe("wind-service");
  });
});
