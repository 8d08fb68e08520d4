import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  findEmploymentType,
  findPlaces,
  kindOfWord,
  kindOfWordOrTail,
  languageWords,
  mentionsNear,
  normaliseText,
  tokenize,
  type EmploymentType,
  type ItemKind,
  type Language,
  type PlaceMention,
} from "../../knowledge/index.js";
import type { FollowUpLabel, IntentLabel, ItemFieldLabel } from "./corpus.js";
import type { UnderstandingModel } from "./understanding-model.js";
import { trimTrailing } from "../../platform/index.js";

/** Longest message we read; the rest is ignored and the person is told so. */
export const MAX_MESSAGE_CHARS = 2000;

/** A search, kept in the dialogue state so follow-ups can refine it. */
export interface SearchPlan {
  readonly query: string;
  /** Hard filter on kind: the person named it ("jobs", "kurssi"). */
  readonly kind?: ItemKind | undefined;
  /** A kind the words only hint at: a soft preference in the search. */
  readonly preferKind?: ItemKind | undefined;
  /** Statistics Finland code of a place the person named: narrows place-bound results. */
  readonly municipality?: string | undefined;
  /** "near Veteli", "here": include neighbouring municipalities. */
  readonly near?: boolean | undefined;
  readonly employmentType?: EmploymentType | undefined;
  readonly offset: number;
  /** How many results the last answer showed (for "show more"). */
  readonly shown: number;
  readonly followUp?: "refine" | "more" | undefined;
}

/** What the turn logic needs to know of the conversation so far. */
export interface DialogueContext {
  readonly language?: Language | undefined;
  /** The page's municipality (embed attribute). */
  readonly pageMunicipality?: string | undefined;
  /** The person's home municipality, once told. */
  readonly home?: string | undefined;
  readonly lastSearch?: SearchPlan | undefined;
  /** Whether results were shown that a question may refer to. */
  readonly hasShownItems: boolean;
  /**
   * Whether a message points at one of the shown items (a reference word, its place, title or
   * position), or asks only about a field of it; else a question naming something new is a search.
   * `asksField`: the message names a field of an item (cost, deadline, requirements …).
   */
  readonly shownItemQuestion?: ((text: string) => { readonly refers: boolean; readonly pointsAt: boolean; readonly asksField: boolean }) | undefined;
  /** The municipality the conversation was last about ("the nearest one" is near it). */
  readonly lastPlace?: string | undefined;
  /** A handoff offer is waiting for yes/no (or a contact). */
  readonly awaitingConsent: boolean;
}

export type Intent =
  | { readonly type: "empty" }
  | { readonly type: "crisis" }
  | { readonly type: "injection" }
  | { readonly type: "handoff-request" }
  | { readonly type: "consent"; readonly consent: boolean }
  | { readonly type: "cancel" }
  | { readonly type: "acknowledge"; readonly positive: boolean }
  | { readonly type: "language-switch"; readonly language: Language }
  | { readonly type: "unsupported-language" }
  | { readonly type: "greeting" }
  | { readonly type: "help" }
  | { readonly type: "thanks" }
  | { readonly type: "out-of-scope" }
  | { readonly type: "choose-municipality" }
  | { readonly type: "home"; readonly municipality: string }
  | { readonly type: "alert"; readonly command: "subscribe" | "list" | "stop" }
  | { readonly type: "distance"; readonly places: readonly string[] }
  | { readonly type: "item-question"; readonly fields: readonly ItemFieldLabel[] }
  /** Speaks as an employer: answered from services for employers, with the vacancy form offered. */
  | { readonly type: "employer"; readonly plan: SearchPlan }
  /** `offTopicLikely`: the words lean off-topic; answer only with a confident match. */
  | { readonly type: "search"; readonly plan: SearchPlan; readonly offTopicLikely?: boolean | undefined };

export interface TurnUnderstanding {
  readonly intent: Intent;
  /** Language to answer in (sticky per conversation unless the message clearly changes it). */
  readonly language: Language;
  /** The message, cleaned and cut to MAX_MESSAGE_CHARS. */
  readonly text: string;
  readonly truncated: boolean;
  /** Control characters or binary noise were removed. */
  readonly cleaned: boolean;
  /** A home municipality the message tells ("asun Lestijärvellä"), to remember. */
  readonly home?: string | undefined;
  /** The classifier's label and probability, for analytics and tuning. */
  readonly label: IntentLabel;
  readonly confidence: number;
}

