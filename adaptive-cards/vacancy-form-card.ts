import { adaptiveCard } from "./alert-cards.js";
import type { AdaptiveCardAttachment, CardLanguage } from "./result-cards.js";

/** One input of the form, as the capability that validates it describes it. */
export interface VacancyFormField {
  /** The data key a submission carries. */
  readonly id: string;
  readonly input: "text" | "multiline" | "email" | "choice" | "date" | "toggle";
  readonly required: boolean;
  /** Characters, for text inputs. */
  readonly max?: number | undefined;
  /** The first field about the employer: a section heading goes before it. */
  readonly startsSection?: boolean | undefined;
}

/** The capability's words for the form, in the person's language. */
export interface VacancyFormTexts {
  readonly heading: string;
  readonly intro: string;
  /** Shown above the form when a submission had errors. */
  readonly errorSummary: string;
  readonly employerHeading: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly placeholders: Readonly<Partial<Record<string, string>>>;
  readonly consentTitle: string;
  readonly submit: string;
  readonly privacy: string;
}

export interface VacancyFormOptions {
  readonly language: CardLanguage;
  readonly texts: VacancyFormTexts;
  /** The inputs in order (ingest's submission field specs). */
  readonly fields: readonly VacancyFormField[];
  /** Choices of each `choice` input, by field id. */
  readonly choices: Readonly<Record<string, ReadonlyArray<{ readonly value: string; readonly title: string }>>>;
  /** Values to show again (after an error); plain strings as the person left them. */
  readonly values?: Readonly<Partial<Record<string, string>>> | undefined;
  /** A worded message per field that was refused. */
  readonly errors?: Readonly<Partial<Record<string, string>>> | undefined;
  /** Teams runs Universal Actions (`Action.Execute`); Web Chat posts `Action.Submit`. */
  readonly action: "submit" | "execute";
}

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
  const placeholderOf = (id: string): string => texts.placeholders[id] ?? texts.labels[id] ?? id;
  const input = (field: VacancyFormField): unknown[] => {
    const id = field.id;
    const errorMessage = errors[id] ?? (field.required ? REQUIRED_MESSAGE[options.language] : undefined);
    const common = {
      id,
      label: texts.labels[id],
      isRequired: field.required,
      ...(errorMessage ? { errorMessage } : {}),
    };
    let element: Record<string, unknown>;
    switch (field.input) {
      case "choice":
        element = { type: "Input.ChoiceSet", ...common, style: "compact", choices: (options.choices[id] ?? []).map((choice) => ({ ...choice })), value: values[id] ?? "" };
        break;
      case "date":
        element = { type: "Input.Date", ...common, value: values[id] ?? "", placeholder: placeholderOf(id) };
        break;
      case "toggle":
        element = { type: "Input.Toggle", ...common, title: texts.consentTitle, value: values[id] === "true" ? "true" : "false", valueOn: "true", valueOff: "false", wrap: true };
        break;
      default:
        element = {
          type: "Input.Text",
          ...common,
          value: values[id] ?? "",
          maxLength: field.max,
          ...(field.input === "multiline" ? { isMultiline: true } : {}),
          ...(field.input === "email" ? { style: "Email" } : {}),
          placeholder: placeholderOf(id),
        };
    }
    const message = errors[id];
    // Shown whatever the client does with errorMessage: some render it only after their own check.
    // Bold in the default colour, not "Attention": Web Chat's attention red on its message bubble
    // is 4.43:1, under the 4.5:1 WCAG 2.1 AA asks of text this size.
    return message ? [element, { type: "TextBlock", text: message, weight: "Bolder", wrap: true, spacing: "None" }] : [element];
  };

  for (const field of options.fields) {
    if (field.startsSection) body.push({ type: "TextBlock", text: texts.employerHeading, weight: "Bolder", wrap: true, spacing: "Large" });
    body.push(...input(field));
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

/** Whether a card is the vacancy form, by its submit action (Teams replaces the submitted form with the corrected one). */
export function isVacancyFormCard(content: Readonly<Record<string, unknown>>): boolean {
  const actions = content.actions;
  return Array.isArray(actions) && actions.some((action) => (action as { data?: { action?: unknown } } | null)?.data?.action === SUBMIT_VACANCY_ACTION);
}
