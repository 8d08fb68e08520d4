import { fnv1a } from "../hashed-ngram-embedder.js";
import { placeAt } from "./places.js";
import { normaliseText, tokenize } from "./tokenize.js";

/** Size of the hashed feature space: 2^17 gave the same cross-validated accuracy as 2^18 with half the memory. */
export const FEATURE_BITS = 17;
const FEATURE_MASK = (1 << FEATURE_BITS) - 1;
/** Characters of a message turned into features: chat turns are short, the rest adds noise. */
const MAX_FEATURE_CHARS = 300;

/** A sparse feature vector: hashed indices and their (L2-normalised) values. */
export interface SparseVector {
  readonly indices: Uint32Array;
  readonly values: Float32Array;
}

/**
 * Tokens with place names, numbers and redaction placeholders replaced by class tokens, so that a
 * model learns "asking about a place" and not the names of the places in its training data.
 */
export function abstractTokens(text: string): string[] {
  const tokens = tokenize(text.length > MAX_FEATURE_CHARS ? text.slice(0, MAX_FEATURE_CHARS) : text);
  const result: string[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (/^\d+$/.test(token)) {
      result.push("#num");
      continue;
    }
    if (token === "phone" || token === "email" || token === "henkilötunnus") {
      // Redaction leaves "[phone]"; the brackets are gone after tokenising.
      result.push(`#${token}`);
      continue;
    }
    const place = placeAt(tokens, index);
    if (place) {
      result.push("#place");
      // Keep the case ending: "-lla"/"-ssa" (where) and "-lle"/"-hin" (to) tell intents apart.
      const last = tokens[index + place.tokenCount - 1]!;
      result.push(`#place:${last.slice(-2)}`);
      index += place.tokenCount - 1;
      continue;
    }
    result.push(token);
  }
  return result;
}

/**
 * Features of a short text: words, word pairs, character 2–5-grams inside word boundaries (which
 * carry Finnish inflection, spoken forms and typos), and shape cues. Linear in the text's length.
 */
export function textFeatures(raw: string): SparseVector {
  const text = normaliseText(raw, MAX_FEATURE_CHARS);
  const tokens = abstractTokens(text);
  const counts = new Map<number, number>();
  const add = (feature: string, weight = 1) => {
    const index = fnv1a(feature) & FEATURE_MASK;
    counts.set(index, (counts.get(index) ?? 0) + weight);
  };
  add("#bias");
  add(`#len:${tokens.length <= 1 ? tokens.length : tokens.length <= 3 ? "2-3" : tokens.length <= 7 ? "4-7" : "8+"}`);
  if (text.endsWith("?")) add("#question");
  if (tokens[0]) add(`first:${tokens[0]}`);
  tokens.forEach((token, index) => {
    add(`w:${token}`, 1.5);
    const next = tokens[index + 1];
    if (next) add(`b:${token} ${next}`);
    if (token.startsWith("#")) return;
    const padded = `<${token}>`;
    for (let size = 2; size <= 5; size += 1) {
      for (let start = 0; start + size <= padded.length; start += 1) add(`c${size}:${padded.slice(start, start + size)}`, 0.5);
    }
  });
  let norm = 0;
  for (const value of counts.values()) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  const indices = new Uint32Array(counts.size);
  const values = new Float32Array(counts.size);
  let position = 0;
  for (const [index, value] of counts) {
    indices[position] = index;
    values[position] = value / norm;
    position += 1;
  }
  return { indices, values };
}