/** Removes control characters and replacement characters; keeps newlines as spaces. */
export function cleanText(raw: string): { text: string; cleaned: boolean } {
  const capped = raw.length > MAX_MESSAGE_CHARS * 4 ? raw.slice(0, MAX_MESSAGE_CHARS * 4) : raw;
  // eslint-disable-next-line no-control-regex
  const withoutControls = capped.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD\uFFFE\uFFFF]/g, "");
  const withoutLoneSurrogates = withoutControls.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "");
  const text = withoutLoneSurrogates.replace(/\s+/g, " ").trim();
  return { text, cleaned: withoutLoneSurrogates.length !== capped.length };
}

const SAFETY_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "safety-words.json");
let crisisWords: readonly string[] | undefined;

/** Unambiguous words of suicide or self-harm (substring match on the lower-cased text). */
function hasCrisisWord(normalised: string): boolean {
  crisisWords ??= (JSON.parse(readFileSync(SAFETY_FILE, "utf8")) as { crisis: string[] }).crisis;
  return crisisWords.some((word) => normalised.includes(word));
}

/**
 * Thresholds on the classifier's probabilities, chosen on cross-validation and the development
 * conversations (decision 0025). Crisis leans to recall: a false alarm costs a kind sentence and
 * the crisis numbers; a missed crisis may cost far more.
 */
const THRESHOLDS = {
  crisis: 0.25,
  injection: 0.5,
  handoff: 0.4,
  smallTalk: 0.5,
  alert: 0.5,
  distance: 0.4,
  outOfScope: 0.55,
  employer: 0.45,
  /** Below outOfScope: searched, but answered as off-topic unless a confident match turns up. */
  offTopicLikely: 0.3,
} as const;

/** Words of the exact button texts that open the municipality chooser (rules only for our own buttons). */
const CHOOSE_MUNICIPALITY_BUTTONS = new Set([
  "rajaa kunnan mukaan", "valitse kunta", "filter by municipality", "choose municipality", "välj kommun", "avgränsa efter kommun",
]);

/** The home place a message tells: a home cue ("asun", "I live", "bor") before a place name. */
export function homeMention(tokens: readonly string[], places: readonly PlaceMention[]): PlaceMention | undefined {
  const cues = languageWords().homeCues;
  for (const place of places) {
    const start = Math.max(0, place.tokenIndex - 4);
    for (let index = start; index < place.tokenIndex; index += 1) if (cues.has(tokens[index]!)) return place;
  }
  return undefined;
}

/** The kind a message names; the last one wins ("no education, any jobs?" asks for jobs). */
export function namedKind(tokens: readonly string[]): ItemKind | undefined {
  let kind: ItemKind | undefined;
  for (const token of tokens) kind = kindOfWordOrTail(token) ?? kind;
  return kind;
}

/** Sentences of a message, split at . ! ? and line breaks (linear; the text is capped). */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/u)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

/** Labels of sentences that carry no search words: a greeting or a home statement before the question. */
const ASIDE_LABELS = new Set<IntentLabel>(["greeting", "home", "thanks", "help", "yes", "no"]);

/**
 * The part of a message to search with: "hi, I am from Ukraina and live in Kokkola now. what jobs
 * is there in Kokkola?" searches with its question, not with the introduction around it.
 */
function searchClauses(text: string, model: UnderstandingModel): string {
  const parts = sentences(text);
  if (parts.length < 2) return text;
  const kept = parts.filter((part) => !ASIDE_LABELS.has(model.classifyIntent(part).label));
  return kept.length > 0 ? kept.join(" ") : text;
}

function switchTarget(tokens: readonly string[]): Language | undefined {
  const names = languageWords().languageNames;
  for (const token of tokens) {
    const language = names.get(token);
    if (language) return language;
  }
  return undefined;
}

function chooseLanguage(
  model: UnderstandingModel,
  text: string,
  wordCount: number,
  context: DialogueContext,
): { language: Language; foreign: boolean } {
  const guess = model.identifyLanguage(text);
  const sticky = context.language;
  if (guess.language === "other") return { language: sticky ?? "en", foreign: wordCount >= 3 };
  if (!guess.language) return { language: sticky ?? "fi", foreign: false };
  if (!sticky) return { language: guess.confidence >= 0.5 ? guess.language : "fi", foreign: false };
  // A short or ambiguous message keeps the conversation's language; switch only on clear evidence.
  if (guess.language !== sticky && wordCount >= 3 && guess.confidence >= 0.8) return { language: guess.language, foreign: false };
  return { language: sticky, foreign: false };
}

