import { describe, expect, it } from "vitest";
import { createLabelTermIndex, labelTermIndex } from "./label-terms.js";
import { alternativeKey, understandQuery } from "./query-understanding.js";
import { createVocabulary, loadVocabulary } from "./terms.js";

const vocabulary = createVocabulary({
  occupations: [
    { isco: "7212", fi: ["hitsaaja", "hitsari"], sv: ["svetsare"], en: ["welder", "mig welder"] },
    { isco: "5322", fi: ["kotihoitaja"], sv: ["hemvårdare"], en: ["home care worker"] },
  ],
  concepts: [],
});

describe("label term index", () => {
  const index = createLabelTermIndex(vocabulary);

  it("matches a prefix label in an inflected word and an exact short label only whole", () => {
    expect(index.match("Haemme hitsaajia Kokkolaan")).toEqual(["hitsaaj*"]);
    expect(index.match("hitsarin duuni")).toEqual(["hitsar*"]);
    // "mig" is exact (short), "welder" a prefix: both words must occur, in any order.
    expect(index.match("welders wanted, MIG experience")).toEqual(["mig welder*", "welder*"]);
    expect(index.match("migration welders")).toEqual(["welder*"]);
  });

  it("needs every word of a multi-word label", () => {
    expect(index.match("home care worker in Kannus")).toEqual(["home care worker*"]);
    expect(index.match("care worker at home")).toEqual(["home care worker*"]);
    expect(index.match("care worker")).toEqual([]);
  });

  it("changes version when the labels change", () => {
    const other = createLabelTermIndex(createVocabulary({ occupations: [{ isco: "7212", fi: ["hitsaaja"], sv: [], en: [] }], concepts: [] }));
    expect(other.version).not.toBe(index.version);
    expect(createLabelTermIndex(vocabulary).version).toBe(index.version);
  });

  it("indexes every label alternative a query expands to (shipped term file)", () => {
    const shipped = labelTermIndex();
    const understanding = understandQuery("lähihoitaja kokki trukkikuski welding", loadVocabulary());
    const labelled = understanding.groups.flatMap((group) => group.alternatives).filter((alternative) => shipped.has(alternativeKey(alternative)));
    expect(labelled.length).toBeGreaterThan(20);
    expect(shipped.match("Etsimme lähihoitajaa kotihoitoon")).toContain("lähihoitaj*");
  });
});
