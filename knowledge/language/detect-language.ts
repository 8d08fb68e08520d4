import { eld } from "eld/medium";
import type { Language } from "../item.js";
import { TextClassifier } from "./text-classifier.js";
import type { SparseVector } from "./text-features.js";
import { tokenize } from "./tokenize.js";

/**
 * Language identification for chat-length text and for documents. See
 * docs/decisions/0025-understanding.md for the measurements behind the choice: eld alone knows
 * Finnish but confuses short spoken Finnish with Estonian; franc-min has no Finnish model at all.
 * A small model trained on our own chat corpus decides among fi/sv/en, and eld only says whether
 * a longer text is in some other language.
 */
export type DetectedLanguage = Language | "other";

export interface LanguageGuess {
  /** undefined: no signal (emoji, a number, a place name alone): keep the conversation's language. */
  readonly language: DetectedLanguage | undefined;
  /** Probability of the chosen language among fi/sv/en, 0 when there was no signal. */
  readonly confidence: number;
}

const OURS: readonly Language[] = ["fi", "sv", "en"];
/** Languages eld mixes up with ours on short text: never a reason to call a message foreign. */
const NEIGHBOURS = new Set(["fi", "sv", "en", "et", "da", "no", "nb", "nn", "is"]);
/**
 * How far eld's score of another language must exceed its best score of fi/sv/en: eld calls
 * "mist saa trukkikortin" Basque (0.64 against Finnish 0.57), German chat text scores 0.81 against
 * Swedish 0.55.
 */
const FOREIGN_MARGIN = 0.15;
/** Letters a text needs before eld may call it another language. */
const MIN_LETTERS_FOR_OTHER = 20;

const documentDetector = eld.newInstance();
documentDetector.dynamicLangSubset(["fi", "sv", "en"]);
const anyDetector = eld.newInstance();

/** Language of a document (an uploaded file, a feed entry): eld among fi/sv/en, else `fallback`. */
export function detectDocumentLanguage(text: string, fallback: Language = "fi"): Language {
  const sample = text.slice(0, 5000);
  const found = documentDetector.detect(sample).language;
  return (OURS as readonly string[]).includes(found) ? (found as Language) : fallback;
}

/** fi/sv/en identifier for chat messages, trained from labelled chat turns. */
export class LanguageIdentifier {
  private constructor(private readonly model: TextClassifier) {}

  static train(examples: ReadonlyArray<{ readonly text: string; readonly language: Language }>, featureCache?: Map<string, SparseVector>): LanguageIdentifier {
    return new LanguageIdentifier(
      TextClassifier.train(
        examples.map((example) => ({ text: example.text, label: example.language })),
        { epochs: 5, featureCache },
      ),
    );
  }

  /** Probabilities of fi/sv/en for a text with letters in it. */
  scores(text: string): Record<Language, number> {
    const prediction = this.model.predict(text);
    return {
      fi: this.model.probabilityOf(prediction, "fi"),
      sv: this.model.probabilityOf(prediction, "sv"),
      en: this.model.probabilityOf(prediction, "en"),
    };
  }

  identify(raw: string): LanguageGuess {
    const text = raw.slice(0, 1000);
    const letters = text.replace(/[^\p{L}]/gu, "");
    if (letters.length === 0) return { language: undefined, confidence: 0 };
    const latin = letters.replace(/[^\p{Script=Latin}]/gu, "").length;
    if (latin / letters.length < 0.5) return { language: "other", confidence: 1 };
    const words = tokenize(text).filter((token) => /\p{L}/u.test(token));
    if (words.length === 0) return { language: undefined, confidence: 0 };
    const scores = this.scores(text);
    const [best, probability] = (Object.entries(scores) as Array<[Language, number]>).sort((left, right) => right[1] - left[1])[0]!;
    if (letters.length >= MIN_LETTERS_FOR_OTHER) {
      const foreign = anyDetector.detect(text);
      if (foreign.language && !NEIGHBOURS.has(foreign.language) && foreign.isReliable()) {
        const eldScores = foreign.getScores();
        const ours = Math.max(eldScores.fi ?? 0, eldScores.sv ?? 0, eldScores.en ?? 0);
        if ((eldScores[foreign.language] ?? 0) - ours >= FOREIGN_MARGIN) return { language: "other", confidence: 1 - probability };
      }
    }
    return { language: best, confidence: probability };
  }
}
