import { describe, expect, it } from "vitest";
import { municipalityCode } from "../../knowledge/municipalities.js";
import { answerDistance, pickDistancePair } from "./distance-answer.js";

const code = (name: string) => municipalityCode(name)!;

describe("answerDistance", () => {
  it("answers in Finnish with the from and to cases of the geo file", () => {
    const text = answerDistance({ fromCode: code("Lestijärvi"), toCode: code("Kaustinen"), language: "fi" });
    expect(text).toMatch(/^Lestijärveltä Kaustiselle on linnuntietä noin 48 km\./);
    expect(text).toMatch(/linnuntietä/);
    expect(text).toMatch(/tietä pitkin matka on pidempi/i);
    expect(answerDistance({ fromCode: code("Veteli"), toCode: code("Kannus"), language: "fi" })).toMatch(
      /^Vetelistä Kannukseen on linnuntietä noin 48 km\./,
    );
    expect(answerDistance({ fromCode: code("Kaustinen"), toCode: code("Toholampi"), language: "fi" })).toMatch(
      /^Kaustiselta Toholammille on linnuntietä noin \d+ km\./,
    );
    expect(answerDistance({ fromCode: code("Kokkola"), toCode: code("Veteli"), language: "fi" })).toMatch(/^Kokkolasta Veteliin /);
  });

  it("uses Swedish names in Swedish", () => {
    const text = answerDistance({ fromCode: code("Veteli"), toCode: code("Kokkola"), language: "sv" });
    expect(text).toMatch(/^Från Vetil till Karleby är det cirka \d+ km fågelvägen\./);
    expect(text).toMatch(/Vägen är längre/);
    expect(answerDistance({ fromCode: code("Lestijärvi"), toCode: code("Kaustinen"), language: "sv" })).toMatch(
      /^Från Lestijärvi till Kaustby är det cirka 48 km/,
    );
  });

  it("says in English that it is a straight line and the road is longer", () => {
    const text = answerDistance({ fromCode: code("Kaustinen"), toCode: code("Kokkola"), language: "en" });
    expect(text).toBe(
      "From Kaustinen to Kokkola it is about 43 km in a straight line. The distance by road is longer.",
    );
  });

  it("says when both places are the same municipality", () => {
    expect(answerDistance({ fromCode: code("Veteli"), toCode: code("Veteli"), language: "fi" })).toMatch(/^Molemmat ovat Vetelissä/);
    expect(answerDistance({ fromCode: code("Veteli"), toCode: code("Veteli"), language: "sv" })).toMatch(/Vetil/);
    expect(answerDistance({ fromCode: code("Veteli"), toCode: code("Veteli"), language: "en" })).toMatch(/both in Veteli/);
  });

  it("admits an unknown place instead of inventing a distance", () => {
    for (const language of ["fi", "sv", "en"] as const) {
      const text = answerDistance({ fromCode: "999", toCode: code("Veteli"), language });
      expect(text).not.toMatch(/\d+ km/);
      expect(text.length).toBeGreaterThan(10);
    }
  });
});

describe("pickDistancePair", () => {
  const kaustinen = code("Kaustinen");
  const veteli = code("Veteli");
  const kannus = code("Kannus");
  const kokkola = code("Kokkola");

  it("takes two mentioned places in the order they were said", () => {
    expect(pickDistancePair({ mentioned: [veteli, kannus], home: kaustinen })).toEqual({ fromCode: veteli, toCode: kannus });
  });

  it("measures one mentioned place from home", () => {
    expect(pickDistancePair({ mentioned: [kannus], home: kaustinen })).toEqual({ fromCode: kaustinen, toCode: kannus });
  });

  it("measures one mentioned place to the shown item's place when home is unknown or is that place", () => {
    expect(pickDistancePair({ mentioned: [veteli], shownItemPlace: kokkola })).toEqual({ fromCode: veteli, toCode: kokkola });
    expect(pickDistancePair({ mentioned: [veteli], home: veteli, shownItemPlace: kokkola })).toEqual({ fromCode: veteli, toCode: kokkola });
    expect(pickDistancePair({ mentioned: [veteli], lastPlace: kannus })).toEqual({ fromCode: veteli, toCode: kannus });
  });

  it("measures from home to the shown item's place when nothing is named", () => {
    expect(pickDistancePair({ mentioned: [], home: kaustinen, shownItemPlace: kokkola })).toEqual({ fromCode: kaustinen, toCode: kokkola });
    expect(pickDistancePair({ mentioned: [], home: kaustinen, lastPlace: kannus })).toEqual({ fromCode: kaustinen, toCode: kannus });
  });

  it("takes the page's municipality for an unknown home, and home over the page", () => {
    const halsua = code("Halsua");
    const kyyjarvi = code("Kyyjärvi");
    expect(pickDistancePair({ mentioned: [kyyjarvi], page: halsua, shownItemPlace: kaustinen })).toEqual({ fromCode: halsua, toCode: kyyjarvi });
    expect(pickDistancePair({ mentioned: [kyyjarvi], home: veteli, page: halsua })).toEqual({ fromCode: veteli, toCode: kyyjarvi });
  });

  it("gives up when it cannot tell where from, so the caller can ask", () => {
    expect(pickDistancePair({ mentioned: [] })).toBeUndefined();
    expect(pickDistancePair({ mentioned: [], shownItemPlace: kokkola })).toBeUndefined();
    expect(pickDistancePair({ mentioned: [kannus] })).toBeUndefined();
    expect(pickDistancePair({ mentioned: [], home: kaustinen })).toBeUndefined();
  });

  it("ignores a place mentioned twice", () => {
    expect(pickDistancePair({ mentioned: [kannus, kannus], home: kaustinen })).toEqual({ fromCode: kaustinen, toCode: kannus });
  });
});
