/**
 * Retrieval metrics for the evaluation CLI (pure). `retrieved` is a ranked list of ids, `relevant`
 * the ids a correct answer draws on; relevance is binary.
 */

/** Share of relevant ids found in the first k results (0 when nothing is relevant). */
export function recallAtK(retrieved: readonly string[], relevant: readonly string[], k: number): number {
  if (relevant.length === 0) return 0;
  const top = new Set(retrieved.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** 1/rank of the first relevant id within the first k results, else 0. */
export function reciprocalRankAtK(retrieved: readonly string[], relevant: readonly string[], k: number): number {
  const wanted = new Set(relevant);
  const index = retrieved.slice(0, k).findIndex((id) => wanted.has(id));
  return index < 0 ? 0 : 1 / (index + 1);
}

/** Normalised discounted cumulative gain at k with binary gains (log2 discount). */
export function ndcgAtK(retrieved: readonly string[], relevant: readonly string[], k: number): number {
  if (relevant.length === 0) return 0;
  const wanted = new Set(relevant);
  let dcg = 0;
  retrieved.slice(0, k).forEach((id, index) => {
    if (wanted.has(id)) dcg += 1 / Math.log2(index + 2);
  });
  let ideal = 0;
  for (let index = 0; index < Math.min(k, relevant.length); index += 1) ideal += 1 / Math.log2(index + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

export interface MetricSummary {
  readonly count: number;
  readonly recallAt5: number;
  readonly recallAt10: number;
  readonly mrrAt10: number;
  readonly ndcgAt10: number;
}

/** Means of the four metrics over questions (all zero for an empty set). */
export function summarise(
  runs: ReadonlyArray<{ readonly retrieved: readonly string[]; readonly relevant: readonly string[] }>,
): MetricSummary {
  const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);
  return {
    count: runs.length,
    recallAt5: mean(runs.map((run) => recallAtK(run.retrieved, run.relevant, 5))),
    recallAt10: mean(runs.map((run) => recallAtK(run.retrieved, run.relevant, 10))),
    mrrAt10: mean(runs.map((run) => reciprocalRankAtK(run.retrieved, run.relevant, 10))),
    ndcgAt10: mean(runs.map((run) => ndcgAtK(run.retrieved, run.relevant, 10))),
  };
}
