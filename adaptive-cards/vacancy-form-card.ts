import { adaptiveCard } from "./alert-cards.js";
import type { AdaptiveCardAttachment, CardLanguage } from "./result-cards.js";

/** Input ids of the vacancy form; a card submission carries them as its data keys. */
export const VACANCY_FORM_INPUTS = [
  "title",
  "municipality",
  "description",
  "occupation",
  "employmentType",
  "startDate",
  "lastApplicationDate",
  "howToApply",
  "employerName",
  "businessId",
  "contactPerson",
  "contactEmail",
  "consent",
] as const;
export type VacancyFormInput = (typeof VACANCY_FORM_INPUTS)[number];

/** The capability's words for the form, in the person's language. */
export interface VacancyFormTexts {
  readonly heading: string;
  readonly intro: string;
  /** Shown above the form when a submission had errors. */
  readonly errorSummary: string;
  readonly employerHeading: string;
  readonly labels: Readonly<Record<VacancyFormInput, string>>;
  readonly placeholders: Readonly<Partial<Record<VacancyFormInput, string>>>;
  readonly consentTitle: string;
  readonly submit: string;
  readonly privacy: string;
}

export interface VacancyFormOptions {
  readonly language: CardLanguage;
  readonly texts: VacancyFormTexts;
  readonly municipalities: ReadonlyArray<{ readonly value: string; readonly title: string }>;
  readonly employmentTypes: ReadonlyArray<{ readonly value: string; readonly title: string }>;
  /** Values to show again (after an error); plain strings as the person left them. */
  readonly values?: Readonly<Partial<Record<VacancyFormInput, string>>> | undefined;
  /** A worded message per field that was refused. */
  readonly errors?: Readonly<Partial<Record<VacancyFormInput, string>>> | undefined;
  /** Teams runs Universal Actions (`Action.Execute`); Web Chat posts `Action.Submit`. */
  readonly action: "submit" | "execute";
}

const REQUIRED = new Set<VacancyFormInput>([
  "title", "municipality", "description", "employmentType", "lastApplicationDate", "howToApply", "employerName", "businessId", "contactPerson", "contactEmail", "consent",
]);
const MAX_LENGTH: Readonly<Partial<Record<VacancyFormInput, number>>> = {
  title: 150, description: 4000, occupation: 100, howToApply: 500, employerName: 150, businessId: 12, contactPerson: 100, contactEmail: 254,
};

/** Data every submission of this form carries; the bot routes on `action`. */
export const SUBMIT_VACANCY_ACTION = "submitVacancy";

/**
 * The vacancy form (Adaptive Card 1.5). Server-side validation words each refused field; the
 * message is shown under the field (in the attention colour) and the values are kept, so nothing
 * the employer typed is lost. Built in code: the inputs depend on errors and values.
 */
export function buildVacancyFormCard(options: VacancyFormOptions): AdaptiveCardAttachment {
  const { texts } = options;
  const values = options.values ?? {};
  const errors = options.errors ?? {};
  const body: unknown[] = [
    { type: "TextBlock", text: texts.heading, weight: "Bolder", size: "Medium", wrap: true, style: "heading" },
    { type: "TextBlock", text: texts.intro, wrap: true },
  ];
  if (Object.keys(errors).length > 0) body.push({ type: "TextBlock", text: texts.errorSummary, wrap: true, color: "Attention", weight: "Bolder" });

  const input = (id: VacancyFormInput): unknown[] => {
    const common = {
      id,
      label: texts.labels[id],
      isRequired: REQUIRED.has(id),
      ...(errors[id] ? { errorMessage: errors[id] } : {}),
    };
    let element: Record<string, unknown>;
    switch (id) {
      case "municipality":
        element = { type: "Input.ChoiceSet", ...common, style: "compact", choices: options.municipalities.map((choice) => ({ ...choice })), value: values[id] ?? "" };
        break;
      case "employmentType":
        element = { type: "Input.ChoiceSet", ...common, style: "compact", choices: options.employmentTypes.map((choice) => ({ ...choice })), value: values[id] ?? "" };
        break;
      case "startDate":
      case "lastApplicationDate":
        element = { type: "Input.Date", ...common, value: values[id] ?? "" };
        break;
      case "consent":
        element = { type: "Input.Toggle", ...common, title: texts.consentTitle, value: values[id] === "true" ? "true" : "false", valueOn: "true", valueOff: "false", wrap: true };
        break;
      default:
        element = {
          type: "Input.Text",
          ...common,
          value: values[id] ?? "",
          maxLength: MAX_LENGTH[id],
          ...(id === "description" ? { isMultiline: true } : {}),
          ...(id === "contactEmail" ? { style: "Email" } : {}),
          ...(texts.placeholders[id] ? { placeholder: texts.placeholders[id] } : {}),
        };
    }
    const message = errors[id];
    // Shown whatever the client does with errorMessage: some render it only after their own check.
    return message ? [element, { type: "TextBlock", text: message, color: "Attention", wrap: true, spacing: "None", size: "Small" }] : [element];
  };

  for (const id of VACANCY_FORM_INPUTS) {
    if (id === "employerName") body.push({ type: "TextBlock", text: texts.employerHeading, weight: "Bolder", wrap: true, spacing: "Large" });
    body.push(...input(id));
  }
  body.push({ type: "TextBlock", text: texts.privacy, wrap: true, isSubtle: true, size: "Small" });
  const data = { action: SUBMIT_VACANCY_ACTION };
  const submit =
    options.action === "execute"
      ? { type: "Action.Execute", title: texts.submit, verb: SUBMIT_VACANCY_ACTION, data, associatedInputs: "auto", style: "positive" }
      : { type: "Action.Submit", title: texts.submit, data, associatedInputs: "auto", style: "positive" };
  return adaptiveCard(options.language, body, [submit]);
}

/** Whether a card is the vacancy form (Teams replaces the submitted form with the corrected one). */
export function isVacancyFormCard(content: Readonly<Record<string, unknown>>): boolean {
  const body = content.body;
  return Array.isArray(body) && body.some((element) => (element as { id?: unknown } | null)?.id === "businessId");
}
