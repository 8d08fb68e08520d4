import { describe, expect, it } from "vitest";
import { municipalityCode } from "./municipalities.js";
import {
  matchedGroupWeight,
  groupPrefixQuery,
  groupStemQuery,
  isInflectionOf,
  lightStem,
  normaliseQuery,
  quoteLexeme,
  tokenize,
  understandQuery,
} from "./query-understanding.js";
import { createVocabulary, loadVocabulary } from "./terms.js";

const vocabulary = createVocabulary({
  occupations: [
    { isco: "7212", fi: ["hitsaaja", "hitsari"], sv: ["svetsare"], en: ["welder"] },
    { isco: "5321", fi: ["lähihoitaja", "lähäri"], sv: ["närvårdare"], en: ["practical nurse"] },
    { isco: "8344", fi: ["trukinkuljettaja", "trukkikuski", "trukki"], sv: ["truckförare"], en: ["forklift driver"] },
    { isco: "8332", fi: ["kuorma-autonkuljettaja", "rekkakuski"], sv: ["lastbilschaufför"], en: ["truck driver"] },
    { isco: "3221", fi: ["sairaanhoitaja", "hoitaja"], sv: ["sjukskötare"], en: ["nurse"] },
    { isco: "2221", fi: ["sairaanhoitaja", "hoitaja"], sv: ["sjuksköterska"], en: ["registered nurse"] },
  ],
  concepts: [
    { key: "job", fi: ["työ", "työpaikka"], sv: ["jobb"], en: ["job", "jobs"] },
    { key: "training", fi: ["kurssi", "koulutus"], sv: ["kurs", "utbildning"], en: ["course", "training"] },
    { key: "work-cards", fi: ["työturvallisuuskortti", "hygieniapassi", "trukkikortti"], sv: ["arbetssäkerhetskort", "hygienpass"], en: ["safety card", "hygiene passport"] },
  ],
});

describe("normalising and tokenising", () => {
  it("removes control characters, NUL and lone surrogates and caps the length", () => {
    expect(normaliseQuery("  Hitsaaja\u0000\u0007 \ud800Veteli ")).toBe("hitsaaja veteli");
    expect(normaliseQuery("x".repeat(20_000)).length).toBe(500);
  });

  it("keeps only letters and digits in tokens, so tsquery operators never pass", () => {
    expect(tokenize("' & | ! : * ( ) \\ hitsaaja:* O'Neil")).toEqual(["hitsaaja", "o", "neil"]);
  });

  it("quotes lexemes defensively", () => {
    expect(quoteLexeme("o'neil\\")).toBe("'o''neil\\\\'");
  });
});

describe("Finnish inflection", () => {
  it("strips one ending when a stem of four letters remains", () => {
    expect(lightStem("hitsarin")).toBe("hitsar");
    expect(lightStem("kesäduunia")).toBe("kesäduun");
    expect(lightStem("työ")).toBe("työ");
  });

  it("recognises inflected forms with consonant gradation but not unrelated words", () => {
    expect(isInflectionOf("hommia", "homma")).toBe(true);
    expect(isInflectionOf("paikkoja", "paikka")).toBe(true);
    expect(isInflectionOf("lähihoitajan", "lähihoitaja")).toBe(true);
    expect(isInflectionOf("ulkomaisen", "ulkomainen")).toBe(true);
    expect(isInflectionOf("kokkolaa", "kokki")).toBe(false);
    expect(isInflectionOf("person", "personal")).toBe(false);
    expect(isInflectionOf("it", "itä")).toBe(false);
  });
});

