import type { ItemKind } from "./item.js";
import { kindOfWord, languageWords, normaliseText, placeAt, tokenize } from "./language/index.js";
import { loadVocabulary, type TermEntry, type Vocabulary } from "./terms.js";

/**
 * Query understanding: turns what a jobseeker typed into search terms without a language model.
 * Pure (no I/O): the vocabulary and the municipality lookup are loaded data.
 * See docs/decisions/0010-hybrid-retrieval.md for how expansion and facet detection work.
 */

/** One searchable alternative: words that must all match (a multi-word label), each exactly or as a prefix. */
export interface TermAlternative {
  readonly words: ReadonlyArray<{ readonly text: string; readonly prefix: boolean }>;
  /**
   * From a topic concept of the term file rather than the word itself or its occupation's labels:
   * concepts gather related words, not only synonyms, so such a match counts as weaker evidence.
   */
  readonly broad?: boolean | undefined;
}

/** One "concept" of the query: a word the user typed and everything it was expanded to. */
export interface QueryGroup {
  /** The user's word(s) as typed (normalised), for explanations and tests. */
  readonly surface: string;
  /** Words searched with the language-specific stemmers (fi/sv/en configurations). */
  readonly stemWords: readonly string[];
  /** Alternatives searched on the language-neutral index (`simple`), with prefix matching. */
  readonly alternatives: readonly TermAlternative[];
  /** Term-file entries the group matched ("isco:7212", "concept:kela"). */
  readonly entryKeys: readonly string[];
  /** Contribution to coverage, in (0, 1]. */
  readonly weight: number;
}

export interface DetectedMunicipality {
  readonly code: string;
  /** "near Veteli", "Vetelin lähellä": a radius preference rather than the municipality itself. */
  readonly near: boolean;
}

export interface QueryUnderstanding {
  /** Normalised, length-capped text. */
  readonly text: string;
  readonly tokens: readonly string[];
  readonly groups: readonly QueryGroup[];
  readonly municipality?: DetectedMunicipality | undefined;
  /** Kinds the text asks for ("kurssi" → training); empty when it names none. */
  readonly kinds: readonly ItemKind[];
  /** Text for the query vector: content words, the place and the expansions' preferred labels. */
  readonly embeddingText: string;
}

/** Characters of a query that are looked at; the rest of a very long message is ignored. */
const MAX_QUERY_CHARS = 500;
/** Content groups kept from one query (longest words first when there are more). */
const MAX_GROUPS = 10;
/** Alternatives per group: each is a GIN lookup, and the later labels add little. */
const MAX_ALTERNATIVES = 20;
/** Labels of one term entry used for expansion, per language (the preferred ones come first). */
const MAX_LABELS_PER_LANGUAGE = 12;

/**
 * Concepts of the term file that name a kind rather than a topic: they steer the kind preference and
 * are not searched as content ("jobs in Kokkola" is not about the word "job").
 */
const KIND_CONCEPTS: Readonly<Record<string, ItemKind>> = {
  "concept:job": "vacancy",
  "concept:training": "training",
};

const STOPWORDS = languageWords().stopWords;
const NEAR_WORDS = languageWords().nearWords;

/** Finnish, Swedish and English inflection endings stripped (once) to get a prefix stem; longest first. */
const SUFFIXES = [
  "isiin", "iksi", "ineen", "ihin", "issa", "issä", "ista", "istä", "illa", "illä", "ille", "ilta", "iltä",
  "ssaan", "ssään", "sta", "stä", "ssa", "ssä", "lla", "llä", "lta", "ltä", "lle", "ksi", "tta", "ttä", "seen",
  "hin", "ien", "jen", "ja", "jä", "ia", "iä", "ta", "tä", "na", "nä", "an", "än", "en", "in", "on", "un", "yn",
  "ar", "er", "or", "na", "ens", "ers",
  "n", "t", "a", "ä", "s",
];

/** Minimum letters of a prefix stem: shorter prefixes match too much ("kok" → "kokkola"). */
const MIN_STEM = 4;

export { tokenize };

/** Lower-cased, cleaned and capped query text (see the language module). */
export function normaliseQuery(raw: string): string {
  return normaliseText(raw, MAX_QUERY_CHARS);
}

