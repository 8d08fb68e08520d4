import { createHash } from "node:crypto";
import { alternativeKey, labelAlternative, tokenize, wordKey, type TermAlternative } from "./query-understanding.js";
import { allLabels, loadVocabulary, type Vocabulary } from "./terms.js";

/**
 * Term-file labels matched at index time. Every label of the term file is a search alternative
 * ("hitsaaj*", "care* worker*": words that must all occur, some as prefixes). Searching them as
 * tsquery prefixes costs a GIN range scan per label and, for multi-word labels, a pass over every
 * posting of common words ("care", "auto"): at 100k chunks that was most of a search's time. So
 * each chunk stores the keys of the label alternatives its text satisfies (`chunks.terms`, GIN
 * array index), and a query looks its labels up as exact keys. Matching follows the tsquery
 * semantics on the `simple` index: an exact word equals a token, a prefix word starts one, and all
 * words of an alternative occur somewhere in the chunk. Hand-written because it must mirror our
 * own query expansion (query-understanding.ts); no library indexes that.
 */
export interface LabelTermIndex {
  /** Fingerprint of the alternatives: stored terms made with another one must be recomputed. */
  readonly version: string;
  /** Whether an alternative's key is indexed (then search looks it up in `chunks.terms`). */
  has(key: string): boolean;
  /** Keys of the label alternatives that `text` satisfies, sorted. */
  match(text: string): string[];
}

interface IndexedAlternative {
  readonly key: string;
  readonly wordKeys: readonly string[];
}

export function createLabelTermIndex(vocabulary: Vocabulary): LabelTermIndex {
  const alternatives = new Map<string, IndexedAlternative>();
  for (const entry of vocabulary.entries) {
    for (const label of allLabels(entry)) {
      const alternative: TermAlternative = labelAlternative(label);
      if (alternative.words.length === 0) continue;
      const key = alternativeKey(alternative);
      if (alternatives.has(key)) continue;
      alternatives.set(key, { key, wordKeys: alternative.words.map(wordKey) });
    }
  }
  const byWordKey = new Map<string, IndexedAlternative[]>();
  const exactWords = new Set<string>();
  const prefixWords = new Set<string>();
  let shortestPrefix = Infinity;
  let longestPrefix = 0;
  for (const alternative of alternatives.values()) {
    for (const key of alternative.wordKeys) {
      const list = byWordKey.get(key) ?? [];
      list.push(alternative);
      byWordKey.set(key, list);
      if (key.endsWith("*")) {
        const prefix = key.slice(0, -1);
        prefixWords.add(prefix);
        shortestPrefix = Math.min(shortestPrefix, prefix.length);
        longestPrefix = Math.max(longestPrefix, prefix.length);
      } else {
        exactWords.add(key);
      }
    }
  }
  const version = createHash("sha256")
    .update([...alternatives.keys()].sort().join("\n"))
    .digest("base64url")
    .slice(0, 16);
  return {
    version,
    has: (key) => alternatives.has(key),
    match(text) {
      const matchedWords = new Set<string>();
      for (const token of new Set(tokenize(text))) {
        if (exactWords.has(token)) matchedWords.add(token);
        for (let length = shortestPrefix; length <= Math.min(token.length, longestPrefix); length += 1) {
          const prefix = token.slice(0, length);
          if (prefixWords.has(prefix)) matchedWords.add(`${prefix}*`);
        }
      }
      const keys = new Set<string>();
      for (const matched of matchedWords) {
        for (const alternative of byWordKey.get(matched) ?? []) {
          if (keys.has(alternative.key)) continue;
          if (alternative.wordKeys.every((word) => matchedWords.has(word))) keys.add(alternative.key);
        }
      }
      return [...keys].sort();
    },
  };
}

let shipped: LabelTermIndex | undefined;

/** The index of the shipped term file, built once. */
export function labelTermIndex(): LabelTermIndex {
  shipped ??= createLabelTermIndex(loadVocabulary());
  return shipped;
}

/** A chunk's label terms as one tab-separated string (`string_to_array(…, E'\t')` in SQL). */
export function chunkTerms(content: string, searchText: string, index: LabelTermIndex = labelTermIndex()): string {
  return index.match(`${content} ${searchText}`).join("\t");
}
