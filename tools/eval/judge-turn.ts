import { z } from "zod";

/**
 * Judging one scripted turn of a conversation against what the bot did, in the dialog format of
 * the evaluation sets (one JSON object a line; see README "Evaluating conversations"). Pure.
 */

const listOrOne = <T extends z.ZodTypeAny>(schema: T) => z.union([schema, z.array(schema)]);

const expectSchema = z
  .object({
    outcome: listOrOne(z.string()).optional(),
    sourcesAnyOf: listOrOne(z.string()).optional(),
    sourcesAllOf: listOrOne(z.string()).optional(),
    firstSourceIn: listOrOne(z.string()).optional(),
    sourcesNoneOf: listOrOne(z.string()).optional(),
    sourcesNotInPrevious: z.boolean().optional(),
    textMatches: listOrOne(z.string()).optional(),
    textNotMatches: listOrOne(z.string()).optional(),
    cardTextMatches: listOrOne(z.string()).optional(),
    distanceKm: z.tuple([z.number(), z.number()]).refine(([low, high]) => low <= high, "distanceKm must be [low, high]").optional(),
    language: z.enum(["fi", "sv", "en"]).optional(),
    cardActions: listOrOne(z.string()).optional(),
  })
  .strict();
export type TurnExpectation = z.infer<typeof expectSchema>;

export const dialogSchema = z.object({
  id: z.string().min(1),
  language: z.enum(["fi", "sv", "en"]),
  persona: z.string().optional(),
  page: z.object({ municipality: z.string().optional(), language: z.enum(["fi", "sv", "en"]).optional() }).optional(),
  turns: z
    .array(
      z
        .object({
          say: z.string().optional(),
          value: z.record(z.string(), z.unknown()).optional(),
          tags: z.array(z.string()).optional(),
          expect: expectSchema.default({}),
        })
        .refine((turn) => turn.say !== undefined || turn.value !== undefined, "a turn needs say or value"),
    )
    .min(1),
});
export type Dialog = z.infer<typeof dialogSchema>;

/** A bot message as Direct Line returns it (the parts judging reads). */
export interface BotActivity {
  readonly text?: string | undefined;
  readonly locale?: string | undefined;
  readonly attachments?: ReadonlyArray<{ readonly content?: unknown }> | undefined;
  readonly suggestedActions?: { readonly actions?: ReadonlyArray<{ readonly value?: unknown }> } | undefined;
  readonly channelData?: { readonly lahituki?: { readonly outcome?: string; readonly sources?: readonly string[] } } | undefined;
}

/** What a person saw in one turn. */
export interface ObservedTurn {
  readonly count: number;
  readonly outcome?: string | undefined;
  readonly sources: readonly string[];
  readonly language?: string | undefined;
  readonly text: string;
  readonly cardText: string;
  readonly actions: readonly string[];
}

function cardTexts(node: unknown, out: string[]): string[] {
  if (Array.isArray(node)) {
    for (const entry of node) cardTexts(entry, out);
  } else if (node && typeof node === "object") {
    const record = node as Record<string, unknown>;
    for (const key of ["text", "title", "label", "placeholder"]) if (typeof record[key] === "string") out.push(record[key] as string);
    if (record.type === "Fact" || ("title" in record && "value" in record && typeof record.value === "string" && !record.type)) out.push(record.value as string);
    for (const [key, value] of Object.entries(record)) {
      if (key === "data" || key === "$schema") continue;
      if (value && typeof value === "object") cardTexts(value, out);
    }
  }
  return out;
}

function actionNames(reply: BotActivity, out: Set<string>): void {
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const record = node as Record<string, unknown>;
      const data = record.data as Record<string, unknown> | undefined;
      if (record.type === "Action.Submit" && data && typeof data.action === "string") out.add(data.action);
      if (record.type === "Action.Execute" && typeof record.verb === "string") out.add(record.verb);
      for (const value of Object.values(record)) if (value && typeof value === "object") walk(value);
    }
  };
  walk(reply.attachments ?? []);
  for (const action of reply.suggestedActions?.actions ?? []) {
    const value = action.value as Record<string, unknown> | undefined;
    if (value && typeof value === "object" && typeof value.action === "string") out.add(value.action);
  }
}

/** Outcome and sources from the last bot message, language from its locale, text from all of them. */
export function observeTurn(replies: readonly BotActivity[]): ObservedTurn {
  const last = replies.at(-1);
  const lahituki = last?.channelData?.lahituki;
  const actions = new Set<string>();
  for (const reply of replies) actionNames(reply, actions);
  return {
    count: replies.length,
    outcome: lahituki?.outcome,
    sources: Array.isArray(lahituki?.sources) ? lahituki.sources : [],
    language: typeof last?.locale === "string" ? last.locale.split("-")[0]!.toLowerCase() : undefined,
    text: replies.map((reply) => reply.text ?? "").join("\n\n"),
    cardText: replies.flatMap((reply) => cardTexts(reply.attachments ?? [], [])).join("\n"),
    actions: [...actions],
  };
}

