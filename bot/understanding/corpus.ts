import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Language } from "../../knowledge/index.js";

/** Intents the classifier learns; the corpus README (corpus/README.md) defines each one. */
export const INTENTS = [
  "search",
  "handoff",
  "crisis",
  "injection",
  "greeting",
  "help",
  "thanks",
  "yes",
  "no",
  "cancel",
  "alert-subscribe",
  "alert-list",
  "alert-stop",
  "distance",
  "item-question",
  "follow-up",
  "home",
  "language",
  "out-of-scope",
  "employer",
] as const;
export type IntentLabel = (typeof INTENTS)[number];

export const ITEM_FIELDS = [
  "cost", "duration", "start", "deadline", "apply", "contact", "address", "hours", "format", "requirements", "salary", "other",
] as const;
export type ItemFieldLabel = (typeof ITEM_FIELDS)[number];

export const FOLLOW_UPS = ["more", "place", "kind", "topic"] as const;
export type FollowUpLabel = (typeof FOLLOW_UPS)[number];

const lineSchema = z
  .object({
    text: z.string().trim().min(1).max(500),
    intent: z.enum(INTENTS),
    field: z.enum(ITEM_FIELDS).optional(),
    followUp: z.enum(FOLLOW_UPS).optional(),
  })
  .strict();

/** One labelled utterance of the corpus. */
export interface CorpusExample {
  readonly text: string;
  readonly intent: IntentLabel;
  readonly language: Language;
  readonly field?: ItemFieldLabel | undefined;
  readonly followUp?: FollowUpLabel | undefined;
}

const CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "corpus");

/** Reads corpus/{fi,sv,en}.jsonl; a bad line stops with the file, line and field named. */
export function loadCorpus(directory = CORPUS_DIR): CorpusExample[] {
  const examples: CorpusExample[] = [];
  for (const language of ["fi", "sv", "en"] as const) {
    const file = path.join(directory, `${language}.jsonl`);
    const lines = readFileSync(file, "utf8").split("\n");
    lines.forEach((line, index) => {
      if (!line.trim()) return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (error) {
        throw new Error(`${file}:${index + 1}: not JSON`, { cause: error });
      }
      const parsed = lineSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`${file}:${index + 1}: ${issue?.path.join(".") || "(line)"}: ${issue?.message ?? "invalid"}`);
      }
      examples.push({ ...parsed.data, language });
    });
  }
  return examples;
}
