import { escapeMarkdown } from "../platform/index.js";
import type { Language } from "../knowledge/index.js";
import type { AdaptiveCardAttachment } from "./result-cards.js";

/**
 * Cards of job alerts, the e-mail offer, "notify me", the home-municipality question, and the
 * extra line that commute and shortage guidance put under a result card's title. The alerts
 * capability owns the words and passes them in already in the person's language; item text is
 * escaped here, as everywhere it reaches a Markdown TextBlock.
 */

/** An Adaptive Card 1.5 attachment around a body and its actions. */
export function adaptiveCard(language: string, body: unknown[], actions: unknown[] = []): AdaptiveCardAttachment {
  return {
    contentType: "application/vnd.microsoft.card.adaptive",
    content: {
      type: "AdaptiveCard",
      $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
      version: "1.5",
      lang: language,
      body,
      actions,
    },
  };
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** One new item of an alert: title, facts (organisation, place, deadline), notes, text and an Open link. */
export function buildAlertItemCard(view: {
  readonly language: Language;
  readonly title: string;
  readonly facts: readonly string[];
  /** Our own lines (distance from home, shortage mark); not escaped. */
  readonly notes: readonly string[];
  readonly description: string;
  readonly url?: string | undefined;
  readonly openLabel: string;
}): AdaptiveCardAttachment {
  return adaptiveCard(
    view.language,
    [
      { type: "TextBlock", text: escapeMarkdown(view.title), weight: "Bolder", size: "Medium", wrap: true, style: "heading" },
      ...(view.facts.length > 0 ? [{ type: "TextBlock", text: escapeMarkdown(view.facts.join(" · ")), wrap: true, isSubtle: true, spacing: "Small" }] : []),
      ...view.notes.map((note) => ({ type: "TextBlock", text: note, wrap: true, weight: "Bolder", size: "Small", spacing: "Small" })),
      { type: "TextBlock", text: escapeMarkdown(shorten(view.description, 240)), wrap: true, spacing: "Small" },
    ],
    view.url ? [{ type: "Action.OpenUrl", title: view.openLabel, url: view.url }] : [],
  );
}

/** The person's alerts, each with a cancel button, and "cancel all" and "renew" for the lot. */
export function buildAlertListCard(view: {
  readonly language: Language;
  readonly alerts: ReadonlyArray<{ readonly id: string; readonly description: string }>;
  readonly cancelLabel: string;
  readonly cancelAllLabel: string;
  readonly renewLabel: string;
}): AdaptiveCardAttachment {
  return adaptiveCard(
    view.language,
    view.alerts.map((alert) => ({
      type: "ColumnSet",
      columns: [
        { type: "Column", width: "stretch", items: [{ type: "TextBlock", text: escapeMarkdown(alert.description), wrap: true }] },
        {
          type: "Column",
          width: "auto",
          items: [{ type: "ActionSet", actions: [{ type: "Action.Submit", title: view.cancelLabel, data: { action: "cancelAlert", alertId: alert.id } }] }],
        },
      ],
    })),
    [
      { type: "Action.Submit", title: view.cancelAllLabel, data: { action: "cancelAlerts" } },
      { type: "Action.Submit", title: view.renewLabel, data: { action: "renewAlerts" } },
    ],
  );
}

/** Offer of alerts by e-mail: the address and an explicit consent toggle. */
export function buildAlertEmailCard(view: {
  readonly language: Language;
  readonly offer: string;
  readonly emailLabel: string;
  readonly consentLabel: string;
  readonly buttonLabel: string;
}): AdaptiveCardAttachment {
  return adaptiveCard(
    view.language,
    [
      { type: "TextBlock", text: view.offer, wrap: true },
      { type: "Input.Text", id: "email", style: "Email", label: view.emailLabel, maxLength: 320 },
      { type: "Input.Toggle", id: "consent", title: view.consentLabel, valueOn: "true", valueOff: "false", value: "false" },
    ],
    [{ type: "Action.Submit", title: view.buttonLabel, data: { action: "alertEmail" } }],
  );
}

/** The "notify me" button (`Action.Submit` data `{"action":"subscribeAlert"}`) under vacancy and training answers. */
export function buildNotifyMeCard(view: { readonly language: Language; readonly text: string; readonly buttonLabel: string }): AdaptiveCardAttachment {
  return adaptiveCard(view.language, [{ type: "TextBlock", wrap: true, text: view.text }], [
    { type: "Action.Submit", title: view.buttonLabel, data: { action: "subscribeAlert" } },
  ]);
}

/** The home-municipality question: a compact choice of municipalities and a save button. */
export function buildHomeMunicipalityCard(view: {
  readonly language: Language;
  readonly question: string;
  readonly label: string;
  readonly choices: ReadonlyArray<{ readonly title: string; readonly value: string }>;
  readonly buttonLabel: string;
}): AdaptiveCardAttachment {
  return adaptiveCard(
    view.language,
    [
      { type: "TextBlock", text: view.question, wrap: true },
      { type: "Input.ChoiceSet", id: "municipality", style: "compact", label: view.label, choices: view.choices.map((choice) => ({ ...choice })) },
    ],
    [{ type: "Action.Submit", title: view.buttonLabel, data: { action: "setHomeMunicipality" } }],
  );
}

/** A result card with a line of our own small text under its title (distance, shortage mark). */
export function withCardLine(
  attachment: AdaptiveCardAttachment,
  line: string,
  color: "Default" | "Attention" | "Good" = "Default",
): AdaptiveCardAttachment {
  const content = attachment.content as { body?: unknown[] };
  const body = Array.isArray(content.body) ? [...content.body] : [];
  const titleIndex = Math.min(2, body.length);
  body.splice(titleIndex, 0, { type: "TextBlock", text: line, wrap: true, spacing: "Small", size: "Small", weight: "Bolder", color });
  return { ...attachment, content: { ...attachment.content, body } };
}
