import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { escapeMarkdown } from "../../platform/index.js";
import { describeDeadline, formatDate } from "../../adaptive-cards/index.js";
import {
  daysBetween,
  ITEM_KINDS,
  LANGUAGES,
  municipalityCode,
  municipalityName,
  type ItemKind,
  type Language,
  type SearchResult,
} from "../../knowledge/index.js";
import { stripInstructionLikeSentences } from "./sanitize-item-text.js";

/**
 * Answers a question about one item the bot has shown ("how much does it cost?", "milloin se
 * alkaa?"): from the item's structured fields where it has them, else by quoting the sentences of
 * its description that are about the asked field, with the item cited. Cue words are data
 * (words/item-question-words.json) in Finnish, Swedish and English, so an English question finds the
 * answer in a Finnish description. Pure: the words file is read once and nothing else is touched.
 */

const ITEM_FIELDS = [
  "cost",
  "duration",
  "start",
  "deadline",
  "apply",
  "contact",
  "address",
  "hours",
  "format",
  "requirements",
  "salary",
  "other",
] as const;
export type ItemField = (typeof ITEM_FIELDS)[number];
type CuedField = Exclude<ItemField, "other">;

/** The fields of a search result that later questions about it need. */
const SHOWN_FIELDS = [
  "id", "kind", "title", "organization", "municipality", "municipalityCode", "url", "validFrom", "validUntil", "startDate",
  "address", "email", "phone", "openingHours", "format", "employmentType", "description", "language",
] as const satisfies ReadonlyArray<keyof SearchResult>;

/**
 * What the bot remembers of an item it showed (kept in conversation memory as JSON): the result's
 * own fields, with `description` plain text of at most MAX_DESCRIPTION_CHARS, cut at a sentence end.
 */
export type ShownItem = Pick<SearchResult, (typeof SHOWN_FIELDS)[number]>;

/** Description kept per shown item: enough for the usual facts, small enough for conversation memory. */
const MAX_DESCRIPTION_CHARS = 1500;
const MAX_QUESTION_CHARS = 500;
const MAX_QUOTE_CHARS = 400;
const MAX_QUOTED_SENTENCES = 2;
/** Question-only cue words ("how much", "paljonko") weigh less than words about the field itself. */
const QUESTION_CUE_WEIGHT = 0.5;

const optionalText = z.string().max(2000).optional();
const optionalDate = z.iso.date().optional();

/** Shown items as read back from conversation memory (stored JSON is parsed like any other edge). */
const shownItemSchema = z.object({
  id: z.string().min(1).max(200),
  kind: z.enum(ITEM_KINDS),
  title: z.string().max(300),
  organization: optionalText,
  municipality: optionalText,
  municipalityCode: z.string().regex(/^\d{3}$/).optional(),
  url: optionalText,
  validFrom: optionalDate,
  validUntil: optionalDate,
  startDate: optionalDate,
  address: optionalText,
  email: optionalText,
  phone: optionalText,
  openingHours: optionalText,
  format: optionalText,
  employmentType: optionalText,
  description: z.string().transform((text) => capAtSentence(text, MAX_DESCRIPTION_CHARS)),
  language: z.enum(LANGUAGES),
});

/** The shown items kept in memory; entries that do not parse are dropped, not trusted. */
export function parseShownItems(value: unknown): ShownItem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const parsed = shownItemSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

const wordListSchema = z.array(z.string().trim().toLowerCase().min(1));
const fieldWordsSchema = z.object({
  cues: wordListSchema,
  questionCues: wordListSchema.default([]),
  units: wordListSchema.default([]),
  conflicts: z.array(z.enum(ITEM_FIELDS)).default([]),
});
const wordsFileSchema = z.object({
  fields: z.object({
    cost: fieldWordsSchema,
    duration: fieldWordsSchema,
    start: fieldWordsSchema,
    deadline: fieldWordsSchema,
    apply: fieldWordsSchema,
    contact: fieldWordsSchema,
    address: fieldWordsSchema,
    hours: fieldWordsSchema,
    format: fieldWordsSchema,
    requirements: fieldWordsSchema,
    salary: fieldWordsSchema,
  }),
  numberWords: wordListSchema,
  ordinals: z.array(z.object({ position: z.number().int(), words: wordListSchema })),
  kinds: z.object({ training: wordListSchema, vacancy: wordListSchema, service: wordListSchema }),
  stopWords: wordListSchema,
});

