import { randomUUID } from "node:crypto";
import { buildResultCard } from "../../adaptive-cards/index.js";
import { escapeMarkdown } from "../../platform/index.js";
import { municipalityName, type ItemKind, type Language, type SearchResult } from "../../knowledge/index.js";
import type { BotReply, Citation, Outcome, SuggestedAction } from "./bot-reply.js";
import { answerLead, BUTTONS, text, type TEXT } from "./texts.js";
import { describeDeadline } from "../../adaptive-cards/index.js";

/** Municipalities offered by "filter by municipality": the sub-region first, then its neighbours. */
export const MUNICIPALITY_CHOICES = ["236", "074", "421", "584", "849", "924", "272", "217"] as const;

export interface ReplyBase {
  readonly language: Language;
  readonly outcome: Outcome;
  readonly text: string;
  readonly sources?: readonly string[];
  readonly citations?: readonly Citation[];
  readonly cards?: BotReply["cards"];
  readonly suggestedActions?: readonly SuggestedAction[];
  readonly feedback?: boolean;
  readonly generated?: boolean;
  /** Inject for deterministic tests. */
  readonly replyId?: string;
}

export function makeReply(base: ReplyBase): BotReply {
  return {
    kind: "message",
    replyId: base.replyId ?? randomUUID(),
    text: base.text,
    language: base.language,
    outcome: base.outcome,
    sources: base.sources ?? [],
    citations: base.citations ?? [],
    cards: base.cards ?? [],
    suggestedActions: base.suggestedActions ?? [],
    feedback: base.feedback ?? false,
    generated: base.generated ?? false,
  };
}

export function fixedReply(key: keyof typeof TEXT, language: Language, outcome: Outcome, extra: Partial<ReplyBase> = {}): BotReply {
  return makeReply({ language, outcome, text: text(key, language), ...extra });
}

export function talkToPersonAction(language: Language): SuggestedAction {
  return { title: BUTTONS.talkToPerson[language], text: BUTTONS.talkToPerson[language], value: { action: "talkToPerson" } };
}

/** Opens the vacancy form (the employer capability answers the button). */
export function submitVacancyAction(language: Language): SuggestedAction {
  return { title: BUTTONS.submitVacancy[language], text: BUTTONS.submitVacancy[language], value: { action: "openVacancyForm" } };
}

function answerActions(options: { language: Language; hasMore: boolean }): SuggestedAction[] {
  const { language } = options;
  const actions: SuggestedAction[] = [];
  if (options.hasMore) actions.push({ title: BUTTONS.showMore[language], text: BUTTONS.showMore[language], value: { action: "showMore" } });
  actions.push({
    title: BUTTONS.filterMunicipality[language],
    text: BUTTONS.filterMunicipality[language],
    value: { action: "chooseMunicipality" },
  });
  actions.push(talkToPersonAction(language));
  return actions;
}

export function municipalityActions(language: Language): SuggestedAction[] {
  return MUNICIPALITY_CHOICES.map((code) => {
    const name = municipalityName(code, language) ?? code;
    return { title: name, text: name, value: { action: "filterMunicipality", municipality: code } };
  });
}

/** Abstract for a citation: the snippet, shortened; never instructions, just the item's own text. */
function citationAbstract(result: SearchResult): string {
  const raw = (result.snippet || result.description || "").replace(/\s+/g, " ").trim();
  return raw.length > 240 ? `${raw.slice(0, 239)}…` : raw;
}

export function citationsFor(results: readonly SearchResult[]): Citation[] {
  return results.map((result, index) => ({
    position: index + 1,
    id: result.id,
    name: result.title,
    url: result.url,
    abstract: citationAbstract(result),
  }));
}

/** Appends " (extra)" to the text line "[n] …" of result n (a distance, a shortage mark). */
export function annotateResultLine(text: string, position: number, extra: string): string {
  return text
    .split("\n\n")
    .map((paragraph) => (paragraph.startsWith(`[${position}] `) ? `${paragraph} (${extra})` : paragraph))
    .join("\n\n");
}

/** One line per result for the text: "[1] Hitsaaja – Konepaja Oy, Kaustinen. Hakuaika päättyy …". */
export function resultLine(result: SearchResult, position: number, language: Language, today: string): string {
  const where = [result.organization, result.municipalityCode ? municipalityName(result.municipalityCode, language) : result.municipality]
    .filter(Boolean)
    .map((part) => escapeMarkdown(part ?? ""))
    .join(", ");
  const deadline = result.kind === "service" ? undefined : describeDeadline(result, { language, today });
  return `[${position}] ${escapeMarkdown(result.title)}${where ? ` – ${where}` : ""}${deadline ? `. ${deadline}` : ""}`;
}

/**
 * The extractive answer (no model): a lead sentence from templates, one line per result citing
 * [n], a carousel of result cards and suggested actions. Every word comes from templates or the
 * items' own fields, so nothing in an item can change what the bot says beyond quoting it.
 */
export function composeExtractiveAnswer(options: {
  language: Language;
  results: readonly SearchResult[];
  kind: ItemKind | undefined;
  municipality: string | undefined;
  more: boolean;
  hasMore: boolean;
  today: string;
}): BotReply {
  const { language, results, today } = options;
  const kinds = new Set(results.map((result) => result.kind));
  const kind = options.kind ?? (kinds.size === 1 ? results[0]?.kind : undefined);
  const lead = answerLead({ language, count: results.length, kind, municipality: options.municipality, more: options.more });
  // Below 0.5 the searcher's match is partial (docs/decisions/0010-hybrid-retrieval.md): say so.
  const partial = !options.more && (results[0]?.score ?? 1) < 0.5;
  const note = partial
    ? { fi: "Nämä vastaavat kysymystäsi vain osittain.", sv: "De här motsvarar din fråga bara delvis.", en: "These only partly match your question." }[language]
    : undefined;
  const lines = results.map((result, index) => resultLine(result, index + 1, language, today));
  return makeReply({
    language,
    outcome: "answer",
    text: [note ? `${lead} ${note}` : lead, ...lines].join("\n\n"),
    sources: results.map((result) => result.id),
    citations: citationsFor(results),
    cards: results.map((result, index) =>
      buildResultCard(
        { ...result, municipality: result.municipalityCode ? municipalityName(result.municipalityCode, language) : result.municipality },
        { language, today, position: index + 1 },
      ),
    ),
    suggestedActions: answerActions({ language, hasMore: options.hasMore }),
    feedback: true,
  });
}
