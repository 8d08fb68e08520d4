import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Language } from "./item.js";

const labels = z.array(z.string()).default([]);

const occupationSchema = z
  .object({ isco: z.string().regex(/^\d{1,4}$/), fi: labels, sv: labels, en: labels })
  .loose();
const conceptSchema = z.object({ key: z.string().min(1), fi: labels, sv: labels, en: labels }).loose();
const termFileSchema = z
  .object({
    source: z.unknown().optional(),
    licence: z.unknown().optional(),
    occupations: z.array(occupationSchema).default([]),
    concepts: z.array(conceptSchema).default([]),
  })
  .loose();

/** One entry of the term file: an ISCO-08 occupation or a service/topic concept, labelled in three languages. */
export interface TermEntry {
  /** "isco:7212" or "concept:<key>". */
  readonly key: string;
  readonly isco?: string | undefined;
  /** Labels per language, lower-cased and NFC-normalised; the first one is the preferred label. */
  readonly labels: Readonly<Record<Language, readonly string[]>>;
}

/** The loaded term file with lookups the query understanding needs. */
export interface Vocabulary {
  readonly entries: readonly TermEntry[];
  /** Every label (lower case) → entries carrying it. */
  readonly byLabel: ReadonlyMap<string, readonly TermEntry[]>;
  /** Entries by ISCO code. */
  readonly byIsco: ReadonlyMap<string, TermEntry>;
  /** Longest label length in words, to bound phrase matching. */
  readonly maxLabelWords: number;
  /** Labels by their first three characters (inflection matching needs a common prefix of four). */
  readonly labelsByHead: ReadonlyMap<string, readonly string[]>;
}

const TERMS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "terms", "terms.json");

/**
 * A label as query words see it: lower case, NFC, words split on anything but letters and digits
 * ("CE-kortti" → "ce kortti"), so labels and queries tokenise the same way.
 */
function normaliseLabel(label: string): string {
  return label
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(" ");
}

/** Builds lookups from parsed term data (exported for tests that pass their own vocabulary). */
export function createVocabulary(data: unknown): Vocabulary {
  const parsed = termFileSchema.parse(data);
  const entries: TermEntry[] = [];
  const clean = (values: readonly string[]) => [...new Set(values.map(normaliseLabel).filter(Boolean))];
  for (const occupation of parsed.occupations) {
    entries.push({
      key: `isco:${occupation.isco}`,
      isco: occupation.isco,
      labels: { fi: clean(occupation.fi), sv: clean(occupation.sv), en: clean(occupation.en) },
    });
  }
  for (const concept of parsed.concepts) {
    entries.push({
      key: `concept:${concept.key}`,
      labels: { fi: clean(concept.fi), sv: clean(concept.sv), en: clean(concept.en) },
    });
  }
  const byLabel = new Map<string, TermEntry[]>();
  const byIsco = new Map<string, TermEntry>();
  let maxLabelWords = 1;
  for (const entry of entries) {
    if (entry.isco && !byIsco.has(entry.isco)) byIsco.set(entry.isco, entry);
    for (const label of allLabels(entry)) {
      const list = byLabel.get(label) ?? [];
      if (!list.includes(entry)) list.push(entry);
      byLabel.set(label, list);
      maxLabelWords = Math.max(maxLabelWords, label.split(" ").length);
    }
  }
  const labelsByHead = new Map<string, string[]>();
  for (const label of byLabel.keys()) {
    const head = label.slice(0, 3);
    const list = labelsByHead.get(head) ?? [];
    list.push(label);
    labelsByHead.set(head, list);
  }
  return { entries, byLabel, byIsco, maxLabelWords, labelsByHead };
}

/** All labels of an entry in fi, sv, en order, without duplicates. */
export function allLabels(entry: TermEntry): string[] {
  return [...new Set([...entry.labels.fi, ...entry.labels.sv, ...entry.labels.en])];
}

let cached: Vocabulary | undefined;

/**
 * The shipped term file (knowledge/terms/terms.json), loaded once. A missing file gives an empty
 * vocabulary (search still works, without cross-language expansion); an invalid file throws.
 */
export function loadVocabulary(file: string = TERMS_FILE): Vocabulary {
  if (file === TERMS_FILE && cached) return cached;
  const vocabulary = existsSync(file)
    ? createVocabulary(JSON.parse(readFileSync(file, "utf8")))
    : createVocabulary({ occupations: [], concepts: [] });
  if (file === TERMS_FILE) cached = vocabulary;
  return vocabulary;
}

/** fi/sv/en labels of an ISCO-08 occupation code, or an empty list when the term file lacks it. */
export function occupationLabels(isco: string, vocabulary: Vocabulary = loadVocabulary()): string[] {
  const entry = vocabulary.byIsco.get(isco);
  return entry ? allLabels(entry) : [];
}