/** Query text without the place names already used as filters. */
function queryWithout(tokensText: string, places: readonly PlaceMention[]): string {
  const drop = new Set(places.map((place) => place.surface));
  const words = tokensText.split(" ").filter((word) => {
    const bare = word.replace(/[^\p{L}\p{N}-]/gu, "");
    return bare.length > 0 && !drop.has(bare);
  });
  return words.join(" ").trim();
}

/** Words that carry a topic: not stop words, kind words, places, numbers or here/near words. */
function topicWords(tokens: readonly string[], places: readonly PlaceMention[]): string[] {
  const words = languageWords();
  const placeTokens = new Set(places.flatMap((place) => place.surface.split(" ")));
  return tokens.filter(
    (token) =>
      token.length > 1 &&
      !words.stopWords.has(token) &&
      !kindOfWord(token) &&
      !placeTokens.has(token) &&
      !words.hereWords.has(token) &&
      !words.nearWords.has(token) &&
      !/^\d+$/.test(token),
  );
}

export interface UnderstandInput {
  /** The redacted message. */
  readonly text: string;
  readonly context: DialogueContext;
  readonly model: UnderstandingModel;
}

/**
 * Understands one message: the trained models give intent, language, asked field and follow-up
 * kind; the dialogue state resolves what they refer to. Safety first: a crisis is decided before
 * anything else. Pure apart from the trained model, which is deterministic.
 */
