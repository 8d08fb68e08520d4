import { escapeMarkdown } from "../platform/index.js";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

/** Languages the cards are written in. */
export type CardLanguage = "fi" | "sv" | "en";
export type ResultKind = "vacancy" | "training" | "service";

/**
 * What a result card shows. Structurally a subset of the knowledge search result, so the bot can
 * pass a `SearchResult` directly while this folder stays independent of `knowledge/`.
 */
export interface ResultCardInput {
  readonly id: string;
  readonly kind: ResultKind;
  readonly title: string;
  readonly organization?: string | undefined;
  /** Display name of the municipality. */
  readonly municipality?: string | undefined;
  readonly url?: string | undefined;
  readonly validFrom?: string | undefined;
  readonly validUntil?: string | undefined;
  readonly upcoming?: boolean | undefined;
  readonly snippet?: string | undefined;
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
  readonly address?: string | undefined;
  readonly startDate?: string | undefined;
  readonly format?: string | undefined;
  readonly employmentType?: string | undefined;
  readonly openingHours?: string | undefined;
}

export interface ResultCardOptions {
  readonly language: CardLanguage;
  /** ISO date (Europe/Helsinki) the deadline is counted from. */
  readonly today: string;
  /** The [n] the answer text uses for this item. */
  readonly position: number;
}

export interface AdaptiveCardAttachment {
  readonly contentType: "application/vnd.microsoft.card.adaptive";
  readonly content: Record<string, unknown>;
}

/**
 * adaptivecards-templating loaded through require with a minimal local type: its bundled typings
 * pull in the `adaptivecards` TypeScript sources, which do not compile under our strict
 * `verbatimModuleSyntax` settings.
 */
interface CardTemplate {
  expand(context: { $root: unknown }): unknown;
}
const ACData = createRequire(import.meta.url)("adaptivecards-templating") as {
  Template: new (payload: unknown) => CardTemplate;
};

const TEMPLATE_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), "templates", "result-card.json");
let template: CardTemplate | undefined;

function resultTemplate(): CardTemplate {
  template ??= new ACData.Template(JSON.parse(readFileSync(TEMPLATE_PATH, "utf8")));
  return template;
}

const LABELS = {
  fi: {
    vacancy: "Työpaikka", training: "Koulutus", service: "Palvelu", organization: "Organisaatio", municipality: "Kunta",
    deadline: "Hakuaika", format: "Toteutus", employment: "Työsuhde", contact: "Yhteystiedot", starts: "Alkaa",
    hours: "Aukioloajat", address: "Osoite", open: "Avaa", region: "Koko alue",
  },
  sv: {
    vacancy: "Lediga jobb", training: "Utbildning", service: "Tjänst", organization: "Organisation", municipality: "Kommun",
    deadline: "Ansökningstid", format: "Form", employment: "Anställning", contact: "Kontakt", starts: "Börjar",
    hours: "Öppettider", address: "Adress", open: "Öppna", region: "Hela regionen",
  },
  en: {
    vacancy: "Job vacancy", training: "Training", service: "Service", organization: "Organisation", municipality: "Municipality",
    deadline: "Applications", format: "Format", employment: "Employment", contact: "Contact", starts: "Starts",
    hours: "Opening hours", address: "Address", open: "Open", region: "Whole region",
  },
} as const;

const FORMAT_LABELS: Record<CardLanguage, Record<string, string>> = {
  fi: { "in-person": "Paikan päällä", online: "Verkossa", hybrid: "Paikan päällä ja verkossa" },
  sv: { "in-person": "På plats", online: "På nätet", hybrid: "På plats och på nätet" },
  en: { "in-person": "In person", online: "Online", hybrid: "In person and online" },
};

const EMPLOYMENT_LABELS: Record<CardLanguage, Record<string, string>> = {
  fi: { "full-time": "Kokoaikainen", "part-time": "Osa-aikainen", temporary: "Määräaikainen", seasonal: "Kausityö" },
  sv: { "full-time": "Heltid", "part-time": "Deltid", temporary: "Tidsbegränsad", seasonal: "Säsongsarbete" },
  en: { "full-time": "Full-time", "part-time": "Part-time", temporary: "Temporary", seasonal: "Seasonal" },
};

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** 5.1.2027 in Finnish and Swedish, 5 Jan 2027 in English. */
export function formatDate(isoDate: string, language: CardLanguage): string {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  if (language === "en") {
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return `${day} ${months[month - 1]} ${year}`;
  }
  return `${day}.${month}.${year}`;
}