/** Strips one inflection ending when a stem of at least four letters remains ("hitsarin" → "hitsari"). */
export function lightStem(token: string): string {
  for (const suffix of SUFFIXES) {
    if (token.length - suffix.length >= MIN_STEM + 1 && token.endsWith(suffix)) {
      return token.slice(0, -suffix.length);
    }
  }
  return token;
}

/**
 * Whether `token` is an inflected form of `label` (Finnish case endings, plurals, consonant
 * gradation at the stem end: "hommia" ~ "homma", "paikkoja" ~ "paikka", "kuskin" ~ "kuski").
 * Labels shorter than four letters must match exactly.
 */
export function isInflectionOf(token: string, label: string): boolean {
  if (token === label) return true;
  if (label.length < MIN_STEM || token.length < MIN_STEM) return false;
  if (token.startsWith(label)) return token.length - label.length <= 5;
  // Finnish -nen words inflect on a -se- stem: "ulkomainen" → "ulkomaisen", "Kaustinen" → "Kaustisella".
  if (label.endsWith("nen") && label.length >= 7 && token.startsWith(`${label.slice(0, -3)}s`)) {
    return token.length - label.length <= 4;
  }
  // Inflected forms are not shorter than the base form ("person" is not a form of "personal").
  if (token.length < label.length) return false;
  let common = 0;
  while (common < token.length && common < label.length && token[common] === label[common]) common += 1;
  const labelRest = label.length - common;
  return common >= MIN_STEM && labelRest <= (label.length >= 8 ? 2 : 1) && token.length - common <= 3;
}

/** Word-by-word inflection match of two phrases with the same number of words. */
function isPhraseInflectionOf(phrase: string, label: string): boolean {
  const words = phrase.split(" ");
  const labelWords = label.split(" ");
  if (words.length !== labelWords.length) return false;
  return words.every((word, index) => {
    const labelWord = labelWords[index]!;
    // Short words inside a phrase may take an ending too ("vaka-open" ~ "vaka-ope").
    if (labelWord.length >= 3 && word.startsWith(labelWord) && word.length - labelWord.length <= 2) return true;
    return isInflectionOf(word, labelWord);
  });
}

interface WordMeaning {
  readonly kind?: ItemKind | undefined;
  readonly entries: readonly TermEntry[];
}

/** Matches a normalised phrase against the vocabulary: exact label first, then inflected forms. */
function lookupPhrase(phrase: string, vocabulary: Vocabulary, wordCount: number): TermEntry[] {
  const label = matchingLabel(phrase, vocabulary, wordCount);
  return label ? [...(vocabulary.byLabel.get(label) ?? [])] : [];
}

/** The term-file label a phrase is (exactly, else the longest it is an inflected form of). */
function matchingLabel(phrase: string, vocabulary: Vocabulary, wordCount: number): string | undefined {
  if (vocabulary.byLabel.has(phrase)) return phrase;
  if (phrase.length < MIN_STEM + 1) return undefined;
  let best: string | undefined;
  for (const label of vocabulary.labelsByHead.get(phrase.slice(0, 3)) ?? []) {
    if (best && label.length <= best.length) continue;
    if (label.split(" ").length !== wordCount) continue;
    if (!(wordCount === 1 ? isInflectionOf(phrase, label) : isPhraseInflectionOf(phrase, label))) continue;
    best = label;
  }
  return best;
}

/**
 * Finnish compounds name their kind at the end ("trukkikuski" is a "kuski"): a bare head word
 * matches the occupations whose single-word labels end with it.
 */
function lookupCompoundTail(token: string, vocabulary: Vocabulary): TermEntry[] {
  const stem = lightStem(token);
  if (stem.length < 5) return [];
  const found = new Set<TermEntry>();
  for (const [label, entries] of vocabulary.byLabel) {
    if (label.includes(" ") || label.length < stem.length + 3) continue;
    const index = label.lastIndexOf(stem);
    if (index < 3 || label.length - (index + stem.length) > 2) continue;
    for (const entry of entries) if (entry.isco) found.add(entry);
  }
  return [...found];
}

