import { escapeMarkdown } from "../platform/index.js";

/**
 * The card an advisor channel gets for a handoff (Adaptive Card 1.5, Teams Universal Actions).
 * Every action is an `Action.Execute` whose data carries `handoffId`, so the bot's
 * `adaptiveCard/action` invoke handler can answer with the refreshed card.
 */
export type AdvisorCardLanguage = "fi" | "en";

export interface AdvisorCardView {
  readonly handoffId: string;
  readonly state: "waiting" | "claimed" | "closed" | "cancelled";
  readonly mode: "live" | "callback";
  readonly municipalityName: string | undefined;
  readonly areaName: string | undefined;
  /** The person's language code (fi, sv, en). */
  readonly language: string;
  readonly topic: string;
  readonly summary: string;
  readonly botAnswers: readonly string[];
  /** ISO instant the person started waiting. */
  readonly waitingSince: string;
  readonly consentToTranscript: boolean;
  readonly contact?: { readonly phone?: string | undefined; readonly email?: string | undefined } | undefined;
  readonly claimedByName?: string | undefined;
  readonly closedByName?: string | undefined;
  readonly callbackDone?: boolean | undefined;
  /** Set on the copy sent to the partner area when nobody claimed in time. */
  readonly escalated?: boolean | undefined;
  /** Office hours text shown on callback cards, e.g. "ma–pe 08.00–16.00". */
  readonly officeHours?: string | undefined;
  /** A note for the one advisor who pressed a button (e.g. someone else claimed first). */
  readonly notice?: string | undefined;
  /** Link to the advisor console entry, when a public base URL is known. */
  readonly consoleUrl?: string | undefined;
}

const ADVISOR_CARD_TEXTS = {
  fi: {
    title: "Asiakas pyytää ihmistä",
    callbackTitle: "Yhteydenottopyyntö",
    escalated: "Ei otettu hoitoon ajoissa – pyyntö välitetty kumppanialueelle.",
    municipality: "Kunta",
    area: "Työllisyysalue",
    language: "Kieli",
    topic: "Aihe",
    waitingSince: "Odottanut alkaen",
    consent: "Suostumukset",
    consentSummary: "Yhteenveto: kyllä",
    consentTranscriptYes: "Keskustelu: jaettu",
    consentTranscriptNo: "Keskustelu: ei jaettu",
    contact: "Yhteystieto",
    summary: "Yhteenveto",
    botAnswers: "Botti on jo vastannut",
    none: "–",
    unknown: "ei tiedossa",
    callbackNote: (hours: string | undefined) =>
      `Toimisto on kiinni${hours ? ` (aukioloajat ${hours})` : ""}: asiakkaalle ei luvattu chattia, vaan yhteydenotto seuraavana työpäivänä.`,
    waiting: "Odottaa neuvojaa",
    claimedBy: (name: string) => `Hoitaa: ${name}`,
    closed: "Suljettu",
    closedBy: (name: string) => `Suljettu (${name})`,
    cancelled: "Asiakas perui pyynnön",
    callbackDone: (name: string) => `Yhteydenotto tehty (${name})`,
    claim: "Ota hoitoon",
    close: "Sulje",
    callbackDoneAction: "Yhteydenotto tehty",
    openConsole: "Avaa neuvojanäkymä",
  },
  en: {
    title: "A person asks for a human",
    callbackTitle: "Callback request",
    escalated: "Not claimed in time – forwarded to the partner area.",
    municipality: "Municipality",
    area: "Employment area",
    language: "Language",
    topic: "Topic",
    waitingSince: "Waiting since",
    consent: "Consent",
    consentSummary: "Summary: yes",
    consentTranscriptYes: "Conversation: shared",
    consentTranscriptNo: "Conversation: not shared",
    contact: "Contact",
    summary: "Summary",
    botAnswers: "The bot already answered",
    none: "–",
    unknown: "unknown",
    callbackNote: (hours: string | undefined) =>
      `The office is closed${hours ? ` (office hours ${hours})` : ""}: no live chat was promised; contact the person on the next working day.`,
    waiting: "Waiting for an advisor",
    claimedBy: (name: string) => `Claimed by ${name}`,
    closed: "Closed",
    closedBy: (name: string) => `Closed (${name})`,
    cancelled: "The person cancelled the request",
    callbackDone: (name: string) => `Callback done (${name})`,
    claim: "Claim",
    close: "Close",
    callbackDoneAction: "Callback done",
    openConsole: "Open advisor console",
  },
} as const;

const LANGUAGE_NAMES: Record<string, { fi: string; en: string }> = {
  fi: { fi: "suomi", en: "Finnish" },
  sv: { fi: "ruotsi", en: "Swedish" },
  en: { fi: "englanti", en: "English" },
};