/**
 * The deadline in words: "Hakuaika päättyy 3 päivän päästä" / "Ansökningstiden går ut om 3 dagar" /
 * "Applications close in 3 days"; upcoming items say when applications open. Undefined when the
 * item has no deadline.
 */
export function describeDeadline(
  item: Pick<ResultCardInput, "validFrom" | "validUntil" | "upcoming">,
  options: { language: CardLanguage; today: string },
): string | undefined {
  const { language, today } = options;
  if (item.validFrom && (item.upcoming || item.validFrom > today)) {
    const date = formatDate(item.validFrom, language);
    return { fi: `Haku alkaa ${date}`, sv: `Ansökan öppnar ${date}`, en: `Applications open on ${date}` }[language];
  }
  if (!item.validUntil) return undefined;
  const days = daysBetween(today, item.validUntil);
  const date = formatDate(item.validUntil, language);
  if (days < 0) {
    return { fi: `Hakuaika päättyi ${date}`, sv: `Ansökningstiden gick ut ${date}`, en: `Applications closed on ${date}` }[language];
  }
  if (days === 0) return { fi: "Hakuaika päättyy tänään", sv: "Ansökningstiden går ut i dag", en: "Applications close today" }[language];
  if (days === 1) {
    return { fi: "Hakuaika päättyy huomenna", sv: "Ansökningstiden går ut i morgon", en: "Applications close tomorrow" }[language];
  }
  return {
    fi: `Hakuaika päättyy ${days} päivän päästä (${date})`,
    sv: `Ansökningstiden går ut om ${days} dagar (${date})`,
    en: `Applications close in ${days} days (${date})`,
  }[language];
}

function contactLine(item: ResultCardInput): string {
  return [item.phone, item.email].filter(Boolean).join(", ");
}

/**
 * One result as an Adaptive Card 1.5 (vacancy, training or service), expanded from
 * templates/result-card.json with adaptivecards-templating. Every text comes from our data or our
 * labels, never from a model.
 */
export function buildResultCard(item: ResultCardInput, options: ResultCardOptions): AdaptiveCardAttachment {
  const labels = LABELS[options.language];
  const facts: Array<{ label: string; value: string }> = [];
  const add = (label: string, value: string | undefined) => {
    if (value && value.trim()) facts.push({ label, value: escapeMarkdown(value.trim()) });
  };
  add(labels.organization, item.organization);
  add(labels.municipality, item.municipality ?? (item.kind === "service" ? labels.region : undefined));
  const deadline = item.kind === "service" ? undefined : describeDeadline(item, options);
  if (item.kind === "training" && item.startDate) add(labels.starts, formatDate(item.startDate, options.language));
  if (item.employmentType) add(labels.employment, EMPLOYMENT_LABELS[options.language][item.employmentType] ?? item.employmentType);
  if (item.format) add(labels.format, FORMAT_LABELS[options.language][item.format] ?? item.format);
  if (item.kind === "service") {
    add(labels.hours, item.openingHours);
    add(labels.address, item.address);
  }
  add(labels.contact, contactLine(item));
  const upcoming = Boolean(item.validFrom && (item.upcoming || item.validFrom > options.today));
  const data = {
    language: options.language,
    kindLabel: labels[item.kind],
    position: options.position,
    // Item text is plain text: escaped so Markdown in it shows as written (TextBlocks render Markdown).
    title: escapeMarkdown(item.title),
    status: deadline ?? "",
    statusColor: upcoming ? "Accent" : "Good",
    facts,
    snippet: escapeMarkdown(shorten(item.snippet ?? "", 220)),
    url: item.url ?? "",
    openLabel: `${labels.open}: ${shorten(item.title, 40)}`,
    speak: `${labels[item.kind]}: ${item.title}. ${deadline ?? ""}`.trim(),
  };
  const content = resultTemplate().expand({ $root: data }) as Record<string, unknown>;
  if (Array.isArray(content.actions) && content.actions.length === 0) delete content.actions;
  return { contentType: "application/vnd.microsoft.card.adaptive", content };
}

function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > 0 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