/** One word of a cue: exact token, prefix ("maksu*") or suffix ("*katu"). */
interface WordPattern {
  readonly mode: "exact" | "prefix" | "suffix";
  readonly text: string;
}
/** A cue is one or more word patterns that must follow each other. */
type Cue = readonly WordPattern[];

interface FieldWords {
  readonly cues: readonly Cue[];
  readonly questionCues: readonly Cue[];
  readonly units: ReadonlySet<string>;
  readonly conflicts: readonly ItemField[];
}

interface Words {
  readonly fields: Readonly<Record<CuedField, FieldWords>>;
  readonly numberWords: ReadonlySet<string>;
  readonly ordinals: ReadonlyMap<string, number>;
  readonly kinds: ReadonlyArray<readonly [ItemKind, readonly Cue[]]>;
  readonly stopWords: ReadonlySet<string>;
}

const WORDS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "words", "item-question-words.json");
const CUED_FIELDS = ITEM_FIELDS.filter((field): field is CuedField => field !== "other");

let cachedWords: Words | undefined;

function compileCue(cue: string): Cue {
  return cue.split(" ").filter(Boolean).map((word): WordPattern => {
    if (word.length > 1 && word.endsWith("*")) return { mode: "prefix", text: word.slice(0, -1) };
    if (word.length > 1 && word.startsWith("*")) return { mode: "suffix", text: word.slice(1) };
    return { mode: "exact", text: word };
  });
}

function loadWords(): Words {
  if (cachedWords) return cachedWords;
  const file = wordsFileSchema.parse(JSON.parse(readFileSync(WORDS_FILE, "utf8")));
  const fields = Object.fromEntries(
    CUED_FIELDS.map((field) => {
      const words = file.fields[field];
      const compiled: FieldWords = {
        cues: words.cues.map(compileCue),
        questionCues: words.questionCues.map(compileCue),
        units: new Set(words.units),
        conflicts: words.conflicts,
      };
      return [field, compiled];
    }),
  ) as Record<CuedField, FieldWords>;
  const ordinals = new Map<string, number>();
  for (const ordinal of file.ordinals) for (const word of ordinal.words) ordinals.set(word, ordinal.position);
  const kinds = (["training", "vacancy", "service"] as const).map((kind) => [kind, file.kinds[kind].map(compileCue)] as const);
  cachedWords = { fields, numberWords: new Set(file.numberWords), ordinals, kinds, stopWords: new Set(file.stopWords) };
  return cachedWords;
}

/**
 * Lowercase words, numbers and "€" as separate tokens ("190€" → "190", "€"; "8h" → "8", "h"). Our
 * own rather than the shared tokenizers because those drop "€" and keep "190€" as one word, and
 * a number followed by its unit is the strongest evidence there is for a price or a duration.
 */
function tokens(text: string): string[] {
  return text.normalize("NFC").toLowerCase().match(/\p{L}+|\p{N}+|€/gu) ?? [];
}

function wordMatches(token: string, pattern: WordPattern): boolean {
  if (pattern.mode === "exact") return token === pattern.text;
  if (token.length <= pattern.text.length && pattern.mode === "suffix") return false;
  return pattern.mode === "prefix" ? token.startsWith(pattern.text) : token.endsWith(pattern.text);
}

function cueHits(words: readonly string[], cues: readonly Cue[]): number {
  let hits = 0;
  for (const cue of cues) {
    for (let start = 0; start + cue.length <= words.length; start += 1) {
      if (cue.every((pattern, offset) => wordMatches(words[start + offset] ?? "", pattern))) hits += 1;
    }
  }
  return hits;
}

