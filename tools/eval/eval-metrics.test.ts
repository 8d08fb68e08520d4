import { describe, expect, it } from "vitest";
import { ndcgAtK, recallAtK, reciprocalRankAtK, summarise } from "./eval-metrics.js";

describe("retrieval metrics", () => {
  it("counts the share of relevant ids within the cut-off", () => {
    expect(recallAtK(["a", "x", "b"], ["a", "b"], 2)).toBe(0.5);
    expect(recallAtK(["a", "x", "b"], ["a", "b"], 3)).toBe(1);
    expect(recallAtK(["a"], [], 5)).toBe(0);
  });

  it("gives the reciprocal rank of the first relevant id only within k", () => {
    expect(reciprocalRankAtK(["x", "y", "a"], ["a"], 10)).toBeCloseTo(1 / 3);
    expect(reciprocalRankAtK(["x", "y", "a"], ["a"], 2)).toBe(0);
    expect(reciprocalRankAtK(["a", "b"], ["b", "a"], 10)).toBe(1);
  });

  it("normalises DCG by the ideal ordering", () => {
    expect(ndcgAtK(["a", "b"], ["a", "b"], 10)).toBeCloseTo(1);
    expect(ndcgAtK(["x", "a"], ["a"], 10)).toBeCloseTo(1 / Math.log2(3));
    expect(ndcgAtK(["x", "y"], ["a"], 10)).toBe(0);
  });

  it("averages per question", () => {
    const summary = summarise([
      { retrieved: ["a"], relevant: ["a"] },
      { retrieved: ["x"], relevant: ["a"] },
    ]);
    expect(summary).toMatchObject({ count: 2, recallAt5: 0.5, recallAt10: 0.5, mrrAt10: 0.5 });
    expect(summarise([]).recallAt5).toBe(0);
  });
});
