import { describe, expect, it } from "vitest";
import { handoffBotAnswers, handoffSummary, handoffTopic } from "./summary.js";

describe("handoff summary", () => {
  it("names the topic from the words used or the last search", () => {
    expect(handoffTopic({ texts: ["Milloin Kela maksaa päivärahan?"] })).toBe("Työttömyysturva ja tuet");
    expect(handoffTopic({ topicKind: "training", texts: ["entä Vetelissä?"] })).toBe("Koulutus");
    expect(handoffTopic({ texts: ["hei"] })).toBe("Yleinen neuvonta");
    // Inflected, colloquial and Swedish forms through the term file, not word lists.
    expect(handoffTopic({ texts: ["miten ilmoittaudun kun jäin työttömäks"] })).toBe("Työnhakijaksi ilmoittautuminen");
    expect(handoffTopic({ texts: ["hur får jag arbetslöshetsersättning från kassan"] })).toBe("Työttömyysturva ja tuet");
    expect(handoffTopic({ texts: ["onks hitsarin hommii kokkolas"] })).toBe("Avoimet työpaikat");
    expect(handoffTopic({ topicKind: "vacancy", texts: ["milloin kela maksaa"] })).toBe("Työttömyysturva ja tuet");
    expect(handoffTopic({ topicKind: "service", texts: ["tarttisin apua rekrytointiin"], employer: true })).toBe("Työnantaja: Palvelut");
  });

  it("summarises with the person's own last questions, redacted", () => {
    const summary = handoffSummary({
      transcript: [
        { role: "person", text: "Onko hitsaajan töitä?" },
        { role: "bot", text: "Löysin kaksi paikkaa." },
        { role: "person", text: "Soita minulle 040 1234567" },
      ],
    });
    expect(summary).toContain("Onko hitsaajan töitä?");
    expect(summary).not.toContain("040 1234567");
  });

  it("prefers a given summary and keeps only three bot answers", () => {
    expect(handoffSummary({ summary: "Kysyy palkkatuesta", transcript: [] })).toBe("Kysyy palkkatuesta");
    expect(handoffBotAnswers({ botAnswers: ["a", "b", "c", "d"], transcript: [] })).toEqual(["b", "c", "d"]);
  });
});