describe("understandQuery", () => {
  it("detects inflected municipality names in Finnish and Swedish", () => {
    expect(understandQuery("Onko Vetelissä hitsaajan paikkoja auki?", vocabulary).municipality?.code).toBe(
      municipalityCode("Veteli"),
    );
    expect(understandQuery("svetsarjobb i Karleby", vocabulary).municipality?.code).toBe(municipalityCode("Kokkola"));
    expect(understandQuery("töitä Kokkolaa lähellä", vocabulary).municipality).toEqual({
      code: municipalityCode("Kokkola"),
      near: true,
    });
    expect(understandQuery("jobs near Veteli", vocabulary).municipality).toEqual({ code: municipalityCode("Veteli"), near: true });
  });

  it("turns kind words into a kind preference, not into search terms", () => {
    const understanding = understandQuery("hitsaajan paikkoja", vocabulary);
    expect(understanding.kinds).toEqual(["vacancy"]);
    expect(understanding.groups.map((group) => group.surface)).toEqual(["hitsaajan"]);
    expect(understandQuery("onko kurssia", vocabulary).kinds).toEqual(["training"]);
  });

  it("expands colloquial words to their occupation's labels in all languages", () => {
    const [group] = understandQuery("hitsarin hommia", vocabulary).groups;
    expect(group?.entryKeys).toEqual(["isco:7212"]);
    const query = groupPrefixQuery(group!);
    expect(query).toContain("'svetsar':*");
    expect(query).toContain("'welder':*");
    expect(query).toContain("'hitsaaj':*");
  });

  it("matches multi-word labels before single words", () => {
    const groups = understandQuery("practical nurse job", vocabulary).groups;
    expect(groups).toHaveLength(1);
    expect(groups[0]?.entryKeys).toEqual(["isco:5321"]);
    expect(groupPrefixQuery(groups[0]!)).toContain("('practical':* & 'nurse')");
  });

  it("splits compounds into a known head and a kind ('lähihoitajakoulutus', 'trukkikorttikurssia')", () => {
    const nurse = understandQuery("lähihoitajakoulutus", vocabulary);
    expect(nurse.kinds).toEqual(["training"]);
    expect(nurse.groups.map((group) => group.entryKeys)).toEqual([["isco:5321"]]);
    const card = understandQuery("trukkikorttikurssia", vocabulary);
    expect(card.kinds).toEqual(["training"]);
    expect(card.groups[0]?.surface).toBe("trukkikortti");
  });

  it("maps a bare compound head to the occupations ending in it ('kuskin' → drivers)", () => {
    const [group] = understandQuery("kuskin hommia", vocabulary).groups;
    expect(group?.entryKeys).toEqual(expect.arrayContaining(["isco:8344", "isco:8332"]));
  });

  it("does not expand with labels that also name an occupation the user did not mean", () => {
    const [group] = understandQuery("lähäri", vocabulary).groups;
    expect(groupPrefixQuery(group!)).not.toMatch(/'hoitaj'/);
  });

  it("counts concept words beyond the aligned translation as broad evidence", () => {
    const [group] = understandQuery("hygienpass", vocabulary).groups;
    expect(groupPrefixQuery(group!, "core")).toContain("'hygieniapass':*");
    expect(groupPrefixQuery(group!, "core")).not.toContain("työturvallisuuskortt");
    expect(groupPrefixQuery(group!, "broad")).toContain("'työturvallisuuskortt':*");
  });

  it("drops stop words but keeps upper-case acronyms", () => {
    expect(understandQuery("is it open", vocabulary).groups).toEqual([]);
    expect(understandQuery("IT jobs", vocabulary).groups.map((group) => group.surface)).toEqual(["it"]);
  });

  it("yields no groups and no error for pure punctuation", () => {
    const understanding = understandQuery("' & | ! : * ( ) \\", vocabulary);
    expect(understanding.groups).toEqual([]);
    expect(groupStemQuery({ surface: "", stemWords: [], alternatives: [], entryKeys: [], weight: 1 })).toBe("");
  });

  it("works with the shipped term file", () => {
    const shipped = loadVocabulary();
    expect(shipped.entries.length).toBeGreaterThan(50);
    const [group] = understandQuery("trukkikuski", shipped).groups;
    expect(groupPrefixQuery(group!)).toContain("forklift");
  });

  it("reads not knowing what work to do as a need for career guidance, in spoken Finnish, Swedish and English", () => {
    const shipped = loadVocabulary();
    const keysOf = (query: string) => understandQuery(query, shipped).groups.flatMap((group) => group.entryKeys);
    expect(keysOf("oon 22v enkä tiiä mitä haluun tehä")).toContain("concept:guidance");
    expect(keysOf("en tiedä mitä haluaisin tehdä isona")).toContain("concept:guidance");
    expect(keysOf("jag vet inte vad jag vill jobba med")).toContain("concept:guidance");
    expect(keysOf("I don't know what I want to do")).toContain("concept:guidance");
    // Not knowing which papers to bring is no career question.
    expect(keysOf("en tiedä mitä papereita tarvitsen")).not.toContain("concept:guidance");
  });
});

describe("title coverage", () => {
  it("counts the groups whose words or expansions a title contains, prefixes as prefixes", () => {
    const { groups } = understandQuery("hitsari osa-aikainen", loadVocabulary());
    expect(groups).toHaveLength(2);
    expect(matchedGroupWeight("Hitsaajia osa-aikaisesti", groups)).toBe(2);
    expect(matchedGroupWeight("Svetsare till Karleby", groups)).toBe(1);
    expect(matchedGroupWeight("Lähihoitaja, kokoaikainen", groups)).toBe(0);
  });
});
