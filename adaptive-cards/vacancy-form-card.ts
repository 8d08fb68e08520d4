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

/**
 * What a client says when its own check finds a required field empty. Web Chat's renderer refuses
 * to draw a card with a required input that has no error message, so every required input carries
 * one: the server's worded message when the field was refused, else this.
 */
const REQUIRED_MESSAGE: Readonly<Record<CardLanguage, string>> = {
  fi: "Tämä tieto tarvitaan.",
  sv: "Uppgiften behövs.",
  en: "This is required.",
};

/** Data every submission of this form carries; the bot routes on `action`. */
export const SUBMIT_VACANCY_ACTION = "submitVacancy";

/**
 * The vacancy form (Adaptive Card 1.5). Server-side validation words each refused field; the
 * message is shown under the field (in bold) and the values are kept, so nothing
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
  // In the default colour for the same reason as the field messages below.
  if (Object.keys(errors).length > 0) body.push({ type: "TextBlock", text: texts.errorSummary, wrap: true, weight: "Bolder" });

  // Web Chat's copy of a card for screen readers names text and date inputs by their placeholder
  // only (it ignores `label`), so every one has a placeholder: the capability's hint, else the label.
  const placeholderOf = (id: VacancyFormInput): string => texts.placeholders[id] ?? texts.labels[id];
  const input = (id: VacancyFormInput): unknown[] => {
    const required = REQUIRED.has(id);
    const errorMessage = errors[id] ?? (required ? REQUIRED_MESSAGE[options.language] : undefined);
    const common = {
      id,
      label: texts.labels[id],
      isRequired: required,
      ...(errorMessage ? { errorMessage } : {}),
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
        element = { type: "Input.Date", ...common, value: values[id] ?? "", placeholder: placeholderOf(id) };
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
          placeholder: placeholderOf(id),
        };
    }
    const message = errors[id];
    // Shown whatever the client does with errorMessage: some render it only after their own check.
    // Bold in the default colour, not "Attention": Web Chat's attention red on its message bubble
    // is 4.43:1, under the 4.5:1 WCAG 2.1 AA asks of text this size.
    return message ? [element, { type: "TextBlock", text: message, weight: "Bolder", wrap: true, spacing: "None" }] : [element];
  };

  for (const id of VACANCY_FORM_INPUTS) {
    if (id === "employerName") body.push({ type: "TextBlock", text: texts.employerHeading, weight: "Bolder", wrap: true, spacing: "Large" });
    body.push(...input(id));
  }
  body.push({ type: "TextBlock", text: texts.privacy, wrap: true, isSubtle: true, size: "Small" });
  const data = { action: SUBMIT_VACANCY_ACTION };
  // No `style: "positive"`: Web Chat draws it white on #0078D7, 4.49:1 at its small size, under the
  // 4.5:1 that WCAG 2.1 AA asks for; the default style follows the chat's own accessible colours.
  const submit =
    options.action === "execute"
      ? { type: "Action.Execute", title: texts.submit, verb: SUBMIT_VACANCY_ACTION, data, associatedInputs: "auto" }
      : { type: "Action.Submit", title: texts.submit, data, associatedInputs: "auto" };
  return adaptiveCard(options.language, body, [submit]);
}

/** Whether a card is the vacancy form (Teams replaces the submitted form with the corrected one). */
export function isVacancyFormCard(content: Readonly<Record<string, unknown>>): boolean {
  const body = content.body;
  return Array.isArray(body) && body.some((element) => (element as { id?: unknown } | null)?.id === "businessId");
}