function kindOfEntries(entries: readonly TermEntry[]): ItemKind | undefined {
  for (const entry of entries) {
    const kind = KIND_CONCEPTS[entry.key];
    if (kind) return kind;
  }
  return undefined;
}

/** The kind a compound names with its last part ("hitsauskoulutuksia" → training). */
function kindOfCompoundTail(token: string, vocabulary: Vocabulary): ItemKind | undefined {
  for (let cut = 3; cut <= token.length - 4; cut += 1) {
    const tail = token.slice(cut);
    const kind = kindOfWord(tail) ?? kindOfEntries(vocabulary.byLabel.get(tail) ?? []);
    if (kind) return kind;
  }
  return undefined;
}

/** Meaning of a single word: a kind word, term entries, or nothing known. */
function meaningOfWord(token: string, vocabulary: Vocabulary): WordMeaning {
  const kind = kindOfWord(token);
  if (kind) return { kind, entries: [] };
  const entries = lookupPhrase(token, vocabulary, 1);
  const entryKind = kindOfEntries(entries);
  if (entryKind && entries.every((entry) => KIND_CONCEPTS[entry.key])) return { kind: entryKind, entries: [] };
  return { entries: entries.filter((entry) => !KIND_CONCEPTS[entry.key]) };
}

/**
 * Splits a compound into a known head and a known or long tail ("lähihoitajakoulutus" →
 * "lähihoitaja" + "koulutus", "trukkikorttikurssia" → "trukkikortti" + "kurssia").
 */
export function splitCompound(token: string, vocabulary: Vocabulary): [string, string] | undefined {
  if (token.length < 8) return undefined;
  for (let cut = token.length - 4; cut >= 4; cut -= 1) {
    const head = token.slice(0, cut);
    const tail = token.slice(cut);
    const headKnown = vocabulary.byLabel.has(head) || kindOfWord(head) !== undefined;
    if (!headKnown) continue;
    const tailMeaning = meaningOfWord(tail, vocabulary);
    if (tailMeaning.kind || tailMeaning.entries.length > 0) return [head, tail];
  }
  return undefined;
}

/** The longest term-file label (≥ 6 letters) that a compound starts with, leaving at least four letters. */
function knownHead(token: string, vocabulary: Vocabulary): string | undefined {
  for (let cut = token.length - 4; cut >= 6; cut -= 1) {
    const head = token.slice(0, cut);
    if (vocabulary.byLabel.has(head)) return head;
  }
  return undefined;
}

export function labelAlternative(label: string, broad = false): TermAlternative {
  const words = tokenize(label).map((word) => {
    // Prefix-match labels of five letters or more; strip a final vowel of long ones so that
    // "lähihoitaja" also finds "lähihoitajia" and "svetsare" finds "svetsaren".
    // Short labels match exactly: "sähkö":* would also find every "sähköposti".
    if (word.length < 6 || /^\d+$/.test(word)) return { text: word, prefix: false };
    const stem = word.length >= 7 && /[aeiouyäö]$/.test(word) ? word.slice(0, -1) : word;
    return { text: stem, prefix: true };
  });
  return { words, broad };
}

function wordAlternatives(token: string): TermAlternative[] {
  const stem = lightStem(token);
  const alternatives: TermAlternative[] = [{ words: [{ text: token, prefix: token.length >= 5 }] }];
  if (stem !== token && stem.length >= MIN_STEM) alternatives.push({ words: [{ text: stem, prefix: true }] });
  return alternatives;
}

/** An entry's labels, the languages interleaved by position: earlier labels are the closer synonyms. */
function entryLabels(entry: TermEntry): string[] {
  const labels: string[] = [];
  for (let position = 0; position < MAX_LABELS_PER_LANGUAGE; position += 1) {
    for (const list of [entry.labels.fi, entry.labels.sv, entry.labels.en]) {
      const label = list[position];
      if (label !== undefined) labels.push(label);
    }
  }
  return labels;
}

/** Same word family: a shared beginning of five letters ("kesätyö", "kesätöitä", "kesätyöpaikka"). */
function sameFamily(left: string, right: string): boolean {
  let common = 0;
  while (common < left.length && common < right.length && left[common] === right[common]) common += 1;
  return common >= 5 || (common >= 4 && (left.length === common || right.length === common));
}