/** ISO date `days` after `today` (both YYYY-MM-DD). */
function shiftDate(today: string, days: number): string {
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const MONTHS = {
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
  fi: ["tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta", "kesäkuuta", "heinäkuuta", "elokuuta", "syyskuuta", "lokakuuta", "marraskuuta", "joulukuuta"],
  sv: ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"],
};

/** The usual fi/sv/en spellings of a date: "16.12.2026", "16 Dec", "16. joulukuuta", "2026-12-16". */
function dateSpellings(iso: string): string {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  const two = (value: number) => String(value).padStart(2, "0");
  const english = MONTHS.en[month - 1]!;
  const swedish = MONTHS.sv[month - 1]!;
  const named = [...new Set([english, english.slice(0, 3), MONTHS.fi[month - 1]!, swedish, swedish.slice(0, 3)])].join("|");
  return `(?<!\\d)0?${day}\\.\\s?0?${month}\\.|${year}-${two(month)}-${two(day)}|(?<!\\d)0?${day}(?:\\.|st|nd|rd|th)?\\s(?:${named})|(?:${named})\\.?\\s0?${day}(?!\\d)`;
}

/** A case-insensitive Unicode pattern with `{date:today±N}` expanded. */
export function expectationPattern(pattern: string, today: string): RegExp {
  const expanded = pattern.replace(/\{date:today(?:\s*([+-])\s*(\d{1,4}))?\}/g, (_, sign: string | undefined, days: string | undefined) => {
    const offset = days ? Number(days) * (sign === "-" ? -1 : 1) : 0;
    return `(?:${dateSpellings(shiftDate(today, offset))})`;
  });
  return new RegExp(expanded, "iu");
}

const asList = <T>(value: T | readonly T[] | undefined): readonly T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? (value as readonly T[]) : [value as T];

/** Distances stated as "N km" or "N kilometriä". */
function statedDistances(text: string): number[] {
  return [...text.matchAll(/(?<![\d.,])(\d{1,4})(?:[.,](\d{1,3}))?\s?(?:km(?!\p{L})|kilomet)/giu)].map((match) => Number(`${match[1]}.${match[2] ?? 0}`));
}

/** The failed expectations of one turn, each as a short sentence; empty when the turn passes. */
export function judgeTurn(expect: TurnExpectation, seen: ObservedTurn, previous: ObservedTurn | undefined, today: string): string[] {
  if (seen.count === 0) return ["no reply within 10 s"];
  const failures: string[] = [];
  const visible = `${seen.text}\n${seen.cardText}`;
  const outcomes = asList(expect.outcome);
  if (outcomes && !outcomes.includes(seen.outcome ?? "")) failures.push(`outcome ${JSON.stringify(seen.outcome)} not in ${JSON.stringify(outcomes)}`);
  const anyOf = asList(expect.sourcesAnyOf);
  if (anyOf && !anyOf.some((id) => seen.sources.includes(id))) failures.push(`sources lack any of ${JSON.stringify(anyOf)}`);
  const missing = (asList(expect.sourcesAllOf) ?? []).filter((id) => !seen.sources.includes(id));
  if (missing.length > 0) failures.push(`sources lack ${JSON.stringify(missing)}`);
  const first = asList(expect.firstSourceIn);
  if (first && !first.includes(seen.sources[0] ?? "")) failures.push(`first source ${JSON.stringify(seen.sources[0] ?? null)} not in ${JSON.stringify(first)}`);
  const bad = (asList(expect.sourcesNoneOf) ?? []).filter((id) => seen.sources.includes(id));
  if (bad.length > 0) failures.push(`sources include ${JSON.stringify(bad)}`);
  if (expect.sourcesNotInPrevious) {
    const repeated = seen.sources.filter((id) => (previous?.sources ?? []).includes(id));
    if (seen.sources.length === 0) failures.push("no sources (expected new ones)");
    else if (repeated.length > 0) failures.push(`sources repeat the previous turn's ${JSON.stringify(repeated)}`);
  }
  for (const pattern of asList(expect.textMatches) ?? []) if (!expectationPattern(pattern, today).test(visible)) failures.push(`textMatches /${pattern}/ not found`);
  for (const pattern of asList(expect.cardTextMatches) ?? []) if (!expectationPattern(pattern, today).test(seen.cardText)) failures.push(`cardTextMatches /${pattern}/ not found`);
  for (const pattern of asList(expect.textNotMatches) ?? []) {
    const match = expectationPattern(pattern, today).exec(visible);
    if (match) failures.push(`textNotMatches /${pattern}/ found "${match[0]}"`);
  }
  if (expect.distanceKm) {
    const [low, high] = expect.distanceKm;
    const stated = statedDistances(visible);
    if (!stated.some((km) => km >= low && km <= high)) failures.push(`no distance ${low}–${high} km stated (found ${stated.length > 0 ? `${stated.join(", ")} km` : "none"})`);
  }
  if (expect.language && seen.language !== expect.language) failures.push(`reply language ${JSON.stringify(seen.language)} ≠ ${expect.language}`);
  const absent = (asList(expect.cardActions) ?? []).filter((name) => !seen.actions.includes(name));
  if (absent.length > 0) failures.push(`actions lack ${JSON.stringify(absent)}`);
  return failures;
}
