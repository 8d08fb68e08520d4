import { describe, expect, it } from "vitest";
import { municipalityCode } from "./municipalities.js";
import {
  DEFAULT_CALIBRATION,
  lexicalEvidence,
  makeSnippet,
  MIN_SCORE,
  municipalityFactor,
  rankCandidates,
  ranksForAudience,
  rrfDamping,
  vectorEvidence,
  type Candidate,
  type RankingContext,
} from "./search-ranking.js";

const veteli = municipalityCode("Veteli")!;
const kokkola = municipalityCode("Kokkola")!;
const context: RankingContext = {
  totalWeight: 1,
  preferKinds: [],
  today: "2026-06-01",
  calibration: DEFAULT_CALIBRATION.local!,
};
const candidate = (key: string, extra: Partial<Candidate> = {}): Candidate => ({
  key,
  lexicalRank: 1,
  matchedWeight: 1,
  titleWeight: 1,
  vectorRank: 1,
  distance: 0.4,
  kind: "vacancy",
  ...extra,
});

describe("evidence", () => {
  it("counts two matched concepts as full lexical evidence", () => {
    expect(lexicalEvidence(1, 1)).toBe(1);
    expect(lexicalEvidence(1, 4)).toBe(0.5);
    expect(lexicalEvidence(2, 4)).toBe(1);
    expect(lexicalEvidence(0, 3)).toBe(0);
  });

  it("maps cosine distance through the embedder's calibration", () => {
    const calibration = { floor: 0.2, ceiling: 0.6 };
    expect(vectorEvidence(0.8, calibration)).toBe(0);
    expect(vectorEvidence(0.6, calibration)).toBeCloseTo(0.5);
    expect(vectorEvidence(0.1, calibration)).toBe(1);
    expect(vectorEvidence(undefined, calibration)).toBe(0);
  });

  it("damps by rank as reciprocal rank fusion does, 1 at the top", () => {
    expect(rrfDamping(1)).toBe(1);
    expect(rrfDamping(10)).toBeLessThan(rrfDamping(2));
    expect(rrfDamping(undefined)).toBe(0);
  });
});

describe("rankCandidates", () => {
  it("ranks the named municipality clearly before the same match elsewhere", () => {
    const ranked = rankCandidates(
      [candidate("kokkola", { municipality: kokkola }), candidate("veteli", { municipality: veteli, lexicalRank: 2, vectorRank: 2 })],
      { ...context, preferMunicipality: { code: veteli, near: false } },
    );
    expect(ranked.map((entry) => entry.candidate.key)).toEqual(["veteli", "kokkola"]);
    expect(ranked[1]!.score).toBeLessThan(ranked[0]!.score * 0.8);
    expect(municipalityFactor(undefined, { code: veteli, near: false })).toBeLessThan(1);
  });

  it("ranks the preferred kind first", () => {
    const ranked = rankCandidates(
      [candidate("course", { kind: "training" }), candidate("job", { lexicalRank: 2 })],
      { ...context, preferKinds: ["vacancy"] },
    );
    expect(ranked[0]!.candidate.key).toBe("job");
  });

  it("puts the asker's audience first and treats items for both as matching", () => {
    const items = [
      candidate("for-jobseekers", { kind: "service", audience: "jobseeker" }),
      candidate("for-employers", { kind: "service", audience: "employer", lexicalRank: 2, vectorRank: 2 }),
      candidate("for-both", { kind: "service", audience: "both", lexicalRank: 3, vectorRank: 3 }),
    ];
    const asEmployer = rankCandidates(items, { ...context, preferAudience: "employer" }).map((entry) => entry.candidate.key);
    expect(asEmployer.slice(0, 2)).toEqual(["for-employers", "for-both"]);
    expect(asEmployer.at(-1)).toBe("for-jobseekers");
    const asJobseeker = rankCandidates(items, { ...context, preferAudience: "jobseeker" }).map((entry) => entry.candidate.key);
    expect(asJobseeker[0]).toBe("for-jobseekers");
    expect(asJobseeker.at(-1)).toBe("for-employers");
    const noPreference = rankCandidates(items, context).map((entry) => entry.candidate.key);
    expect(noPreference).toEqual(["for-jobseekers", "for-employers", "for-both"]);
  });

  it("counts ranks among the asker's audience, so items for the other audience take no place from them", () => {
    const candidates = [
      candidate("employer-page", { audience: "employer", lexicalRank: 1, vectorRank: 1 }),
      candidate("jobseeker-page", { audience: "jobseeker", lexicalRank: 2, vectorRank: 3 }),
      candidate("shared-page", { audience: "both", lexicalRank: 3, vectorRank: 2 }),
    ];
    const ranked = ranksForAudience(candidates, "jobseeker");
    expect(ranked.map((entry) => [entry.key, entry.lexicalRank, entry.vectorRank])).toEqual([
      ["employer-page", 1, 1],
      ["jobseeker-page", 1, 2],
      ["shared-page", 2, 1],
    ]);
    expect(ranksForAudience(candidates, undefined)).toEqual(candidates);
  });

  it("marks items opening later as upcoming and puts them after equally relevant open ones", () => {
    const ranked = rankCandidates(
      [candidate("later", { validFrom: "2026-06-20" }), candidate("open", { validFrom: "2026-05-01", lexicalRank: 2, vectorRank: 2 })],
      context,
    );
    expect(ranked.map((entry) => [entry.candidate.key, entry.upcoming])).toEqual([
      ["open", false],
      ["later", true],
    ]);
  });

  it("drops vector-only candidates without lexical support unless nearly identical", () => {
    const ranked = rankCandidates(
      [candidate("vector-only", { lexicalRank: undefined, matchedWeight: 0, titleWeight: 0, distance: 0.7 })],
      context,
    );
    expect(ranked).toEqual([]);
  });

  it("drops weak results and results far below the best (no padding)", () => {
    const ranked = rankCandidates(
      [
        candidate("strong"),
        candidate("weak", { matchedWeight: 0.3, titleWeight: 0, lexicalRank: 40, vectorRank: undefined, distance: undefined }),
      ],
      { ...context, totalWeight: 2 },
    );
    expect(ranked.map((entry) => entry.candidate.key)).toEqual(["strong"]);
    for (const entry of ranked) expect(entry.score).toBeGreaterThanOrEqual(MIN_SCORE);
  });

  it("keeps scores within [0, 1]", () => {
    for (const entry of rankCandidates([candidate("a", { distance: 0 })], context)) {
      expect(entry.score).toBeGreaterThan(0);
      expect(entry.score).toBeLessThanOrEqual(1);
    }
  });
});

describe("makeSnippet", () => {
  it("returns short texts whole and cuts long ones around the first matched term", () => {
    expect(makeSnippet("Hitsaaja\nVeteli", ["hitsaaja"])).toBe("Hitsaaja Veteli");
    const long = `${"alku ".repeat(200)}tärkeä hitsaaja kohta ${"loppu ".repeat(200)}`;
    const snippet = makeSnippet(long, ["hitsaaja"], 120);
    expect(snippet).toContain("hitsaaja");
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(125);
  });
});
