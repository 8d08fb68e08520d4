import { describe, expect, it } from "vitest";
import { SUBMISSION_FIELDS, submissionFieldSpecs } from "../ingest/index.js";
import { buildVacancyFormCard, isVacancyFormCard, type VacancyFormTexts } from "./vacancy-form-card.js";

/** The submission's inputs, as the bot passes them. */
const VACANCY_FORM_INPUTS = SUBMISSION_FIELDS;

const texts: VacancyFormTexts = {
  heading: "Ilmoita avoin työpaikka",
  intro: "Täytä tiedot.",
  errorSummary: "Tarkista merkityt kohdat.",
  employerHeading: "Työnantaja",
  labels: Object.fromEntries(VACANCY_FORM_INPUTS.map((id) => [id, `label ${id}`])) as VacancyFormTexts["labels"],
  placeholders: { businessId: "1234567-8" },
  consentTitle: "Saa julkaista",
  submit: "Lähetä",
  privacy: "Yksityisyys",
};
const base = {
  language: "fi" as const,
  texts,
  fields: submissionFieldSpecs(),
  choices: { municipality: [{ value: "924", title: "Veteli" }], employmentType: [{ value: "full-time", title: "Kokoaikainen" }] },
};
type Element = { type: string; id?: string; label?: string; value?: string; errorMessage?: string; text?: string; weight?: string };

describe("vacancy form card", () => {
  it("is an Adaptive Card 1.5 with a labelled input for every field and Action.Submit on the web", () => {
    const card = buildVacancyFormCard({ ...base, action: "submit" }).content as { version: string; body: Element[]; actions: Array<Record<string, unknown>> };
    expect(card.version).toBe("1.5");
    const inputs = card.body.filter((element) => element.id);
    expect(inputs.map((input) => input.id)).toEqual([...VACANCY_FORM_INPUTS]);
    expect(inputs.every((input) => input.label === `label ${input.id}`)).toBe(true);
    expect(card.actions).toEqual([expect.objectContaining({ type: "Action.Submit", data: { action: "submitVacancy" } })]);
    expect(isVacancyFormCard(card)).toBe(true);
  });

  it("uses Action.Execute with the submit verb for Teams", () => {
    const card = buildVacancyFormCard({ ...base, action: "execute" }).content as { actions: Array<Record<string, unknown>> };
    expect(card.actions[0]).toMatchObject({ type: "Action.Execute", verb: "submitVacancy", data: { action: "submitVacancy" } });
  });

  it("shows each field's error under it and keeps the values", () => {
    const card = buildVacancyFormCard({
      ...base,
      action: "submit",
      values: { title: "Hitsaaja", businessId: "1234567-8", consent: "true" },
      errors: { businessId: "Y-tunnus ei ole kelvollinen." },
    }).content as { body: Element[] };
    const index = card.body.findIndex((element) => element.id === "businessId");
    expect(card.body[index]).toMatchObject({ value: "1234567-8", errorMessage: "Y-tunnus ei ole kelvollinen." });
    expect(card.body[index + 1]).toMatchObject({ type: "TextBlock", text: "Y-tunnus ei ole kelvollinen.", weight: "Bolder" });
    expect(card.body.find((element) => element.id === "title")?.value).toBe("Hitsaaja");
    expect(card.body.find((element) => element.id === "consent")?.value).toBe("true");
    expect(card.body.some((element) => element.text === texts.errorSummary)).toBe(true);
  });
});