/**
 * Which labels of a topic concept count as synonyms of the matched label. Concept lists gather
 * related words, so only: labels of the same word family; the labels at the matched position in the
 * other languages, when it is one of the first two (those are parallel translations in the file:
 * "hygienpass" ~ "hygieniapassi" ~ "hygiene passport"); and the preferred labels (position 0) when
 * the matched label belongs to the preferred label's family ("kesätöitä" → "sommarjobb", "summer job").
 */
function conceptCoreLabels(entry: TermEntry, matchedLabel: string | undefined): Set<string> {
  const core = new Set<string>();
  if (entry.isco || !matchedLabel) return core;
  const languages = [entry.labels.fi, entry.labels.sv, entry.labels.en];
  for (const list of languages) for (const label of list) if (sameFamily(label, matchedLabel)) core.add(label);
  const positions = new Set<number>();
  for (const list of languages) {
    const index = list.indexOf(matchedLabel);
    if (index >= 0 && index <= 1) positions.add(index);
    if (list[0] && sameFamily(list[0], matchedLabel)) positions.add(0);
  }
  for (const position of positions) {
    for (const list of languages) {
      const label = list[position];
      if (label !== undefined) core.add(label);
    }
  }
  return core;
}

/**
 * One query group. Labels of a matched occupation are synonyms (core evidence); of a topic concept
 * only the preferred label per language is, the rest are related words (broad evidence);
 * `looseEntries` (found by a compound's part only) contribute broad evidence alone.
 */
function buildGroup(
  surface: string,
  words: readonly string[],
  entries: readonly TermEntry[],
  vocabulary: Vocabulary,
  options: { looseEntries?: boolean; extraCoreWords?: readonly string[]; matchedLabel?: string | undefined } = {},
): QueryGroup {
  const alternatives: TermAlternative[] = [];
  const seen = new Set<string>();
  const push = (alternative: TermAlternative) => {
    if (alternative.words.length === 0) return;
    const key = alternativeKey(alternative);
    if (seen.has(key)) return;
    seen.add(key);
    alternatives.push(alternative);
  };
  if (words.length === 1) for (const alternative of wordAlternatives(words[0]!)) push(alternative);
  else push(labelAlternative(words.join(" ")));
  for (const word of options.extraCoreWords ?? []) for (const alternative of wordAlternatives(word)) push(alternative);
  // A label that also names an occupation the user did not mean ("hoitaja" is every kind of nurse)
  // would pull in the wrong occupation: expand only with labels whose occupations all matched.
  const matched = new Set(entries);
  for (const entry of entries) {
    const core = conceptCoreLabels(entry, options.matchedLabel);
    for (const label of entryLabels(entry)) {
      const owners = (vocabulary.byLabel.get(label) ?? []).filter((owner) => owner.isco);
      if (owners.some((owner) => !matched.has(owner))) continue;
      const broad = options.looseEntries === true || (!entry.isco && !core.has(label));
      push(labelAlternative(label, broad));
    }
  }
  return {
    surface,
    stemWords: words.filter((word) => word.length >= 2),
    alternatives: pruneAlternatives(alternatives).slice(0, MAX_ALTERNATIVES),
    entryKeys: [...new Set(entries.map((entry) => entry.key))],
    weight: 1,
  };
}

/**
 * Understands a query: detects the municipality (any inflected Finnish or Swedish form), the kind
 * words, removes stop words, matches the rest against the term file (phrases, inflected forms,
 * compounds) and builds one expanded group per content word.
 */
