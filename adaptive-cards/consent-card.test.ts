import { describe, expect, it } from "vitest";
import { buildConsentCard } from "./consent-card.js";

describe("buildConsentCard", () => {
  it("asks consent with Action.Submit buttons carrying the handoffConsent contract", () => {
    const card = buildConsentCard({ language: "fi", municipalityName: "Veteli" });
    const actions = card.content.actions as Array<{ type: string; data: unknown }>;
    expect(actions.map((action) => action.type)).toEqual(["Action.Submit", "Action.Submit"]);
    expect(actions[0]!.data).toEqual({ action: "handoffConsent", consent: true });
    expect(actions[1]!.data).toEqual({ action: "handoffConsent", consent: false });
    expect(JSON.stringify(card.content)).toContain("kuntasi (Veteli)");
  });

  it("offers an optional contact field and a transcript toggle in every language", () => {
    for (const language of ["fi", "sv", "en"] as const) {
      const body = buildConsentCard({ language }).content.body as Array<{ type: string; id?: string }>;
      expect(body.find((element) => element.id === "contact")?.type).toBe("Input.Text");
      expect(body.find((element) => element.id === "shareTranscript")?.type).toBe("Input.Toggle");
    }
  });
});
