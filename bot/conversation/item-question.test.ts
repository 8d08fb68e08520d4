import { describe, expect, it } from "vitest";
import type { SearchResult } from "../../knowledge/index.js";
import {
  answerItemQuestion,
  guessItemField,
  parseShownItems,
  resolveItemReference,
  splitSentences,
  toShownItem,
  type ShownItem,
} from "./item-question.js";

const today = "2026-12-05";

function result(overrides: Partial<SearchResult>): SearchResult {
  return {
    id: "item",
    source: "test",
    kind: "training",
    title: "Item",
    upcoming: false,
    score: 0.9,
    snippet: "",
    language: "fi",
    description: "",
    ...overrides,
  };
}

const weldingCourse = toShownItem(
  result({
    id: "t-1",
    kind: "training",
    title: "Hitsauksen perusteet",
    organization: "Keski-Pohjanmaan koulutusyhtymä",
    municipality: "Kaustinen",
    municipalityCode: "236",
    url: "https://example.fi/hitsaus",
    validUntil: "2026-12-15",
    startDate: "2027-01-11",
    format: "in-person",
    description:
      "Opit hitsauksen perusteet MIG- ja puikkohitsauksella. Koulutus kestää 6 kuukautta ja sisältää työssäoppimista. " +
      "Materiaalimaksu on 190 €, muuten koulutus on maksuton. Hae koulutukseen verkkolomakkeella viimeistään 15.12. " +
      "Koulutus sopii myös aloittelijoille.",
  }),
);

const cleaningJob = toShownItem(
  result({
    id: "v-1",
    kind: "vacancy",
    title: "Siivooja",
    organization: "Puhdas Oy",
    municipality: "Veteli",
    municipalityCode: "924",
    description: "Haemme siivoojaa kouluun. Työ on osa-aikainen. Palkka TES:n mukaan, noin 2100 €/kk.",
  }),
);

const registration = toShownItem(
  result({
    id: "s-1",
    kind: "service",
    title: "Työnhakijaksi ilmoittautuminen",
    organization: "Keski-Pohjanmaan työllisyysalue",
    municipality: "Kokkola",
    municipalityCode: "272",
    address: "Torikatu 40, Kokkola",
    openingHours: "ma–pe 9–15",
    phone: "040 123 4567",
    description: "Ilmoittaudu työnhakijaksi Työmarkkinatorissa. Neuvontaa saat myös puhelimitse.",
  }),
);

