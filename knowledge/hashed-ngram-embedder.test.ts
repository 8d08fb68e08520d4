import { describe, expect, it } from "vitest";
import { HashedNgramEmbedder } from "./hashed-ngram-embedder.js";

const cosine = (left: number[], right: number[]) => left.reduce((sum, value, index) => sum + value * right[index]!, 0);

describe("HashedNgramEmbedder", () => {
  const embedder = new HashedNgramEmbedder(384);

  it("returns unit vectors of the configured dimension, deterministically", async () => {
    const [first, second] = await embedder.embed(["Hitsaaja Kaustisella", "Hitsaaja Kaustisella"]);
    expect(first).toHaveLength(384);
    expect(Math.hypot(...first!)).toBeCloseTo(1, 10);
    expect(first).toEqual(second);
    expect((await new HashedNgramEmbedder(128).embed(["x"]))[0]).toHaveLength(128);
  });

  it("puts inflected and misspelt forms closer than unrelated words", async () => {
    const [welder, inflected, misspelt, cook] = await embedder.embed(["hitsaaja", "hitsaajan", "hitsajaa", "lähihoitaja"]);
    expect(cosine(welder!, inflected!)).toBeGreaterThan(0.6);
    expect(cosine(welder!, misspelt!)).toBeGreaterThan(cosine(welder!, cook!));
  });

  it("ignores case and punctuation", async () => {
    const [upper, lower] = await embedder.embed(["HITSAAJA, Kokkola!", "hitsaaja kokkola"]);
    expect(cosine(upper!, lower!)).toBeCloseTo(1, 10);
  });

  it("gives empty text a fixed unit vector instead of NaN", async () => {
    const [empty] = await embedder.embed(["   "]);
    expect(empty!.every(Number.isFinite)).toBe(true);
    expect(Math.hypot(...empty!)).toBeCloseTo(1, 10);
  });

  it("says what it is in its id", () => {
    expect(embedder.id).toBe("local-hashed-ngrams-v1");
    expect(embedder.id).not.toMatch(/semantic/);
  });
});
