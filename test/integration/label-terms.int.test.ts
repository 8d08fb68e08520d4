import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureLabelTerms } from "../../knowledge/label-terms-store.js";
import { labelTermIndex } from "../../knowledge/label-terms.js";
import { openSearchFixture, type SearchTestContext } from "../support/search-fixture.js";

let context: SearchTestContext;

beforeAll(async () => {
  context = await openSearchFixture();
});

afterAll(async () => {
  await context?.close();
});

const terms = async (itemId: string) =>
  (
    await context.database.query<{ terms: string[] | null }>(
      "SELECT terms FROM chunks WHERE item_id = $1 AND ordinal = 0",
      [itemId],
    )
  ).rows[0]?.terms;

describe("label terms of chunks", () => {
  it("are written with each chunk: a Swedish nurse vacancy carries its labels' keys", async () => {
    expect(await terms("nurse-kokkola-sv")).toEqual(expect.arrayContaining(["närvårdar*"]));
  });

  it("are filled in for chunks that lack them, and a synonym search finds them again", async () => {
    await context.database.query("UPDATE chunks SET terms = NULL");
    const updated = await ensureLabelTerms(context.database);
    expect(updated).toBeGreaterThan(0);
    expect(await terms("nurse-kokkola-sv")).toEqual(expect.arrayContaining(["närvårdar*"]));
    const after = (await context.searcher.search({ query: "lähäri" })).results.map((result) => result.id);
    expect(after).toEqual(expect.arrayContaining(["nurse-kaustinen", "nurse-kokkola-sv"]));
    expect(await ensureLabelTerms(context.database)).toBe(0);
  });

  it("are recomputed for every chunk when the term file changed", async () => {
    const chunks = (await context.database.query<{ count: number }>("SELECT count(*) AS count FROM chunks")).rows[0]!.count;
    await context.database.query("UPDATE knowledge_settings SET value = $1 WHERE key = 'label_terms'", [
      JSON.stringify({ version: "an older term file" }),
    ]);
    expect(await ensureLabelTerms(context.database)).toBe(chunks);
    const stored = await context.database.query<{ value: { version: string } }>(
      "SELECT value FROM knowledge_settings WHERE key = 'label_terms'",
    );
    expect(stored.rows[0]!.value.version).toBe(labelTermIndex().version);
  });
});
