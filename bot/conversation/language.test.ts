import { describe, expect, it } from "vitest";
import { detectLanguage, detectLanguageSwitch } from "./language.js";

describe("detectLanguage", () => {
  it.each([
    ["Onko Kaustisella avoimia hitsaajan töitä?", "fi"],
    ["entä Vetelissä?", "fi"],
    ["lestijärvellä kesäduunia?", "fi"],
    ["Finns det lediga jobb som närvårdare?", "sv"],
    ["och i Karleby?", "sv"],
    ["Are there any forklift driver jobs in Toholampi?", "en"],
    ["and part-time?", "en"],
    ["can i talk to a real person pls", "en"],
    ["Jag vill prata med en handläggare.", "sv"],
    ["haluan puhua ihmisen kanssa enkä minkään botin", "fi"],
    ["Hurdant väder blir det i Karleby i morgon?", "sv"],
  ])("reads %s as %s", (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it("calls a German or Russian message other", () => {
    expect(detectLanguage("Gibt es hier Arbeitsstellen für Schweißer in der Nähe von Kokkola?")).toBe("other");
    expect(detectLanguage("Есть ли работа сварщиком?")).toBe("other");
  });

  it("gives no signal for a place name or emoji alone", () => {
    expect(detectLanguage("👍")).toBeUndefined();
    expect(detectLanguage("123")).toBeUndefined();
  });
});

describe("detectLanguageSwitch", () => {
  it("understands switching in words in all three languages", () => {
    expect(detectLanguageSwitch("Puhu suomea")).toBe("fi");
    expect(detectLanguageSwitch("Kan du svara på svenska?")).toBe("sv");
    expect(detectLanguageSwitch("In English please")).toBe("en");
    expect(detectLanguageSwitch("Onko töitä?")).toBeUndefined();
  });
});