describe("answerItemQuestion from the description", () => {
  it("answers an English cost question about a Finnish course by quoting the sentence with 190 €", () => {
    const answer = answerItemQuestion({ item: weldingCourse, field: "cost", question: "how much does it cost?", language: "en", today });
    expect(answer.found).toBe(true);
    expect(answer.text).toContain("Materiaalimaksu on 190 €, muuten koulutus on maksuton.");
    expect(answer.text).not.toContain("kestää 6 kuukautta");
    expect(answer.text).toMatch(/^The description of the training \[1\] says:/);
    expect(answer.text).toContain("[1] Hitsauksen perusteet – Keski-Pohjanmaan koulutusyhtymä, Kaustinen");
    expect(answer.text).toContain("https://example.fi/hitsaus");
  });

  it("finds the duration in months, quoting it in the item's own words", () => {
    const answer = answerItemQuestion({ item: weldingCourse, field: "duration", question: "hur länge pågår den?", language: "sv", today });
    expect(answer.found).toBe(true);
    expect(answer.text).toContain("Koulutus kestää 6 kuukautta ja sisältää työssäoppimista.");
    expect(answer.text).toMatch(/^I beskrivningen av utbildningen \[1\] står det:/);
    expect(answer.text).not.toContain("190");
  });

  it("takes numbers written as words as evidence too", () => {
    const forklift = toShownItem(
      result({ description: "Yhden päivän trukkikorttikoulutus sisältää teorian ja ajoharjoitukset. Ryhmään mahtuu 10 osallistujaa." }),
    );
    const answer = answerItemQuestion({ item: forklift, field: "duration", question: "how long is the course?", language: "en", today });
    expect(answer.found).toBe(true);
    expect(answer.text).toContain("Yhden päivän trukkikorttikoulutus");
    expect(answer.text).not.toContain("Ryhmään");
  });

  it("does not pass a salary off as a price, nor a price as a salary", () => {
    const salary = answerItemQuestion({ item: cleaningJob, field: "salary", question: "paljonko palkkaa?", language: "fi", today });
    expect(salary.found).toBe(true);
    expect(salary.text).toContain("Palkka TES:n mukaan, noin 2100 €/kk.");
    const cost = answerItemQuestion({ item: weldingCourse, field: "salary", question: "what does it pay?", language: "en", today });
    expect(cost.found).toBe(false);
    expect(cost.text).not.toContain("190");
  });

  it("reads a price question about a job as a question about its pay", () => {
    const answer = answerItemQuestion({ item: cleaningJob, field: "cost", question: "how much does it pay?", language: "en", today });
    expect(answer.found).toBe(true);
    expect(answer.text).toContain("Palkka TES:n mukaan, noin 2100 €/kk.");
  });

  it("says honestly that the item does not tell, points to the source and invents no number", () => {
    const answer = answerItemQuestion({ item: cleaningJob, field: "duration", question: "kauanko työ kestää?", language: "fi", today });
    expect(answer.found).toBe(false);
    expect(answer.text).toMatch(/ei kerrota kestoa/);
    expect(answer.text).not.toMatch(/€|\d{2,}/);
    expect(answer.text).toContain("Puhdas Oy");
    const requirements = answerItemQuestion({ item: registration, field: "requirements", question: "do I need a degree?", language: "en", today });
    expect(requirements.found).toBe(false);
    expect(requirements.text).toMatch(/do not mention requirements/);
    expect(requirements.text).toContain("040 123 4567");
    expect(requirements.text).not.toMatch(/I found/i);
  });

  it("escapes markdown in quoted item text", () => {
    const item = toShownItem(result({ title: "Kurssi [erikois](https://phish.example)", description: "Hinta on 50 € [alv 0 %] <b>materiaalit mukana</b>." }));
    const answer = answerItemQuestion({ item, field: "cost", question: "hinta?", language: "fi", today });
    expect(answer.text).toContain("Hinta on 50 € \\[alv 0 %\\] \\<b\\>materiaalit mukana\\</b\\>.");
    expect(answer.text).toContain("Kurssi \\[erikois\\](https://phish.example)");
  });
});

