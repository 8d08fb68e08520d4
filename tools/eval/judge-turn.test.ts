import { describe, expect, it } from "vitest";
import { expectationPattern, judgeTurn, observeTurn, type BotActivity } from "./judge-turn.js";

const TODAY = "2026-12-05";
const reply: BotActivity = {
  text: "Löysin 1 koulutuksen: [1] Trukkikorttikurssi. Haku päättyy 15.12.2026. Matkaa 45 km.",
  locale: "fi-FI",
  attachments: [{ content: { type: "AdaptiveCard", body: [{ type: "TextBlock", text: "Kotikunta: Lestijärvi" }], actions: [{ type: "Action.Submit", title: "Kyllä", data: { action: "handoffConsent" } }] } }],
  suggestedActions: { actions: [{ value: { action: "talkToPerson" } }] },
  channelData: { lahituki: { outcome: "answer", sources: ["trn-1", "trn-2"] } },
};
const seen = observeTurn([reply]);

describe("judgeTurn", () => {
  it("passes a turn whose every expectation holds", () => {
    expect(
      judgeTurn(
        {
          outcome: ["answer"],
          sourcesAnyOf: ["trn-2", "x"],
          sourcesAllOf: ["trn-1"],
          firstSourceIn: ["trn-1"],
          sourcesNoneOf: ["vac-1"],
          textMatches: "{date:today+10}",
          textNotMatches: "en löytänyt",
          cardTextMatches: "Lestijärv",
          distanceKm: [40, 50],
          language: "fi",
          cardActions: ["handoffConsent", "talkToPerson"],
        },
        seen,
        undefined,
        TODAY,
      ),
    ).toEqual([]);
  });

  it("names each failed expectation", () => {
    const failures = judgeTurn(
      { outcome: "no-answer", sourcesNoneOf: ["trn-2"], firstSourceIn: ["trn-2"], distanceKm: [60, 70], language: "sv", cardActions: ["widen"], sourcesNotInPrevious: true },
      seen,
      seen,
      TODAY,
    );
    expect(failures).toEqual([
      'outcome "answer" not in ["no-answer"]',
      'first source "trn-1" not in ["trn-2"]',
      'sources include ["trn-2"]',
      `sources repeat the previous turn's ["trn-1","trn-2"]`,
      "no distance 60–70 km stated (found 45 km)",
      'reply language "fi" ≠ sv',
      'actions lack ["widen"]',
    ]);
    expect(judgeTurn({}, observeTurn([]), undefined, TODAY)).toEqual(["no reply within 10 s"]);
  });

  it("expands {date:today+N} to the usual spellings", () => {
    const pattern = expectationPattern("{date:today+10}", TODAY);
    for (const text of ["15.12.2026", "15 Dec", "15. joulukuuta", "2026-12-15", "december 15"]) expect(pattern.test(text)).toBe(true);
    expect(pattern.test("16.12.2026")).toBe(false);
  });
});
