import { LanguageIdentifier, TextClassifier, type LanguageGuess, type Prediction, type SparseVector } from "../../knowledge/index.js";
import { loadCorpus, type CorpusExample, type FollowUpLabel, type IntentLabel, type ItemFieldLabel } from "./corpus.js";

/** What the trained models say about one message. */
export interface IntentScores {
  readonly label: IntentLabel;
  readonly probability: number;
  probabilityOf(label: IntentLabel): number;
}

/**
 * The learned part of understanding: intent, the asked field of an item question, the kind of a
 * follow-up, and the language. Trained from corpus/*.jsonl at start-up (decision 0025).
 */
export interface UnderstandingModel {
  classifyIntent(text: string): IntentScores;
  classifyField(text: string): ItemFieldLabel;
  classifyFollowUp(text: string): FollowUpLabel;
  identifyLanguage(text: string): LanguageGuess;
  /** Milliseconds the training took, for the start-up log and the benchmark. */
  readonly trainingMs: number;
  readonly exampleCount: number;
}

function scores(prediction: Prediction): IntentScores {
  return {
    label: prediction.label as IntentLabel,
    probability: prediction.probability,
    probabilityOf: (label) => prediction.ranked.find(([candidate]) => candidate === label)?.[1] ?? 0,
  };
}

/** Trains every model of understanding from a corpus (the repository's by default). */
export function trainUnderstandingModel(corpus: readonly CorpusExample[] = loadCorpus()): UnderstandingModel {
  const started = performance.now();
  const featureCache = new Map<string, SparseVector>();
  const intents = TextClassifier.train(corpus.map((example) => ({ text: example.text, label: example.intent })), { featureCache });
  const fields = TextClassifier.train(
    corpus.filter((example) => example.field).map((example) => ({ text: example.text, label: example.field! })),
    { epochs: 12, featureCache },
  );
  const followUps = TextClassifier.train(
    corpus.filter((example) => example.followUp).map((example) => ({ text: example.text, label: example.followUp! })),
    { epochs: 12, featureCache },
  );
  const languages = LanguageIdentifier.train(corpus, featureCache);
  const trainingMs = performance.now() - started;
  return {
    classifyIntent: (text) => scores(intents.predict(text)),
    classifyField: (text) => fields.predict(text).label as ItemFieldLabel,
    classifyFollowUp: (text) => followUps.predict(text).label as FollowUpLabel,
    identifyLanguage: (text) => languages.identify(text),
    trainingMs,
    exampleCount: corpus.length,
  };
}

let shared: UnderstandingModel | undefined;

/** The repository corpus's model, trained once per process (the server, CLIs and tests share it). */
export function sharedUnderstandingModel(): UnderstandingModel {
  shared ??= trainUnderstandingModel();
  return shared;
}