describe("answerItemQuestion from structured fields", () => {
  it("gives the deadline with the date and days left", () => {
    expect(answerItemQuestion({ item: weldingCourse, field: "deadline", question: "mihin mennessä pitää hakea?", language: "fi", today }).text).toMatch(
      /^Haku päättyy 15\.12\.2026 \(10 päivän päästä\)\./,
    );
    expect(answerItemQuestion({ item: weldingCourse, field: "deadline", question: "sista dag?", language: "sv", today }).text).toMatch(
      /^Ansökningstiden går ut 15\.12\.2026 \(om 10 dagar\)\./,
    );
    expect(answerItemQuestion({ item: weldingCourse, field: "deadline", question: "deadline?", language: "en", today }).text).toMatch(
      /^Applications close on 15 Dec 2026 \(in 10 days\)\./,
    );
  });

  it("gives the start date, and when applications open for an upcoming item", () => {
    expect(answerItemQuestion({ item: weldingCourse, field: "start", question: "milloin se alkaa?", language: "fi", today }).text).toMatch(
      /^Koulutus alkaa 11\.1\.2027\./,
    );
    const upcoming = toShownItem(result({ kind: "vacancy", title: "Kesätyö", validFrom: "2027-02-01", description: "Kesätyö puistossa." }));
    const answer = answerItemQuestion({ item: upcoming, field: "start", question: "when does it start?", language: "en", today });
    expect(answer.found).toBe(true);
    expect(answer.text).toMatch(/Applications open on 1 Feb 2027/);
  });

  it("gives address, opening hours and contact of a service", () => {
    expect(answerItemQuestion({ item: registration, field: "address", question: "missä se on?", language: "fi", today }).text).toMatch(
      /^Osoite: Torikatu 40, Kokkola/,
    );
    expect(answerItemQuestion({ item: registration, field: "hours", question: "när är det öppet?", language: "sv", today }).text).toMatch(
      /^Öppettider: ma–pe 9–15/,
    );
    const contact = answerItemQuestion({ item: registration, field: "contact", question: "who do I call?", language: "en", today });
    expect(contact.found).toBe(true);
    expect(contact.text).toContain("Phone: 040 123 4567");
  });

  it("tells how to apply from the description and the item's page", () => {
    const answer = answerItemQuestion({ item: weldingCourse, field: "apply", question: "miten haen?", language: "fi", today });
    expect(answer.found).toBe(true);
    expect(answer.text).toContain("Hae koulutukseen verkkolomakkeella viimeistään 15.12.");
    expect(answer.text).toContain("https://example.fi/hitsaus");
  });

  it("tells the format from the field", () => {
    const answer = answerItemQuestion({ item: weldingCourse, field: "format", question: "is it online?", language: "en", today });
    expect(answer.found).toBe(true);
    expect(answer.text).toMatch(/^Format: in person/);
  });

  it("names only the municipality when the item has no address", () => {
    const answer = answerItemQuestion({ item: cleaningJob, field: "address", question: "var ligger det?", language: "sv", today });
    expect(answer.found).toBe(false);
    expect(answer.text).toMatch(/^Uppgifterna om \[1\] säger inget om adressen\. Kommun: Vetil\./);
  });

  it("puts the item's own application instructions before its page", () => {
    const answer = answerItemQuestion({ item: weldingCourse, field: "apply", question: "how do I apply?", language: "en", today });
    expect(answer.text.indexOf("Hae koulutukseen")).toBeLessThan(answer.text.indexOf("Web page: https://example.fi/hitsaus"));
  });

  it("says the item has no deadline rather than guessing one", () => {
    const answer = answerItemQuestion({ item: registration, field: "deadline", question: "mihin mennessä?", language: "fi", today });
    expect(answer.found).toBe(false);
    expect(answer.text).toMatch(/ei kerrota hakuaikaa/);
  });
});

describe("guessItemField", () => {
  it.each([
    ["how much does it cost?", "cost"],
    ["paljonko se maksaa", "cost"],
    ["vad kostar kursen", "cost"],
    ["kauanko koulutus kestää", "duration"],
    ["how long does it last?", "duration"],
    ["milloin se alkaa", "start"],
    ["när börjar utbildningen", "start"],
    ["mihin mennessä pitää hakea", "deadline"],
    ["what's the deadline", "deadline"],
    ["miten sinne haetaan", "apply"],
    ["how do I apply", "apply"],
    ["hur ansöker jag", "apply"],
    ["kehen voin ottaa yhteyttä", "contact"],
    ["vad är adressen", "address"],
    ["milloin toimisto on auki", "hours"],
    ["onko se etänä", "format"],
    ["tarvitaanko ajokortti", "requirements"],
    ["paljonko palkkaa maksetaan", "salary"],
    ["what's the salary", "salary"],
    ["vad är lönen", "salary"],
  ] as const)("%s → %s", (text, field) => {
    expect(guessItemField(text)).toBe(field);
  });

  it("gives no field for a text without cues, and copes with very long input", () => {
    expect(guessItemField("kiva")).toBeUndefined();
    expect(guessItemField(`${"a ".repeat(50_000)}hinta`)).toBeUndefined();
  });
});