export function understandQuery(raw: string, vocabulary: Vocabulary): QueryUnderstanding {
  const text = normaliseQuery(raw);
  const tokens = tokenize(text);
  // Upper-case short words are acronyms ("IT", "CV", "TE"), never the pronoun "it".
  const acronyms = new Set(
    (raw.slice(0, MAX_QUERY_CHARS).match(/(?<![\p{L}\p{N}])[\p{Lu}]{2,5}(?![\p{L}\p{N}])/gu) ?? []).map((word) =>
      word.toLowerCase(),
    ),
  );
  const groups: QueryGroup[] = [];
  const kinds = new Set<ItemKind>();
  let municipality: DetectedMunicipality | undefined;
  let nearSeen = false;
  const embeddingParts: string[] = [];

  const addWord = (token: string) => {
    const meaning = meaningOfWord(token, vocabulary);
    if (meaning.kind) {
      kinds.add(meaning.kind);
      return;
    }
    if (meaning.entries.length > 0) {
      const tailKind = kindOfCompoundTail(token, vocabulary);
      if (tailKind) kinds.add(tailKind);
      groups.push(
        buildGroup(token, [token], meaning.entries, vocabulary, { matchedLabel: matchingLabel(token, vocabulary, 1) }),
      );
      return;
    }
    const parts = splitCompound(token, vocabulary);
    if (parts) {
      for (const part of parts) addWord(part);
      return;
    }
    if (/^\d+[a-z]?$/.test(token) || token.length < 2) return;
    const head = knownHead(token, vocabulary);
    if (head) {
      // "kansanmusiikkijuhlille": the known first part is evidence too, its expansions only loosely.
      groups.push(
        buildGroup(token, [token], vocabulary.byLabel.get(head) ?? [], vocabulary, {
          looseEntries: true,
          extraCoreWords: [head],
        }),
      );
      return;
    }
    groups.push(buildGroup(token, [token], lookupCompoundTail(token, vocabulary), vocabulary, { looseEntries: true }));
  };

  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (NEAR_WORDS.has(token)) {
      nearSeen = true;
      continue;
    }
    const place = placeAt(tokens, index);
    if (place) {
      if (!municipality) municipality = { code: place.code, near: false };
      index += place.tokenCount - 1;
      continue;
    }
    // Multi-word labels ("practical nurse", "suomen kieli") before single words.
    let consumed = 0;
    for (let size = Math.min(vocabulary.maxLabelWords, tokens.length - index); size >= 2; size -= 1) {
      const phraseTokens = tokens.slice(index, index + size);
      const entries = lookupPhrase(phraseTokens.join(" "), vocabulary, size);
      if (entries.length === 0) continue;
      const kind = kindOfEntries(entries);
      const content = entries.filter((entry) => !KIND_CONCEPTS[entry.key]);
      if (kind) kinds.add(kind);
      if (content.length > 0) {
        const phrase = phraseTokens.join(" ");
        groups.push(
          buildGroup(phrase, phraseTokens, content, vocabulary, { matchedLabel: matchingLabel(phrase, vocabulary, size) }),
        );
      }
      consumed = size;
      break;
    }
    if (consumed > 0) {
      index += consumed - 1;
      continue;
    }
    if (STOPWORDS.has(token) && !acronyms.has(token)) continue;
    addWord(token);
  }
  if (municipality && nearSeen) municipality = { ...municipality, near: true };

  const unique = dedupeGroups(groups);
  const kept =
    unique.length > MAX_GROUPS
      ? [...unique].sort((left, right) => right.surface.length - left.surface.length).slice(0, MAX_GROUPS)
      : unique;
  for (const group of kept) {
    embeddingParts.push(group.surface);
    for (const key of group.entryKeys) {
      const entry = vocabulary.entries.find((candidate) => candidate.key === key);
      if (entry) embeddingParts.push(...[entry.labels.fi[0], entry.labels.sv[0], entry.labels.en[0]].filter(Boolean) as string[]);
    }
  }
  return {
    text,
    tokens,
    groups: kept,
    municipality,
    kinds: [...kinds],
    embeddingText: embeddingParts.join(" "),
  };
}

/**
 * Drops single-word alternatives another one already covers ('lähihoitajan':* is inside
 * 'lähihoitaj':*): every prefix term is a separate GIN range scan. A core alternative is only
 * covered by a core one, so evidence strength is kept.
 */
function pruneAlternatives(alternatives: readonly TermAlternative[]): TermAlternative[] {
  const prefixes = alternatives.filter((alternative) => alternative.words.length === 1 && alternative.words[0]!.prefix);
  return alternatives.filter((alternative) => {
    if (alternative.words.length !== 1) return true;
    const word = alternative.words[0]!;
    return !prefixes.some((other) => {
      if (other === alternative) return false;
      const prefix = other.words[0]!.text;
      if (other.broad && !alternative.broad) return false;
      if (!word.text.startsWith(prefix)) return false;
      // Equal texts: keep the first one only.
      return word.text !== prefix || (!word.prefix || alternatives.indexOf(other) < alternatives.indexOf(alternative));
    });
  });
}

