import { redactText } from "../../platform/index.js";
import type { TranscriptLine } from "./handoff.js";

/**
 * The advisor card's topic and summary without a model: a keyword topic and the person's own
 * questions (extractive), redacted of identity codes, phones and e-mails. A contact the person
 * gave on purpose is shown separately on the card.
 */
const TOPICS: ReadonlyArray<{ readonly topic: string; readonly words: RegExp }> = [
  { topic: "Työttömyysturva ja tuet", words: /(kela|päiväraha|työttömyysturv|karenssi|tuki|ersättning|dagpenning|benefit|allowance|kassa)/i },
  { topic: "Työnhakijaksi ilmoittautuminen", words: /(ilmoittau|rekisteröi|työmarkkinatori|anmäl|register)/i },
  { topic: "Työnhaku ja hakemukset", words: /(työnhak|ansioluettelo|\bcv\b|hakemus|arbetssök|ansökan|job search|application)/i },
  { topic: "Koulutus", words: /(koulutu|kurssi|opiskel|utbildning|kurs|training|course|study)/i },
  { topic: "Avoimet työpaikat", words: /(työpaik|töitä|työtä|duuni|hommi|jobb|arbete|job|vacanc|work)/i },
  { topic: "Palvelut", words: /(palvelu|palkkatuki|työkokeilu|starttiraha|tjänst|service)/i },
];

const KIND_TOPICS: Record<string, string> = {
  vacancy: "Avoimet työpaikat",
  training: "Koulutus",
  service: "Palvelut",
};

export function handoffTopic(input: { topicKind?: string | undefined; texts: readonly string[]; employer?: boolean | undefined }): string {
  const topic = personTopic(input);
  // Employers are the business services' to answer: the advisor sees it first.
  return input.employer ? `Työnantaja: ${topic}` : topic;
}

function personTopic(input: { topicKind?: string | undefined; texts: readonly string[] }): string {
  const joined = input.texts.join(" ");
  for (const candidate of TOPICS.slice(0, 2)) if (candidate.words.test(joined)) return candidate.topic;
  if (input.topicKind && KIND_TOPICS[input.topicKind]) return KIND_TOPICS[input.topicKind]!;
  for (const candidate of TOPICS) if (candidate.words.test(joined)) return candidate.topic;
  return "Yleinen neuvonta";
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