describe("resolveItemReference", () => {
  const items: readonly ShownItem[] = [weldingCourse, cleaningJob, registration];

  it.each([
    ["entä toinen?", "v-1"],
    ["the first one", "t-1"],
    ["den sista", "s-1"],
    ["viimeisen osoite", "s-1"],
    ["#2", "v-1"],
    ["entä 3.?", "s-1"],
  ])("ordinal: %s", (text, id) => {
    expect(resolveItemReference(text, items)?.id).toBe(id);
  });

  it("counts an ordinal with a kind word among items of that kind, but a number in the whole list", () => {
    const secondCourse = { ...weldingCourse, id: "t-2", title: "Trukkikorttikoulutus" };
    const list = [cleaningJob, weldingCourse, registration, secondCourse];
    expect(resolveItemReference("toinen kurssi", list)?.id).toBe("t-2");
    expect(resolveItemReference("the first course", list)?.id).toBe("t-1");
    expect(resolveItemReference("den sista utbildningen", list)?.id).toBe("t-2");
    expect(resolveItemReference("kurssi #2", list)?.id).toBe("t-1");
  });

  it.each([
    ["the Kaustinen one", "t-1"],
    ["Vetelin paikka", "v-1"],
    ["den i Karleby", "s-1"],
    ["Kokkolan palvelu", "s-1"],
  ])("place: %s", (text, id) => {
    expect(resolveItemReference(text, items)?.id).toBe(id);
  });

  it.each([
    ["paljonko kurssi maksaa", "t-1"],
    ["what does the job pay", "v-1"],
    ["siivoojan homma", "v-1"],
    ["hitsauskurssi", "t-1"],
  ])("kind or title: %s", (text, id) => {
    expect(resolveItemReference(text, items)?.id).toBe(id);
  });

  it("returns undefined without any reference, and for an ordinal past the list", () => {
    expect(resolveItemReference("paljonko se maksaa?", items)).toBeUndefined();
    expect(resolveItemReference("the fifth one", items)).toBeUndefined();
    expect(resolveItemReference("15.12.2026", items)).toBeUndefined();
  });
});

describe("parseShownItems", () => {
  it("reads back what was stored as JSON and drops entries that do not fit", () => {
    const stored = JSON.parse(JSON.stringify([weldingCourse, { id: "x", kind: "spaceship" }, registration, "junk"])) as unknown;
    expect(parseShownItems(stored)).toEqual([weldingCourse, registration]);
    expect(parseShownItems("not a list")).toEqual([]);
  });
});

describe("input limits", () => {
  it("keeps the shown item's description capped", () => {
    const item = toShownItem(result({ description: "Sana. ".repeat(2000) }));
    expect(item.description.length).toBeLessThanOrEqual(1500);
  });

  it("splits text into sentences without splitting at abbreviations, dates or decimals", () => {
    expect(splitSentences("Lisätietoja antaa Maija, puh. 040 123. Hinta 12.50 €! Alkaa 5.1.2027.\nTervetuloa")).toEqual([
      "Lisätietoja antaa Maija, puh. 040 123.",
      "Hinta 12.50 €!",
      "Alkaa 5.1.2027.",
      "Tervetuloa",
    ]);
  });

  it("handles long unpunctuated and whitespace-heavy text", () => {
    const answer = answerItemQuestion({
      item: { ...weldingCourse, description: `${" ".repeat(20_000)}\n${"x".repeat(20_000)} hinta 5 €` },
      field: "cost",
      question: "hinta".repeat(1000),
      language: "fi",
      today,
    });
    expect(answer.text.length).toBeLessThan(2000);
  });

  it("copes with inputs built to make backtracking regular expressions blow up", () => {
    const hostile = [". ".repeat(40_000), "\n \t".repeat(40_000), "#".repeat(80_000), "1.".repeat(40_000), "[1".repeat(40_000), "puh.".repeat(20_000)];
    for (const text of hostile) {
      expect([undefined, "contact"]).toContain(guessItemField(text));
      expect(resolveItemReference(text, [weldingCourse, cleaningJob])?.id ?? "none").toMatch(/^(t-1|v-1|none)$/);
      const answer = answerItemQuestion({ item: { ...weldingCourse, description: text }, field: "cost", question: text, language: "en", today });
      expect(answer.found).toBe(false);
      expect(splitSentences(text.slice(0, 2000)).length).toBeLessThanOrEqual(2000);
    }
  });
});