/** Words naming the same term entries ("move", "moving") are one concept: merge their alternatives. */
function dedupeGroups(groups: readonly QueryGroup[]): QueryGroup[] {
  const output: QueryGroup[] = [];
  for (const group of groups) {
    const index = output.findIndex(
      (existing) =>
        existing.surface === group.surface ||
        (group.entryKeys.length > 0 &&
          existing.entryKeys.length === group.entryKeys.length &&
          existing.entryKeys.every((key) => group.entryKeys.includes(key))),
    );
    if (index < 0) {
      output.push(group);
      continue;
    }
    const existing = output[index]!;
    const merged = new Map<string, TermAlternative>();
    for (const alternative of [...existing.alternatives, ...group.alternatives]) {
      const key = alternativeKey(alternative);
      const previous = merged.get(key);
      if (!previous || (previous.broad && !alternative.broad)) merged.set(key, alternative);
    }
    output[index] = {
      ...existing,
      stemWords: [...new Set([...existing.stemWords, ...group.stemWords])],
      alternatives: pruneAlternatives([...merged.values()]),
    };
  }
  return output;
}

/** One word of an alternative as text: "hitsaaj*" for a prefix, "mig" for an exact word. */
export function wordKey(word: TermAlternative["words"][number]): string {
  return `${word.text}${word.prefix ? "*" : ""}`;
}

/** An alternative as one string ("care* home", "hitsaaj*"): its identity, and its term in `chunks.terms`. */
export function alternativeKey(alternative: TermAlternative): string {
  return alternative.words.map(wordKey).join(" ");
}

/**
 * Summed weight of the groups that `text` matches (any alternative, core or broad), with the same
 * semantics as the tsquery on the `simple` configuration: exact words equal a token, prefix words
 * start one, and every word of an alternative occurs. Used for titles, which are few per search.
 */
export function matchedGroupWeight(text: string, groups: readonly QueryGroup[]): number {
  const tokens = [...new Set(tokenize(text))];
  const has = (word: { readonly text: string; readonly prefix: boolean }) =>
    tokens.some((token) => (word.prefix ? token.startsWith(word.text) : token === word.text));
  return groups
    .filter((group) => group.alternatives.some((alternative) => alternative.words.every(has)))
    .reduce((sum, group) => sum + group.weight, 0);
}

/** Quotes a lexeme for to_tsquery: tokens hold only letters and digits, but quote defensively anyway. */
export function quoteLexeme(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/**
 * A group's alternatives as tsquery text for the `simple` configuration (prefix matching with `:*`);
 * `which` selects the core alternatives (the word, its occupation's labels), the broad ones (topic
 * concepts) or all. Empty string when none.
 */
export function groupPrefixQuery(
  group: QueryGroup,
  which: "all" | "core" | "broad" = "all",
  include: (alternative: TermAlternative) => boolean = () => true,
): string {
  return group.alternatives
    .filter((alternative) => which === "all" || (which === "broad") === Boolean(alternative.broad))
    .filter(include)
    .map((alternative) => {
      const parts = alternative.words.map((word) => `${quoteLexeme(word.text)}${word.prefix ? ":*" : ""}`);
      return parts.length === 1 ? parts[0]! : `(${parts.join(" & ")})`;
    })
    .join(" | ");
}

/** A group's typed words as tsquery text, OR-ed, for the stemming configurations. */
export function groupStemQuery(group: QueryGroup): string {
  return group.stemWords.map(quoteLexeme).join(" | ");
}


/**
 * The ISCO-08 unit group a free-text occupation names ("hitsari", "svetsare", "cook for our café"),
 * through the term file; undefined when it names none. Inflected and compound forms match as in search.
 */
export function iscoCodeOf(text: string, vocabulary: Vocabulary = loadVocabulary()): string | undefined {
  for (const group of understandQuery(text, vocabulary).groups) {
    const key = group.entryKeys.find((entry) => entry.startsWith("isco:"));
    if (key) return key.slice("isco:".length);
  }
  return undefined;
}
