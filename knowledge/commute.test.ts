import { describe, expect, it } from "vitest";
import {
  distanceLabel,
  finnishFromCase,
  finnishLocative,
  finnishToCase,
  formatDistanceFrom,
  planCommute,
  roundedDistanceKm,
  scarcityMessage,
} from "./commute.js";
import { municipalityCode } from "./municipalities.js";

const code = (name: string) => municipalityCode(name)!;

describe("distances between municipal centres", () => {
  it("match the shipped coordinates for known pairs", () => {
    expect(roundedDistanceKm(code("Kaustinen"), code("Kokkola"))).toBeGreaterThanOrEqual(42);
    expect(roundedDistanceKm(code("Kaustinen"), code("Kokkola"))).toBeLessThanOrEqual(44);
    expect(roundedDistanceKm(code("Halsua"), code("Kaustinen"))).toBeGreaterThanOrEqual(24);
    expect(roundedDistanceKm(code("Halsua"), code("Kaustinen"))).toBeLessThanOrEqual(26);
    expect(roundedDistanceKm(code("Kokkola"), code("Kaustinen"))).toBe(roundedDistanceKm(code("Kaustinen"), code("Kokkola")));
  });
});

describe("Finnish place forms", () => {
  it("uses the geo file's singular forms, not plurals or merged former municipalities", () => {
    expect(finnishFromCase(code("Kaustinen"))).toBe("Kaustiselta");
    expect(finnishFromCase(code("Veteli"))).toBe("Vetelistä");
    expect(finnishFromCase(code("Kokkola"))).toBe("Kokkolasta");
    expect(finnishLocative(code("Kokkola"))).toBe("Kokkolassa");
    expect(finnishLocative(code("Toholampi"))).toBe("Toholammilla");
  });

  it("says where to in Finnish: allative for -lla places, illative for -ssa places, never the genitive", () => {
    expect(finnishToCase(code("Kaustinen"))).toBe("Kaustiselle");
    expect(finnishToCase(code("Toholampi"))).toBe("Toholammille");
    expect(finnishToCase(code("Lestijärvi"))).toBe("Lestijärvelle");
    expect(finnishToCase(code("Veteli"))).toBe("Veteliin");
    expect(finnishToCase(code("Kokkola"))).toBe("Kokkolaan");
    expect(finnishToCase(code("Kannus"))).toBe("Kannukseen");
    expect(finnishToCase(code("Helsinki"))).toBe("Helsinkiin");
    // "laukaan" (genitive) is listed before "laukaaseen" (illative).
    expect(finnishToCase(code("Laukaa"))).toBe("Laukaaseen");
  });

  it("formats the distance label in each language", () => {
    expect(formatDistanceFrom(32.4, code("Kaustinen"), "fi")).toBe("32 km Kaustiselta");
    expect(formatDistanceFrom(32.4, code("Kaustinen"), "sv")).toBe("32 km från Kaustby");
    expect(formatDistanceFrom(32.4, code("Kaustinen"), "en")).toBe("32 km from Kaustinen");
    expect(distanceLabel(code("Kaustinen"), code("Kaustinen"), "fi")).toBe("kotikunnassasi");
    expect(distanceLabel(code("Kaustinen"), code("Kokkola"), "fi")).toBe("43 km Kaustiselta");
    expect(distanceLabel(code("Kaustinen"), undefined, "fi")).toBeUndefined();
  });
});

describe("few near, more farther", () => {
  const kokkola = code("Kokkola");
  const results = [
    { id: "a", municipalityCode: kokkola },
    { id: "b", municipalityCode: kokkola },
    { id: "c", municipalityCode: kokkola },
    { id: "d", municipalityCode: undefined },
  ];

  it("says that nothing is near and offers the nearest farther place with its distance", () => {
    const plan = planCommute(results, { homeCode: code("Veteli") });
    expect(plan.scarce).toBe(true);
    expect(plan.near).toHaveLength(0);
    expect(plan.farther[0]?.municipalityCode).toBe(kokkola);
    const km = roundedDistanceKm(code("Veteli"), kokkola);
    const message = scarcityMessage(plan, "fi", "vacancy")!;
    expect(message).toContain("Vetelissä ja sen lähistöllä");
    expect(message).toContain(`ei nyt ole avoimia työpaikkoja, mutta Kokkolassa, ${km} km, on kolme`);
    expect(message).toContain("linnuntietä");
    expect(scarcityMessage(plan, "sv", "vacancy")).toContain(`i Karleby, ${km} km, finns tre`);
    expect(scarcityMessage(plan, "en", "vacancy")).toContain(`Kokkola, ${km} km away, has three`);
  });

  it("counts near results and is silent when there are enough of them", () => {
    const near = [...results, { id: "e", municipalityCode: code("Veteli") }];
    const plan = planCommute(near, { homeCode: code("Kaustinen") });
    expect(plan.near.map((result) => result.id)).toEqual(["e"]);
    expect(scarcityMessage(plan, "fi", "vacancy")).toContain("Kaustisella ja sen lähistöllä (alle 30 km) on nyt vain yksi avoin työpaikka");
    const plenty = planCommute(
      [1, 2, 3].map((index) => ({ id: String(index), municipalityCode: code("Veteli") })),
      { homeCode: code("Kaustinen") },
    );
    expect(plenty.scarce).toBe(false);
    expect(scarcityMessage(plenty, "fi")).toBeUndefined();
    expect(scarcityMessage(plan, "sv", "vacancy")).toContain("bara ett ledigt jobb i Kaustby med omnejd");
  });
});
