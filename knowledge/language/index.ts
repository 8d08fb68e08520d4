/**
 * The language module: tokenising, language identification, municipality mentions and the word
 * lists (stop, kind, near, home and here words) that query understanding and the conversation
 * share. Word lists are data (words.json); models are trained from data at start-up.
 */
export { MAX_TEXT_CHARS, normaliseText, tokenize } from "./tokenize.js";
export { findEmploymentType, kindOfWord, kindOfWordOrTail, languageWords, type EmploymentType, type LanguageWords } from "./words.js";
export { findPlaces, mentionsNear, placeAt, type PlaceMention } from "./places.js";
export { abstractTokens, textFeatures, type SparseVector } from "./text-features.js";
export {
  TextClassifier,
  crossValidate,
  type CrossValidation,
  type LabelledText,
  type Prediction,
  type TrainingOptions,
} from "./text-classifier.js";
export { LanguageIdentifier, detectDocumentLanguage, type DetectedLanguage, type LanguageGuess } from "./detect-language.js";
