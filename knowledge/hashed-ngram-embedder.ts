import type { Embedder } from "./embedder.js";

/**
 * The default, offline embedder: character n-grams (3–5) of each word and the words themselves,
 * hashed into a fixed-size signed vector ("feature hashing"). It captures spelling similarity
 * (hitsaaja ~ hitsaajan ~ hitsari) without any model download; it knows nothing of meaning, so
 * cross-language matching comes from the term file (knowledge/terms), not from here.
 * Written here because no maintained npm package does feature hashing for text without pulling a model.
 */
export class HashedNgramEmbedder implements Embedder {
  readonly id = "local-hashed-ngrams-v1";
  readonly maxTextsPerCall = 1024;

  constructor(readonly dimensions = 384) {}

  async embed(texts: readonly string[]): Promise<number[][]> {
    return texts.map((text) => this.embedOne(text));
  }

  embedOne(text: string): number[] {
    const vector = new Float64Array(this.dimensions);
    const words = text
      .normalize("NFC")
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 0);
    for (const word of words) {
      this.add(vector, `w:${word}`, 1.5);
      const padded = `<${word}>`;
      for (let size = 3; size <= 5; size += 1) {
        if (padded.length < size) break;
        for (let start = 0; start + size <= padded.length; start += 1) {
          this.add(vector, padded.slice(start, start + size), 1);
        }
      }
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    norm = Math.sqrt(norm);
    const output = new Array<number>(this.dimensions);
    for (let index = 0; index < this.dimensions; index += 1) {
      output[index] = norm > 0 ? vector[index]! / norm : 0;
    }
    // A zero vector has no cosine; give empty texts a fixed direction instead of NaN distances.
    if (norm === 0) output[0] = 1;
    return output;
  }

  private add(vector: Float64Array, feature: string, weight: number): void {
    const hash = fnv1a(feature);
    const index = hash % this.dimensions;
    const sign = (hash >>> 31) & 1 ? -1 : 1;
    vector[index]! += sign * weight;
  }
}

/** FNV-1a: a fast, well-spread 32-bit hash for feature strings (also the text classifier's). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
