import { describe, expect, it } from "vitest";
import {
  employmentAreaOf,
  isCareerChangeQuestion,
  shortageGuidanceText,
  shortageListFor,
  shortageMark,
  suggestShortageTrainings,
  type ShortageList,
} from "./shortage.js";

const list: ShortageList = {
  area: "keski-pohjanmaa",
  asOf: "2026-09-01",
  source: { name: "Ammattibarometri" },
  occupations: [{ isco: "5321" }, { isco: "72" }],
  updatedBy: "antti",
  updatedAt: "2026-11-01T10:00:00.000Z",
};

const items = [
  { id: "t1", kind: "training", title: "Lähihoitajaksi", occupation: "5321", municipalityCode: "272" },
  { id: "t2", kind: "training", title: "Hitsauskoulutus", occupation: "7212", municipalityCode: "924" },
  { id: "t3", kind: "training", title: "Kokiksi", occupation: "5120", municipalityCode: "272" },
  { id: "v1", kind: "vacancy", title: "Lähihoitaja", occupation: "5321", municipalityCode: "236" },
  { id: "v2", kind: "vacancy", title: "Lähihoitaja", occupation: "5321", municipalityCode: "584" },
  { id: "v3", kind: "vacancy", title: "Hitsaaja", occupation: "7212", municipalityCode: "924" },
  { id: "v4", kind: "vacancy", title: "Lähihoitaja far away", occupation: "5321", municipalityCode: "992" },
];

describe("shortage occupations", () => {
  it("knows the employment area of a municipality", () => {
    expect(employmentAreaOf("236")).toBe("keski-pohjanmaa");
    expect(employmentAreaOf("992")).toBe("pohjoinen-keski-suomi");
  });

  it("marks vacancies whose occupation the area lists, a minor group covering its occupations", () => {
    expect(shortageListFor([list], { occupation: "7212", municipalityCode: "924" })).toBe(list);
    expect(shortageListFor([list], { occupation: "5120", municipalityCode: "924" })).toBeUndefined();
    expect(shortageListFor([list], { occupation: "5321", municipalityCode: "992" })).toBeUndefined();
    expect(shortageMark(list, "fi")).toBe("Pula-ammatti (Ammattibarometri, 1.9.2026)");
    expect(shortageMark(list, "sv")).toContain("Bristyrke");
    expect(shortageMark(list, "en")).toContain("Shortage occupation");
  });

  it("suggests trainings toward nearby shortage occupations with their open vacancies, most vacancies first", () => {
    const suggestions = suggestShortageTrainings({ lists: [list], items, language: "fi", homeCode: "236" });
    expect(suggestions.map((suggestion) => suggestion.isco)).toEqual(["5321", "72"]);
    expect(suggestions[0]!.trainings.map((item) => item.id)).toEqual(["t1"]);
    expect(suggestions[0]!.vacancies.map((item) => item.id)).toEqual(["v1", "v2"]);
    const text = shortageGuidanceText(suggestions, "fi")!;
    expect(text).toContain("lähihoitaja: 1 koulutus, 2 avointa työpaikkaa");
    expect(text).toContain("Ammattibarometri");
    expect(shortageGuidanceText(suggestShortageTrainings({ lists: [], items, language: "en" }), "en")).toBeUndefined();
  });

  it("recognises career-change and training questions in three languages", () => {
    expect(isCareerChangeQuestion("Oon 45-vuotias ja mietin alanvaihtoa")).toBe(true);
    expect(isCareerChangeQuestion("Jag funderar på att byta bransch")).toBe(true);
    expect(isCareerChangeQuestion("I want to retrain for a new career")).toBe(true);
    expect(isCareerChangeQuestion("Onko Kaustisella hitsaajan töitä?")).toBe(false);
  });
});
