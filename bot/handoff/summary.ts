import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadVocabulary, understandQuery, type ItemKind } from "../../knowledge/index.js";
import { redactText } from "../../platform/index.js";
import type { TranscriptLine } from "./handoff.js";

/**
 * The advisor card's topic and summary without a model. The topic comes from what the words mean
 * in the term file (concepts and occupations, in three languages, inflected and colloquial forms
 * included), grouped by `topics.json`; the summary is the person's own questions (extractive),
 * redacted of identity codes, phones and e-mails. A contact the person gave on purpose is shown
 * separately on the card.
 */
interface TopicRule {
  readonly topic: string;
  /** Wins over the kind of the last search ("Kela" in a conversation about jobs). */
  readonly first?: boolean;
  readonly kinds?: readonly ItemKind[];
  /** Every ISCO occupation counts for this topic. */
  readonly occupations?: boolean;
  readonly concepts: readonly string[];
}

const TOPICS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "topics.json");
let rules: readonly TopicRule[] | undefined;

function topicRules(): readonly TopicRule[] {
  rules ??= (JSON.parse(readFileSync(TOPICS_FILE, "utf8")) as { topics: TopicRule[] }).topics;
  return rules;
}

const KIND_TOPICS: Record<string, string> = {
  vacancy: "Avoimet työpaikat",
  training: "Koulutus",
  service: "Palvelut",
};

/** How often each topic's concepts, occupations and kinds occur in the texts. */
function topicCounts(texts: readonly string[]): Map<string, number> {
  const vocabulary = loadVocabulary();
  const counts = new Map<string, number>();
  const add = (topic: string) => counts.set(topic, (counts.get(topic) ?? 0) + 1);
  for (const text of texts) {
    if (!text.trim()) continue;
    const understood = understandQuery(text.slice(0, 1000), vocabulary);
    const keys = understood.groups.flatMap((group) => group.entryKeys);
    for (const rule of topicRules()) {
      for (const key of keys) {
        if ((rule.occupations && key.startsWith("isco:")) || (key.startsWith("concept:") && rule.concepts.includes(key.slice("concept:".length)))) add(rule.topic);
      }
      for (const kind of understood.kinds) if (rule.kinds?.includes(kind)) add(rule.topic);
    }
  }
  return counts;
}

export function handoffTopic(input: { topicKind?: string | undefined; texts: readonly string[]; employer?: boolean | undefined }): string {
  const topic = personTopic(input);
  // Employers are the business services' to answer: the advisor sees it first.
  return input.employer ? `Työnantaja: ${topic}` : topic;
}

function personTopic(input: { topicKind?: string | undefined; texts: readonly string[] }): string {
  const counts = topicCounts(input.texts);
  const best = (candidates: readonly TopicRule[]) =>
    candidates.reduce<TopicRule | undefined>((winner, rule) => ((counts.get(rule.topic) ?? 0) > (winner ? (counts.get(winner.topic) ?? 0) : 0) ? rule : winner), undefined);
  const first = best(topicRules().filter((rule) => rule.first));
  if (first) return first.topic;
  if (input.topicKind && KIND_TOPICS[input.topicKind]) return KIND_TOPICS[input.topicKind]!;
  return best(topicRules())?.topic ?? "Yleinen neuvonta";
}

function clip(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The summary the advisor reads first: the given summary when the conversation core made one,
 * else the person's last three questions.
 */
export function handoffSummary(input: { summary?: string | undefined; transcript: readonly TranscriptLine[] }): string {
  if (input.summary && input.summary.trim()) return clip(redactText(input.summary), 600);
  const questions = input.transcript.filter((line) => line.role === "person" && line.text.trim()).slice(-3);
  return clip(questions.map((line) => `“${clip(redactText(line.text), 200)}”`).join(" "), 600);
}

/** What the bot already said (lead sentences), at most three, newest last. */
export function handoffBotAnswers(input: { botAnswers?: readonly string[] | undefined; transcript: readonly TranscriptLine[] }): string[] {
  const given = (input.botAnswers ?? []).filter((answer) => answer.trim());
  const source = given.length > 0 ? given : input.transcript.filter((line) => line.role === "bot").map((line) => line.text);
  return source.slice(-3).map((answer) => clip(redactText(answer.split(/\n/)[0] ?? answer), 200));
}
