import { describe, expect, it } from "vitest";
import { sharedUnderstandingModel } from "./understanding-model.js";
import { cleanText, MAX_MESSAGE_CHARS, understandTurn, type DialogueContext } from "./understand-turn.js";

const model = sharedUnderstandingModel();
const fresh: DialogueContext = { hasShownItems: false, awaitingConsent: false };
const afterWelding: DialogueContext = {
  language: "fi",
  hasShownItems: true,
  awaitingConsent: false,
  lastSearch: { query: "hitsaajan töitä", kind: "vacancy", municipality: "924", offset: 0, shown: 3 },
};

function understand(text: string, context: DialogueContext = fresh) {
  return understandTurn({ text, context, model });
}

describe("understandTurn", () => {
  it("reads a search with its kind and place, and leaves the place out of the query", () => {
    const result = understand("Onko Kaustisella avoimia hitsaajan töitä?");
    expect(result.language).toBe("fi");
    expect(result.intent).toMatchObject({ type: "search", plan: { kind: "vacancy", municipality: "236" } });
    if (result.intent.type === "search") expect(result.intent.plan.query).not.toMatch(/kaustisella/i);
  });

  it("puts the last named kind first: having no education and asking for jobs wants jobs", () => {
    expect(understand("mulla ei oo koulutusta, onko töitä kokkolassa").intent).toMatchObject({ plan: { kind: "vacancy" } });
    expect(understand("I'm a qualified practical nurse, any jobs in Perho?").intent).toMatchObject({ plan: { kind: "vacancy", municipality: "584" } });
  });

  it("refines the previous search on follow-ups about another place, kind or more", () => {
    expect(understand("entäs Kokkolassa?", afterWelding).intent).toMatchObject({
      type: "search",
      plan: { query: "hitsaajan töitä", kind: "vacancy", municipality: "272", followUp: "refine" },
    });
    expect(understand("and trainings instead?", { ...afterWelding, language: "en" }).intent).toMatchObject({
      plan: { query: "hitsaajan töitä", kind: "training" },
    });
    expect(understand("näytä lisää", afterWelding).intent).toMatchObject({ plan: { offset: 3, followUp: "more" } });
  });

  it("asks about a shown item only when items were shown", () => {
    expect(understand("paljonko se maksaa?", afterWelding).intent).toMatchObject({ type: "item-question", fields: ["cost"] });
    expect(understand("paljonko se maksaa?").intent.type).toBe("search");
  });

  it("tells an employer's need from a jobseeker's question on the same topic", () => {
    // Phrasings written for this test, not taken from the corpus.
    expect(understand("meillä on pieni kahvila Halsualla ja tarvittais kesäksi apukäsiä").intent).toMatchObject({ type: "employer", plan: { preferKind: "service" } });
    expect(understand("our sawmill in Perho is looking to hire two machine operators").intent.type).toBe("employer");
    expect(understand("vi har ett åkeri i Karleby och behöver en chaufför").intent.type).toBe("employer");
    expect(understand("voinko mä saada palkkatukea jos löydän töitä").intent.type).toBe("search");
    expect(understand("etsin töitä maatilalta Vetelistä").intent.type).toBe("search");
  });

  it("recognises distance questions with the places named", () => {
    expect(understand("kuinka pitkä matka perhosta on veteliin?").intent).toEqual({ type: "distance", places: ["584", "924"] });
  });

  it("remembers a home municipality told in passing", () => {
    expect(understand("moi! asun lestijärvellä").home).toBe("421");
    expect(understand("I live in Toholampi, how do I register as a jobseeker?")).toMatchObject({ home: "849", intent: { type: "search" } });
  });

  it("leans to crisis on explicit words even inside a search", () => {
    expect(understand("en jaksa enää, haluun kuolla").intent.type).toBe("crisis");
    expect(understand("I want to kill myself, no jobs anywhere").intent.type).toBe("crisis");
  });

  it("keeps the conversation's language for short messages and switches on clear evidence", () => {
    expect(understand("ok", { ...fresh, language: "sv" }).language).toBe("sv");
    expect(understand("Are there any welding jobs in Kokkola?", { ...fresh, language: "fi" }).language).toBe("en");
    expect(understand("på svenska tack", { ...fresh, language: "fi" }).intent).toEqual({ type: "language-switch", language: "sv" });
  });

  it("answers other languages in English", () => {
    const result = understand("Gibt es hier Arbeitsstellen für Schweißer in der Nähe von Kokkola?");
    expect(result).toMatchObject({ intent: { type: "unsupported-language" }, language: "en" });
  });

  it("takes yes and no as consent only while a handoff offer waits", () => {
    const offered = { ...fresh, language: "fi" as const, awaitingConsent: true };
    expect(understand("joo", offered).intent).toEqual({ type: "consent", consent: true });
    expect(understand("ei kiitos", offered).intent).toEqual({ type: "consent", consent: false });
    expect(understand("kyllä, soita [phone]", offered).intent).toEqual({ type: "consent", consent: true });
  });

  it("cleans control characters and cuts long messages", () => {
    expect(cleanText("a\u0000b\u0007 c").text).toBe("ab c");
    const result = understand("hitsaaja ".repeat(1000));
    expect(result.truncated).toBe(true);
    expect(result.text.length).toBe(MAX_MESSAGE_CHARS);
  });
});