export function understandTurn(input: UnderstandInput): TurnUnderstanding {
  const { context, model } = input;
  const cleaned = cleanText(input.text);
  const truncated = cleaned.text.length > MAX_MESSAGE_CHARS;
  const text = truncated ? cleaned.text.slice(0, MAX_MESSAGE_CHARS) : cleaned.text;
  const normalised = normaliseText(text);
  const tokens = tokenize(normalised);
  const wordCount = tokens.filter((token) => /\p{L}/u.test(token)).length;
  const scores = model.classifyIntent(text);
  const { language, foreign } = chooseLanguage(model, text, wordCount, context);
  const places = findPlaces(normalised);
  const home = homeMention(tokens, places);
  const base = { text, truncated, cleaned: cleaned.cleaned, label: scores.label, confidence: scores.probability, home: home?.code };
  const result = (intent: Intent, languageOverride?: Language): TurnUnderstanding => ({ ...base, intent, language: languageOverride ?? language });
  const label = scores.label;
  const confident = (threshold: number) => scores.probability >= threshold;

  if (!text) return result({ type: "empty" }, context.language ?? language);
  if (hasCrisisWord(normalised) || scores.probabilityOf("crisis") >= THRESHOLDS.crisis) return result({ type: "crisis" });
  if (context.awaitingConsent) {
    // "kyllä, soita [phone]": the contact arrives redacted; the turn reads it from the raw text.
    if (/\[(phone|email)\]/.test(text)) return result({ type: "consent", consent: true }, context.language ?? language);
    if (label === "yes" || (wordCount <= 4 && scores.probabilityOf("yes") >= 0.35)) {
      return result({ type: "consent", consent: true }, context.language ?? language);
    }
    if (label === "no" || label === "cancel") return result({ type: "consent", consent: false }, context.language ?? language);
  }
  if (label === "injection" && confident(THRESHOLDS.injection)) return result({ type: "injection" });
  if (scores.probabilityOf("handoff") >= THRESHOLDS.handoff) return result({ type: "handoff-request" });
  const target = switchTarget(tokens);
  if (label === "language" && target) return result({ type: "language-switch", language: target }, target);
  if (foreign) return result({ type: "unsupported-language" }, "en");
  if (CHOOSE_MUNICIPALITY_BUTTONS.has(trimTrailing(normalised, "!."))) return result({ type: "choose-municipality" });
  if (label === "home" && home && topicWords(tokens, places).length <= 2) return result({ type: "home", municipality: home.code });
  const employmentType = findEmploymentType(normalised);
  const previous = context.lastSearch;
  // "onko noissa mitään osa-aikaista?": a filter on the shown results is a refined search.
  const refinesShown = previous !== undefined && employmentType !== undefined && places.length === 0;
  const shown = context.hasShownItems ? context.shownItemQuestion?.(text) : undefined;
  // A reference word and a field ("mitä se vaatii?") ask about a shown item whatever else the words resemble.
  const aboutItem =
    label === "item-question" ||
    (scores.probabilityOf("item-question") >= 0.25 && label !== "search" && label !== "follow-up" && label !== "employer") ||
    // "how long is the course?" names no place: a field of the shown course, not a distance.
    (shown?.pointsAt === true && shown.asksField && !label.startsWith("alert-") && (label !== "distance" || places.length === 0));
  if (aboutItem && !refinesShown && context.hasShownItems && (shown?.refers ?? true)) {
    return result({ type: "item-question", fields: [model.classifyField(text)] });
  }
  if (confident(THRESHOLDS.smallTalk) && wordCount <= 8) {
    if (label === "greeting") return result({ type: "greeting" });
    if (label === "help") return result({ type: "help" });
    if (label === "thanks") return result({ type: "thanks" });
    if (label === "cancel") return result({ type: "cancel" }, context.language ?? language);
    if (label === "yes" || label === "no") return result({ type: "acknowledge", positive: label === "yes" }, context.language ?? language);
  }
  if (label.startsWith("alert-") && confident(THRESHOLDS.alert)) {
    const command = label === "alert-subscribe" ? "subscribe" : label === "alert-list" ? "list" : "stop";
    return result({ type: "alert", command });
  }
  if (label === "distance" && confident(THRESHOLDS.distance)) return result({ type: "distance", places: places.map((place) => place.code) });
  const kind = namedKind(tokens);
  if (label === "out-of-scope" && confident(THRESHOLDS.outOfScope) && !kind) return result({ type: "out-of-scope" });

  const searchPlaces = places.filter((place) => place !== home);
  const hereWords = languageWords().hereWords;
  const saysHere = tokens.some((token) => hereWords.has(token));
  const saysNear = mentionsNear(tokens);
  const near = saysNear || (saysHere && searchPlaces.length === 0);
  // "here", "the nearest": around the home, else the place the conversation was about, else the page's.
  const hereCode =
    (saysHere || saysNear) && searchPlaces.length === 0 ? (home?.code ?? context.home ?? context.lastPlace ?? context.pageMunicipality) : undefined;
  const place = searchPlaces[0]?.code ?? hereCode;
  const hard = (value: ItemKind | undefined) => (value === "service" ? undefined : value);

  if (previous && (label === "follow-up" || label === "item-question" || refinesShown)) {
    const followUp: FollowUpLabel = model.classifyFollowUp(text);
    const topic = topicWords(tokens, places);
    if (followUp === "more" && label === "follow-up" && !place && !kind && !employmentType) {
      return result({ type: "search", plan: { ...previous, offset: previous.offset + previous.shown, followUp: "more" } });
    }
    const newTopic = followUp === "topic" && topic.length > 0;
    return result({
      type: "search",
      plan: {
        query: newTopic ? queryWithout(normalised, places) : previous.query,
        kind: kind ? hard(kind) : newTopic ? undefined : previous.kind,
        preferKind: kind ?? (newTopic ? (previous.kind ?? previous.preferKind) : previous.preferKind),
        municipality: place ?? previous.municipality,
        near: place ? near : previous.near,
        employmentType: employmentType ?? previous.employmentType,
        offset: 0,
        shown: 0,
        followUp: "refine",
      },
    });
  }
  const searchText = normaliseText(searchClauses(text, model));
  const offTopicLikely = label === "out-of-scope" && scores.probability >= THRESHOLDS.offTopicLikely && !kind;
  const plan: SearchPlan = {
    query: queryWithout(searchText, places.filter((mention) => mention.code === place || mention === home)),
    kind: hard(kind),
    // "trained practical nurse, anything in Perho?": a stated qualification asks for work.
    preferKind: kind === "service" ? "service" : !kind && tokens.some((token) => languageWords().qualificationWords.has(token)) ? "vacancy" : undefined,
    municipality: place,
    near: place ? near : undefined,
    employmentType,
    offset: 0,
    shown: 0,
    followUp: undefined,
  };
  // An employer asks about services for employers ("we need a welder": hiring help, not welding jobs).
  if (label === "employer" && confident(THRESHOLDS.employer)) {
    return result({ type: "employer", plan: { ...plan, kind: undefined, employmentType: undefined, preferKind: "service" } });
  }
  return result({ type: "search", offTopicLikely, plan });
}

export type { FollowUpLabel, IntentLabel, ItemFieldLabel };
