import { escapeMarkdown } from "../platform/index.js";
import { municipalityName, type Language, type StoredItem } from "../knowledge/index.js";

const CARD_TEXTS = {
  title: { fi: "Viikkokatsaus: {municipality}", sv: "Veckoöversikt: {municipality}", en: "Weekly digest: {municipality}" },
  intro: {
    fi: "Lähituen sisältö, joka kaipaa huomiota. Päivitä tai päätä kohteet sisällönhallinnassa.",
    sv: "Innehåll i Lähituki som behöver uppmärksamhet. Uppdatera eller avsluta objekten i innehållshanteringen.",
    en: "Lähituki content that needs attention. Update or expire the items in content administration.",
  },
  expiring: { fi: "Päättyy {days} päivän sisällä ({count})", sv: "Upphör inom {days} dagar ({count})", en: "Expiring within {days} days ({count})" },
  stale: { fi: "Ei päivitetty {days} päivään ({count})", sv: "Inte uppdaterad på {days} dagar ({count})", en: "Not updated in {days} days ({count})" },
  pending: {
    fi: "Työnantajien ilmoitukset odottaneet yli {days} päivää ({count})",
    sv: "Arbetsgivares annonser som väntat över {days} dagar ({count})",
    en: "Employers' vacancies waiting over {days} days ({count})",
  },
  submitted: { fi: "lähetetty {date}", sv: "skickad {date}", en: "submitted {date}" },
  more: { fi: "…ja {count} muuta", sv: "…och {count} till", en: "…and {count} more" },
  open: { fi: "Avaa sisällönhallinta", sv: "Öppna innehållshanteringen", en: "Open content administration" },
  validUntil: { fi: "voimassa {date} asti", sv: "giltig till {date}", en: "valid until {date}" },
  updated: { fi: "päivitetty {date}", sv: "uppdaterad {date}", en: "updated {date}" },
} as const;

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ""));
}

/** Items listed per section; the rest is counted. */
const LIST_LIMIT = 10;

/**
 * The weekly freshness digest of one municipality as an Adaptive Card (1.5): items expiring soon
 * and stale items, each with its source, and a link to the admin UI. Pure.
 */
export function buildDigestCard(input: {
  municipality: string;
  language: Language;
  expiring: { readonly items: readonly StoredItem[]; readonly total: number };
  stale: { readonly items: readonly StoredItem[]; readonly total: number };
  expiringDays: number;
  staleDays: number;
  adminUrl: string;
  /** Vacancy submissions waiting for review longer than `pendingDays`. */
  pending?: { readonly items: ReadonlyArray<{ readonly title: string; readonly employerName: string; readonly createdAt: string }>; readonly total: number } | undefined;
  pendingDays?: number | undefined;
}): Record<string, unknown> {
  const language = input.language;
  const name = municipalityName(input.municipality, language) ?? input.municipality;
  /** A heading and up to LIST_LIMIT lines "• title (origin) – detail", the rest counted. */
  const section = (heading: string, total: number, lines: ReadonlyArray<{ title: string; origin: string; detail: string }>) => [
    { type: "TextBlock", text: heading, weight: "Bolder", size: "Medium", wrap: true, spacing: "Medium" },
    ...lines.slice(0, LIST_LIMIT).map((line) => ({
      type: "TextBlock",
      text: `• ${escapeMarkdown(line.title)} (${escapeMarkdown(line.origin)}) – ${line.detail}`,
      wrap: true,
      spacing: "Small",
    })),
    ...(total > LIST_LIMIT ? [{ type: "TextBlock", text: fill(CARD_TEXTS.more[language], { count: total - LIST_LIMIT }), isSubtle: true, wrap: true }] : []),
  ];
  const itemLines = (items: readonly StoredItem[], detail: (item: StoredItem) => string) =>
    items.map((item) => ({ title: item.title, origin: item.source, detail: detail(item) }));
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    lang: language,
    body: [
      { type: "TextBlock", text: fill(CARD_TEXTS.title[language], { municipality: name }), weight: "Bolder", size: "Large", wrap: true, style: "heading" },
      { type: "TextBlock", text: CARD_TEXTS.intro[language], wrap: true },
      ...(input.expiring.total > 0
        ? section(
            fill(CARD_TEXTS.expiring[language], { days: input.expiringDays, count: input.expiring.total }),
            input.expiring.total,
            itemLines(input.expiring.items, (item) => fill(CARD_TEXTS.validUntil[language], { date: item.validUntil ?? "" })),
          )
        : []),
      ...(input.stale.total > 0
        ? section(
            fill(CARD_TEXTS.stale[language], { days: input.staleDays, count: input.stale.total }),
            input.stale.total,
            itemLines(input.stale.items, (item) => fill(CARD_TEXTS.updated[language], { date: item.updatedAt.slice(0, 10) })),
          )
        : []),
      ...(input.pending && input.pending.total > 0
        ? section(
            fill(CARD_TEXTS.pending[language], { days: input.pendingDays ?? 0, count: input.pending.total }),
            input.pending.total,
            input.pending.items.map((submission) => ({
              title: submission.title,
              origin: submission.employerName,
              detail: fill(CARD_TEXTS.submitted[language], { date: submission.createdAt.slice(0, 10) }),
            })),
          )
        : []),
    ],
    actions: [{ type: "Action.OpenUrl", title: CARD_TEXTS.open[language], url: input.adminUrl }],
  };
}

