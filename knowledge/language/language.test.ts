import { describe, expect, it } from "vitest";
import { crossValidate, findPlaces, TextClassifier, tokenize } from "./index.js";

describe("findPlaces", () => {
  it("finds inflected Finnish, Swedish and spoken forms of municipalities in order", () => {
    const codes = (text: string) => findPlaces(text).map((place) => place.code);
    expect(codes("onks kesäduunei toholammil")).toEqual(["849"]);
    expect(codes("kuinka pitkä matka perhosta on veteliin?")).toEqual(["584", "924"]);
    expect(codes("hur långt är det från Karleby till Vetil")).toEqual(["272", "924"]);
    expect(codes("moi! asun lestijärvellä")).toEqual(["421"]);
    expect(codes("Kaustisella ja Kannuksessa")).toEqual(["236", "217"]);
  });

  it("does not take ordinary words for places", () => {
    expect(findPlaces("onko hitsaajan töitä ja koulutusta").map((place) => place.code)).toEqual([]);
    expect(findPlaces("perhe ja koti, halu ja veto")).toEqual([]);
  });
});

describe("tokenize", () => {
  it("splits on anything but letters and digits and caps very long input", () => {
    expect(tokenize("Mist' saa trukki-kortin?!")).toEqual(["mist", "saa", "trukki", "kortin"]);
    expect(tokenize("a".repeat(100_000)).length).toBe(0);
  });
});

describe("TextClassifier", () => {
  const examples = [
    ...["hello there", "hi friend", "hey hello", "hello hello", "hi there"].map((text) => ({ text, label: "greeting" })),
    ...["welding jobs", "jobs for welders", "any welding work", "welder job", "work as a welder"].map((text) => ({ text, label: "search" })),
  ];

  it("learns labels from examples and generalises to unseen spellings", () => {
    const model = TextClassifier.train(examples);
    expect(model.predict("helo there").label).toBe("greeting");
    expect(model.predict("weldin job").label).toBe("search");
    const prediction = model.predict("hi");
    expect(prediction.ranked.reduce((sum, [, probability]) => sum + probability, 0)).toBeCloseTo(1, 5);
  });

  it("trains deterministically", () => {
    const first = TextClassifier.train(examples).predict("hello work");
    const second = TextClassifier.train(examples).predict("hello work");
    expect(second.ranked).toEqual(first.ranked);
  });

  it("cross-validates with every example predicted by a model that never saw it", () => {
    const result = crossValidate(examples, { folds: 5, group: (example) => example.label });
    expect(result.total.count).toBe(examples.length);
    expect(result.groups.get("greeting")?.count).toBe(5);
    expect(result.total.correct).toBeGreaterThanOrEqual(8);
  });
});