/** Numbers, in digits or words, directly followed by one of the units ("6 kk", "190 €", "yhden päivän"). */
function unitHits(words: readonly string[], units: ReadonlySet<string>, numberWords: ReadonlySet<string>): number {
  let hits = 0;
  for (let index = 0; index + 1 < words.length; index += 1) {
    const word = words[index] ?? "";
    if ((/^\p{N}+$/u.test(word) || numberWords.has(word)) && units.has(words[index + 1] ?? "")) hits += 1;
  }
  return hits;
}

/** How much a sentence is about a field; unit evidence counts only without a conflicting field's words. */
function sentenceScore(words: readonly string[], field: CuedField, vocabulary: Words): number {
  const fieldWords = vocabulary.fields[field];
  const conflicting = fieldWords.conflicts.some(
    (other) => other !== "other" && cueHits(words, vocabulary.fields[other].cues) > 0,
  );
  return cueHits(words, fieldWords.cues) + (conflicting ? 0 : 2 * unitHits(words, fieldWords.units, vocabulary.numberWords));
}

/** Cuts text to at most `limit` characters, at the last sentence end when there is one. */
function capAtSentence(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  const end = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf("! "), cut.lastIndexOf("? "), cut.lastIndexOf("\n"));
  return end > limit / 3 ? cut.slice(0, end + 1).trimEnd() : cut;
}

