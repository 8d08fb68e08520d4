import { buildAlertItemCard } from "../../adaptive-cards/index.js";
import type { Language, StoredItem } from "../../knowledge/index.js";
import { municipalityName } from "../../knowledge/index.js";
import { escapeHtml } from "../../platform/index.js";
import { randomUUID } from "node:crypto";
import type { AlertReply, EmailMessage } from "./alert-ports.js";
import { alertTexts, describeSubscription } from "./alert-texts.js";
import type { AlertSubscription } from "./subscription.js";

/** A subscription and the new items it gets in this message. */
export interface AlertGroup {
  readonly subscription: AlertSubscription;
  readonly items: readonly StoredItem[];
}

export interface AlertMessageInput {
  readonly language: Language;
  /** Extra lines per item id: distance from home, shortage-occupation mark. */
  readonly notes?: ReadonlyMap<string, readonly string[]> | undefined;
  readonly groups: readonly AlertGroup[];
  /** Items that wait for tomorrow because of the per-message cap. */
  readonly deferredCount: number;
  /** Set when the person's alerts end within a week. */
  readonly expiresAt?: Date | undefined;
}

/** Cards per message; more would make a carousel nobody scrolls through. Later items wait a day. */
export const MAX_ITEMS_PER_MESSAGE = 10;

/** Adaptive Card of one item: title, organisation, place, deadline, our notes and an Open link. */
function alertItemCard(item: StoredItem, language: Language, notes: readonly string[] = []): AlertReply["cards"][number] {
  const facts: string[] = [];
  if (item.organization) facts.push(item.organization);
  if (item.municipality) facts.push(municipalityName(item.municipality, language) ?? item.municipality);
  if (item.validUntil) facts.push(alertTexts.deadline(language, item.validUntil));
  return buildAlertItemCard({ language, title: item.title, facts, notes, description: item.description, url: item.url, openLabel: alertTexts.openButton[language] });
}

function leadLines(input: AlertMessageInput): string[] {
  const lines = input.groups.map((group) =>
    alertTexts.alertLead(input.language, describeSubscription(group.subscription, input.language), group.items.length),
  );
  if (input.deferredCount > 0) lines.push(alertTexts.moreTomorrow(input.language, input.deferredCount));
  if (input.expiresAt) lines.push(alertTexts.expiringSoon(input.language, input.expiresAt));
  return lines;
}

/** The one chat message of a delivery: lead text, a card per item, the item ids as sources. */
export function buildAlertReply(input: AlertMessageInput): AlertReply {
  const items = input.groups.flatMap((group) => group.items);
  const stop = stopPhrase(input.language);
  const renew = renewPhrase(input.language);
  return {
    kind: "message",
    replyId: randomUUID(),
    language: input.language,
    outcome: "answer",
    text: [...leadLines(input), alertTexts.howToStop(input.language)].join("\n\n"),
    sources: items.map((item) => item.id),
    citations: [],
    cards: items.map((item) => alertItemCard(item, input.language, input.notes?.get(item.id))),
    suggestedActions: [
      ...(input.expiresAt ? [{ title: alertTexts.renewButton[input.language], text: renew }] : []),
      { title: alertTexts.cancelAllButton[input.language], text: stop },
    ],
    feedback: false,
    generated: false,
  };
}

function renewPhrase(language: Language): string {
  return { fi: "jatka ilmoituksia", sv: "förnya bevakningar", en: "renew alerts" }[language];
}

function stopPhrase(language: Language): string {
  return { fi: "lopeta ilmoitukset", sv: "stoppa bevakningar", en: "stop alerts" }[language];
}

/** The same delivery as an e-mail: plain text and escaped HTML (item texts come from outside sources). */
export function buildAlertEmail(input: AlertMessageInput & { readonly to: string; readonly unsubscribeUrl?: string | undefined }): EmailMessage {
  const language = input.language;
  const first = input.groups[0];
  const subject = alertTexts.emailSubject(language, first ? describeSubscription(first.subscription, language) : "");
  const textParts: string[] = [];
  const htmlParts: string[] = [];
  for (const group of input.groups) {
    const lead = alertTexts.alertLead(language, describeSubscription(group.subscription, language), group.items.length);
    textParts.push(lead);
    htmlParts.push(`<h2>${escapeHtml(lead)}</h2><ul>`);
    for (const item of group.items) {
      const facts = [
        item.organization,
        item.municipality ? municipalityName(item.municipality, language) : undefined,
        item.validUntil ? alertTexts.deadline(language, item.validUntil) : undefined,
        ...(input.notes?.get(item.id) ?? []),
      ].filter((fact): fact is string => Boolean(fact));
      textParts.push(`- ${item.title}${facts.length ? ` (${facts.join(", ")})` : ""}${item.url ? `\n  ${item.url}` : ""}`);
      const title = item.url && /^https?:\/\//i.test(item.url)
        ? `<a href="${escapeHtml(item.url)}">${escapeHtml(item.title)}</a>`
        : escapeHtml(item.title);
      htmlParts.push(`<li>${title}${facts.length ? ` <span>(${escapeHtml(facts.join(", "))})</span>` : ""}</li>`);
    }
    htmlParts.push("</ul>");
  }
  const footer = [
    ...(input.deferredCount > 0 ? [alertTexts.moreTomorrow(language, input.deferredCount)] : []),
    ...(input.expiresAt ? [alertTexts.expiringSoon(language, input.expiresAt)] : []),
    alertTexts.howToStop(language),
  ];
  textParts.push("", ...footer);
  htmlParts.push(...footer.map((line) => `<p>${escapeHtml(line)}</p>`));
  if (input.unsubscribeUrl) {
    const label = alertTexts.unsubscribeLink(language);
    textParts.push(`${label}: ${input.unsubscribeUrl}`);
    htmlParts.push(`<p><a href="${escapeHtml(input.unsubscribeUrl)}">${escapeHtml(label)}</a></p>`);
  }
  return {
    to: input.to,
    subject,
    language,
    text: textParts.join("\n"),
    unsubscribeUrl: input.unsubscribeUrl,
    html: `<!doctype html><html lang="${language}"><body>${htmlParts.join("")}</body></html>`,
  };
}