function statusLine(view: AdvisorCardView, language: AdvisorCardLanguage): { text: string; color: string } {
  const texts = ADVISOR_CARD_TEXTS[language];
  switch (view.state) {
    case "waiting":
      return { text: texts.waiting, color: "Attention" };
    case "claimed":
      return { text: texts.claimedBy(view.claimedByName ?? texts.unknown), color: "Accent" };
    case "cancelled":
      return { text: texts.cancelled, color: "Default" };
    case "closed":
      if (view.callbackDone) return { text: texts.callbackDone(view.closedByName ?? view.claimedByName ?? texts.unknown), color: "Good" };
      return { text: view.closedByName ? texts.closedBy(view.closedByName) : texts.closed, color: "Good" };
  }
}

function execute(verb: string, title: string, handoffId: string, style?: "positive" | "destructive"): Record<string, unknown> {
  return { type: "Action.Execute", verb, title, data: { handoffId }, ...(style ? { style } : {}) };
}

/** Adaptive Card timestamps are rendered in each reader's own time zone and locale by Teams. */
function cardTimestamp(iso: string): string {
  const instant = new Date(iso).toISOString().replace(/\.\d{3}Z$/, "Z");
  return `{{DATE(${instant}, SHORT)}} {{TIME(${instant})}}`;
}

export function buildHandoffAdvisorCard(view: AdvisorCardView, language: AdvisorCardLanguage = "fi"): Record<string, unknown> {
  const texts = ADVISOR_CARD_TEXTS[language];
  const status = statusLine(view, language);
  const facts: Array<{ title: string; value: string }> = [
    { title: texts.municipality, value: view.municipalityName ?? texts.unknown },
    ...(view.areaName ? [{ title: texts.area, value: view.areaName }] : []),
    { title: texts.language, value: LANGUAGE_NAMES[view.language]?.[language] ?? view.language },
    { title: texts.topic, value: view.topic ? escapeMarkdown(view.topic) : texts.none },
    { title: texts.waitingSince, value: cardTimestamp(view.waitingSince) },
    {
      title: texts.consent,
      value: `${texts.consentSummary}; ${view.consentToTranscript ? texts.consentTranscriptYes : texts.consentTranscriptNo}`,
    },
  ];
  const contact = [view.contact?.phone, view.contact?.email].filter(Boolean).join(", ");
  if (contact) facts.push({ title: texts.contact, value: escapeMarkdown(contact) });

  const body: Record<string, unknown>[] = [
    {
      type: "TextBlock",
      text: view.mode === "callback" ? texts.callbackTitle : texts.title,
      weight: "Bolder",
      size: "Medium",
      wrap: true,
      style: "heading",
    },
    { type: "TextBlock", text: status.text, color: status.color, weight: "Bolder", wrap: true, spacing: "Small" },
  ];
  if (view.escalated) body.push({ type: "TextBlock", text: texts.escalated, color: "Warning", wrap: true });
  if (view.mode === "callback") body.push({ type: "TextBlock", text: texts.callbackNote(view.officeHours), wrap: true, isSubtle: true });
  if (view.notice) body.push({ type: "TextBlock", text: view.notice, color: "Warning", weight: "Bolder", wrap: true });
  body.push({ type: "FactSet", facts });
  body.push({ type: "TextBlock", text: texts.summary, weight: "Bolder", wrap: true, spacing: "Medium" });
  // The summary quotes the person: their Markdown shows as written, never as a link or image.
  body.push({ type: "TextBlock", text: view.summary ? escapeMarkdown(view.summary) : texts.none, wrap: true });
  if (view.botAnswers.length > 0) {
    body.push({ type: "TextBlock", text: texts.botAnswers, weight: "Bolder", wrap: true, spacing: "Medium" });
    body.push({ type: "TextBlock", text: view.botAnswers.map((answer) => `- ${answer}`).join("\n"), wrap: true, isSubtle: true });
  }

  const actions: Record<string, unknown>[] = [];
  if (view.state === "waiting") {
    actions.push(execute("claim", texts.claim, view.handoffId, "positive"));
    if (view.mode === "callback") actions.push(execute("callbackDone", texts.callbackDoneAction, view.handoffId));
  } else if (view.state === "claimed") {
    if (view.mode === "callback") actions.push(execute("callbackDone", texts.callbackDoneAction, view.handoffId, "positive"));
    else actions.push(execute("close", texts.close, view.handoffId, "destructive"));
  }
  if (view.consoleUrl) actions.push({ type: "Action.OpenUrl", title: texts.openConsole, url: view.consoleUrl });

  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}