/** Words after which a full stop does not end a sentence ("puh. 040 …", "klo 8"). */
const ABBREVIATION = /(?:^|[\s([_])(?:p|puh|tel|klo|kl|esim|mm|ns|n|ca|vrt|os|s|t|sis|ym|yms|tms|jne|etc|e\.g|i\.e|bl\.a|t\.ex|ex|nr|nro|no)\.$/iu;

/**
 * Sentences of a plain text: breaks after . ! ? followed by white space, at line breaks and at
 * bullets, but not after common abbreviations. Runs of spaces are collapsed first, so every regex
 * here works in linear time.
 */
export function splitSentences(text: string): string[] {
  const pieces = text
    .replace(/[ \t\r\f\v]+/g, " ")
    .split(/(?<=[.!?])\s+|\n+|•/u)
    .map((piece) => piece.trim())
    .filter(Boolean);
  const sentences: string[] = [];
  for (const piece of pieces) {
    const previous = sentences.at(-1);
    if (previous !== undefined && ABBREVIATION.test(previous.slice(-8))) sentences[sentences.length - 1] = `${previous} ${piece}`;
    else sentences.push(piece);
  }
  return sentences;
}

function quoteSentence(sentence: string): string {
  const shortened = sentence.length > MAX_QUOTE_CHARS ? `${sentence.slice(0, MAX_QUOTE_CHARS - 1)}…` : sentence;
  return escapeMarkdown(shortened);
}

/** A search result as remembered after showing it: only what later questions need. */
export function toShownItem(result: SearchResult): ShownItem {
  const kept = Object.fromEntries(SHOWN_FIELDS.map((field) => [field, result[field]])) as ShownItem;
  const description = stripInstructionLikeSentences(capAtSentence(result.description, MAX_DESCRIPTION_CHARS * 2));
  return { ...kept, description: capAtSentence(description, MAX_DESCRIPTION_CHARS) };
}

function fieldScores(text: string): Array<{ field: CuedField; score: number }> {
  const vocabulary = loadWords();
  const words = tokens(text.slice(0, MAX_QUESTION_CHARS));
  return CUED_FIELDS.map((field) => {
    const fieldWords = vocabulary.fields[field];
    return { field, score: cueHits(words, fieldWords.cues) + QUESTION_CUE_WEIGHT * cueHits(words, fieldWords.questionCues) };
  });
}

/**
 * Which detail of an item a question asks about, from cue words; undefined when none matches.
 * A fallback beside a trained classifier. Ties go to the earlier field in ITEM_FIELDS.
 */
export function guessItemField(text: string): ItemField | undefined {
  let best: { field: CuedField; score: number } | undefined;
  for (const candidate of fieldScores(text)) {
    if (candidate.score > 0 && (!best || candidate.score > best.score)) best = candidate;
  }
  return best?.field;
}

/** "#2", "[2]", "2." (but not a date such as 15.12.2026), "nro 2". */
const NUMBERED_REFERENCE = /#\s?(\p{N}{1,2})(?!\p{N})|\[(\p{N}{1,2})\]|(?<![\p{N}.,])(\p{N}{1,2})\.(?![\p{N}\p{L}])/u;
const NUMBER_WORDS = new Set(["nro", "numero", "number", "nummer", "no"]);

/** A position in the shown list ("#2", "nro 2") or, for ordinal words, possibly among items of one kind ("toinen kurssi"). */
function referredPosition(text: string, words: readonly string[], vocabulary: Words): { position: number; ordinal: boolean } | undefined {
  const numbered = NUMBERED_REFERENCE.exec(text);
  if (numbered) return { position: Number(numbered[1] ?? numbered[2] ?? numbered[3]), ordinal: false };
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? "";
    const ordinal = vocabulary.ordinals.get(word);
    if (ordinal !== undefined) return { position: ordinal, ordinal: true };
    if (NUMBER_WORDS.has(word) && /^\p{N}{1,2}$/u.test(words[index + 1] ?? "")) return { position: Number(words[index + 1]), ordinal: false };
  }
  return undefined;
}

/** Same word up to inflection: equal first five letters ("siivoojan" ~ "siivooja", "hitsauskurssi" ~ "hitsauksen"). */
function sameWord(left: string, right: string): boolean {
  const length = Math.min(5, left.length, right.length);
  return length >= 4 && left.slice(0, length) === right.slice(0, length);
}

/**
 * Which of the shown items a message refers to: by number or ordinal ("toinen", "den sista",
 * "#2"; "toinen kurssi" counts trainings only), else by the best of place (3), kind word (2) and shared title or organization words (1
 * each). Undefined when nothing refers to one item; the caller then takes the first or only one.
 */
export function resolveItemReference(text: string, items: readonly ShownItem[]): ShownItem | undefined {
  if (items.length === 0) return undefined;
  const vocabulary = loadWords();
  const capped = text.slice(0, MAX_QUESTION_CHARS);
  const words = tokens(capped);
  const places = new Set<string>();
  const kinds = new Set<ItemKind>();
  const content: string[] = [];
  for (const word of words) {
    const place = word.length >= 3 && !/^\p{N}+$/u.test(word) ? municipalityCode(word) : undefined;
    const kind = vocabulary.kinds.find(([, cues]) => cueHits([word], cues) > 0)?.[0];
    if (place) places.add(place);
    else if (kind) kinds.add(kind);
    else if (word.length >= 4 && !vocabulary.stopWords.has(word)) content.push(word);
  }
  const reference = referredPosition(capped, words, vocabulary);
  if (reference) {
    const ofKind = reference.ordinal && kinds.size > 0 ? items.filter((item) => kinds.has(item.kind)) : [];
    const pool = ofKind.length > 0 ? ofKind : items;
    return reference.position === -1 ? pool.at(-1) : reference.position >= 1 ? pool[reference.position - 1] : undefined;
  }
  let best: { item: ShownItem; score: number } | undefined;
  for (const item of items) {
    const named = tokens(`${item.title} ${item.organization ?? ""}`);
    let score = 0;
    if (item.municipalityCode && places.has(item.municipalityCode)) score += 3;
    if (kinds.has(item.kind)) score += 2;
    score += content.filter((word) => named.some((title) => sameWord(word, title))).length;
    if (score > 0 && (!best || score > best.score)) best = { item, score };
  }
  return best?.item;
}

type Texts = Readonly<Record<Language, string>>;

const QUOTE_LEAD: Readonly<Record<ItemKind, Texts>> = {
  training: {
    fi: "Koulutuksen [1] kuvauksessa sanotaan:",
    sv: "I beskrivningen av utbildningen [1] står det:",
    en: "The description of the training [1] says:",
  },
  vacancy: { fi: "Työpaikkailmoituksessa [1] sanotaan:", sv: "I jobbannonsen [1] står det:", en: "The job ad [1] says:" },
  service: {
    fi: "Palvelun [1] kuvauksessa sanotaan:",
    sv: "I beskrivningen av tjänsten [1] står det:",
    en: "The description of the service [1] says:",
  },
};

const NOT_TOLD: Readonly<Record<ItemField, Texts>> = {
  cost: { fi: "hintaa", sv: "priset", en: "the cost" },
  duration: { fi: "kestoa", sv: "längden", en: "the duration" },
  start: { fi: "alkamisaikaa", sv: "startdatumet", en: "the start date" },
  deadline: { fi: "hakuaikaa", sv: "ansökningstiden", en: "the application deadline" },
  apply: { fi: "hakuohjeita", sv: "hur man söker", en: "how to apply" },
  contact: { fi: "yhteystietoja", sv: "kontaktuppgifterna", en: "contact details" },
  address: { fi: "osoitetta", sv: "adressen", en: "the address" },
  hours: { fi: "aukioloaikoja", sv: "öppettiderna", en: "opening hours" },
  format: { fi: "toteutustapaa", sv: "formen (på plats eller på distans)", en: "the format (in person or online)" },
  requirements: { fi: "vaatimuksia", sv: "kraven", en: "requirements" },
  salary: { fi: "palkkaa", sv: "lönen", en: "the salary" },
  other: { fi: "tätä", sv: "det", en: "that" },
};

const FORMAT_NAMES: Readonly<Record<string, Texts>> = {
  "in-person": { fi: "lähitoteutus paikan päällä", sv: "på plats", en: "in person" },
  online: { fi: "verkossa (etänä)", sv: "på distans (online)", en: "online (remote)" },
  hybrid: {
    fi: "monimuoto, osin paikan päällä ja osin verkossa",
    sv: "hybrid, delvis på plats och delvis på distans",
    en: "hybrid, partly in person and partly online",
  },
};

const LABELS = {
  address: { fi: "Osoite", sv: "Adress", en: "Address" },
  municipality: { fi: "Kunta", sv: "Kommun", en: "Municipality" },
  hours: { fi: "Aukioloajat", sv: "Öppettider", en: "Opening hours" },
  format: { fi: "Toteutustapa", sv: "Form", en: "Format" },
  phone: { fi: "Puhelin", sv: "Telefon", en: "Phone" },
  email: { fi: "Sähköposti", sv: "E-post", en: "E-mail" },
  url: { fi: "Verkkosivu", sv: "Webbsida", en: "Web page" },
} as const satisfies Record<string, Texts>;

const SUBJECT: Readonly<Record<ItemKind, Texts>> = {
  training: { fi: "Koulutus", sv: "Utbildningen", en: "The training" },
  vacancy: { fi: "Työ", sv: "Jobbet", en: "The job" },
  service: { fi: "Palvelu", sv: "Tjänsten", en: "The service" },
};

function labelled(label: Texts, value: string, language: Language): string {
  return `${label[language]}: ${escapeMarkdown(value)}.`;
}

function relativeDay(days: number, language: Language): string {
  if (days === 0) return { fi: "tänään", sv: "i dag", en: "today" }[language];
  if (days === 1) return { fi: "huomenna", sv: "i morgon", en: "tomorrow" }[language];
  return { fi: `${days} päivän päästä`, sv: `om ${days} dagar`, en: `in ${days} days` }[language];
}

/** "Haku päättyy 15.12.2026 (10 päivän päästä)." and the like; services say how long they run. */
function deadlineFact(item: ShownItem, validUntil: string, language: Language, today: string): string {
  const date = formatDate(validUntil, language);
  const days = daysBetween(today, validUntil);
  if (item.kind === "service") {
    return { fi: `Palvelu on voimassa ${date} asti.`, sv: `Tjänsten gäller till ${date}.`, en: `The service runs until ${date}.` }[language];
  }
  if (days < 0) {
    return { fi: `Haku päättyi ${date}.`, sv: `Ansökningstiden gick ut ${date}.`, en: `Applications closed on ${date}.` }[language];
  }
  const when = relativeDay(days, language);
  return {
    fi: `Haku päättyy ${date} (${when}).`,
    sv: `Ansökningstiden går ut ${date} (${when}).`,
    en: `Applications close on ${date} (${when}).`,
  }[language];
}

function startFact(item: ShownItem, startDate: string, language: Language, today: string): string {
  const date = formatDate(startDate, language);
  const past = startDate < today;
  const subject = SUBJECT[item.kind][language];
  if (language === "fi") return `${subject} ${past ? "alkoi" : "alkaa"} ${date}.`;
  if (language === "sv") return `${subject} ${past ? "började" : "börjar"} ${date}.`;
  return `${subject} ${past ? "started" : "starts"} on ${date}.`;
}

/** "Haku alkaa 1.2.2027." while applications are not open yet. */
function opensFact(item: ShownItem, language: Language, today: string): string | undefined {
  if (!item.validFrom || item.validFrom <= today) return undefined;
  const opens = describeDeadline({ validFrom: item.validFrom, upcoming: true }, { language, today });
  return opens ? `${opens}.` : undefined;
}

function contactFacts(item: ShownItem, language: Language): string[] {
  const facts: string[] = [];
  if (item.phone) facts.push(labelled(LABELS.phone, item.phone, language));
  if (item.email) facts.push(labelled(LABELS.email, item.email, language));
  if (item.url) facts.push(`${LABELS.url[language]}: ${item.url}`);
  return facts;
}

/** Facts from the item's own fields, and whether the description should still be searched. */
function structuredFacts(
  item: ShownItem,
  field: ItemField,
  language: Language,
  today: string,
): { facts: string[]; searchDescription: boolean } {
  const present = (...facts: Array<string | undefined>) => facts.filter((fact): fact is string => Boolean(fact));
  switch (field) {
    case "deadline":
      return {
        facts: present(opensFact(item, language, today), item.validUntil && deadlineFact(item, item.validUntil, language, today)),
        searchDescription: !item.validUntil,
      };
    case "start": {
      const facts = present(item.startDate && startFact(item, item.startDate, language, today), opensFact(item, language, today));
      return { facts, searchDescription: !item.startDate };
    }
    case "address":
      return { facts: present(item.address && labelled(LABELS.address, item.address, language)), searchDescription: !item.address };
    case "hours":
      return {
        facts: present(item.openingHours && labelled(LABELS.hours, item.openingHours, language)),
        searchDescription: !item.openingHours,
      };
    case "format": {
      const name = item.format ? (FORMAT_NAMES[item.format]?.[language] ?? escapeMarkdown(item.format)) : undefined;
      return { facts: present(name && `${LABELS.format[language]}: ${name}.`), searchDescription: true };
    }
    case "contact":
    case "apply":
      return { facts: contactFacts(item, language), searchDescription: true };
    default:
      return { facts: [], searchDescription: true };
  }
}

/** The best sentences about a field, in the order the item has them. */
function sentencesAbout(sentences: readonly string[], field: ItemField, question: string): string[] {
  const vocabulary = loadWords();
  let scoreOf: (words: readonly string[]) => number;
  if (field === "other") {
    const asked = tokens(question.slice(0, MAX_QUESTION_CHARS)).filter(
      (word) => word.length >= 4 && !vocabulary.stopWords.has(word),
    );
    scoreOf = (words) => asked.filter((word) => words.some((candidate) => sameWord(word, candidate))).length;
  } else {
    scoreOf = (words) => sentenceScore(words, field, vocabulary);
  }
  const limit = field === "contact" || field === "format" ? 1 : MAX_QUOTED_SENTENCES;
  return sentences
    .map((sentence, index) => ({ sentence, index, score: scoreOf(tokens(sentence)) }))
    .filter((candidate) => candidate.score >= 1)
    .sort((left, right) => right.score - left.score || left.index - right.index)
    .slice(0, limit)
    .sort((left, right) => left.index - right.index)
    .map((candidate) => candidate.sentence);
}

/** "[1] Title – Organization, Municipality", with the url unless the text already shows it. */
function citationLine(item: ShownItem, language: Language, withUrl: boolean): string {
  const place = item.municipalityCode ? (municipalityName(item.municipalityCode, language) ?? item.municipality) : item.municipality;
  const where = [item.organization, place].filter(Boolean).map((part) => escapeMarkdown(part ?? "")).join(", ");
  const url = withUrl && item.url ? `. ${item.url}` : "";
  return `[1] ${escapeMarkdown(item.title)}${where ? ` – ${where}` : ""}${url}`;
}

/** Where to ask when the item does not tell: its page, else its phone or e-mail, else its organization. */
function askSource(item: ShownItem, language: Language): string | undefined {
  if (item.url) {
    return { fi: `Tarkista asia kohteen sivulta: ${item.url}`, sv: `Kontrollera det på sidan: ${item.url}`, en: `Please check the item's page: ${item.url}` }[language];
  }
  const contact = [item.phone, item.email].filter(Boolean).map((part) => escapeMarkdown(part ?? "")).join(", ");
  const who = contact || (item.organization ? escapeMarkdown(item.organization) : "");
  if (!who) return undefined;
  return { fi: `Voit kysyä asiaa suoraan: ${who}.`, sv: `Du kan fråga direkt: ${who}.`, en: `You can ask directly: ${who}.` }[language];
}

/**
 * The answer to a question about one shown item. found: false when the item does not tell; the
 * text then says so and where to ask, and states nothing the item does not contain.
 */
export function answerItemQuestion(input: {
  item: ShownItem;
  field: ItemField;
  question: string;
  language: Language;
  today: string;
}): { found: boolean; text: string } {
  const { item, language, today } = input;
  const { facts, searchDescription } = structuredFacts(item, input.field, language, today);
  const sentences = searchDescription ? splitSentences(capAtSentence(item.description, MAX_DESCRIPTION_CHARS)) : [];
  let field = input.field;
  let quotes = sentencesAbout(sentences, field, input.question);
  // "Paljonko siitä maksetaan?" about a job asks for the pay, not a price.
  if (quotes.length === 0 && field === "cost" && item.kind === "vacancy") {
    field = "salary";
    quotes = sentencesAbout(sentences, field, input.question);
  }
  quotes = quotes.map(quoteSentence);
  const parts: string[] = [];
  if (quotes.length > 0) {
    const [open, close] = language === "en" ? ["“", "”"] : ["”", "”"];
    parts.push(`${QUOTE_LEAD[item.kind][language]} ${open}${quotes.join(" ")}${close}`);
  }
  // How to apply reads best as the item's own instructions first, then where to send it.
  if (facts.length > 0) {
    if (field === "apply") parts.push(facts.join(" "));
    else parts.unshift(facts.join(" "));
  }
  const found = parts.length > 0;
  if (!found) {
    const noun = NOT_TOLD[field][language];
    const place = item.municipalityCode ? municipalityName(item.municipalityCode, language) : item.municipality;
    const placeNote = field === "address" && place ? ` ${labelled(LABELS.municipality, place, language)}` : "";
    parts.push(
      `${{ fi: `Kohteen [1] tiedoissa ei kerrota ${noun}.`, sv: `Uppgifterna om [1] säger inget om ${noun}.`, en: `The details of [1] do not mention ${noun}.` }[language]}${placeNote}`,
    );
    const ask = askSource(item, language);
    if (ask) parts.push(ask);
  }
  const body = parts.join("\n\n");
  const withUrl = !item.url || !body.includes(item.url);
  return { found, text: `${body}\n\n${citationLine(item, language, withUrl)}` };
}
