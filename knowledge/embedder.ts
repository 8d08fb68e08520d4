/**
 * Turns texts into vectors for nearest-neighbour search. Implementations must be deterministic for
 * the same `id`: stored vectors are only comparable with query vectors made by the same embedder.
 */
export interface Embedder {
  /** Identifies model and settings, e.g. "local-hashed-ngrams-v1" or "openai:text-embedding-3-small". */
  readonly id: string;
  /** Length of every vector this embedder returns. */
  readonly dimensions: number;
  /** Largest number of texts one `embed` call sends upstream; callers may pass more, it batches. */
  readonly maxTextsPerCall: number;
  /** Vectors for `texts`, in order, L2-normalised (cosine distance is used everywhere). */
  embed(texts: readonly string[]): Promise<number[][]>;
}

/** The identity stored beside every vector: which embedder and dimension made it. */
export function embeddingSpace(embedder: Pick<Embedder, "id" | "dimensions">): string {
  return `${embedder.id}/${embedder.dimensions}`;
}
