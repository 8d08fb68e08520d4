import { FEATURE_BITS, textFeatures, type SparseVector } from "./text-features.js";

/** One labelled example. */
export interface LabelledText {
  readonly text: string;
  readonly label: string;
}

export interface TrainingOptions {
  /** Passes over the data; cross-validated accuracy stops improving after about 10 on our corpus. */
  readonly epochs?: number | undefined;
  readonly learningRate?: number | undefined;
  /** L2 penalty per step, which keeps rare n-grams from dominating. */
  readonly l2?: number | undefined;
  /** Seed of the shuffle, so that training (and every figure reported from it) is repeatable. */
  readonly seed?: number | undefined;
  /** Feature vectors already computed for these texts (several models trained on one corpus share them). */
  readonly featureCache?: Map<string, SparseVector> | undefined;
}

/** The features of a text, from the cache when another model of the same corpus computed them. */
function cachedFeatures(text: string, cache: Map<string, SparseVector> | undefined): SparseVector {
  if (!cache) return textFeatures(text);
  let vector = cache.get(text);
  if (!vector) {
    vector = textFeatures(text);
    cache.set(text, vector);
  }
  return vector;
}

export interface Prediction {
  readonly label: string;
  readonly probability: number;
  /** Every label's probability, highest first. */
  readonly ranked: ReadonlyArray<readonly [string, number]>;
}

/**
 * A multinomial logistic regression over hashed character n-gram and word features. Our own
 * rather than a library's: it is ~100 lines, trains on a few thousand turns in well under a second
 * at start-up, handles spoken Finnish and typos through sub-word features, and gives calibrated
 * probabilities that safety decisions can threshold (decision 0025 compares it with NLP.js).
 */
export class TextClassifier {
  private constructor(
    readonly labels: readonly string[],
    private readonly weights: Float32Array,
    private readonly bias: Float32Array,
  ) {}

  static train(examples: readonly LabelledText[], options: TrainingOptions = {}): TextClassifier {
    const labels = [...new Set(examples.map((example) => example.label))].sort();
    const labelIndex = new Map(labels.map((label, index) => [label, index]));
    const dimensions = 1 << FEATURE_BITS;
    const classes = labels.length;
    const weights = new Float32Array(dimensions * classes);
    const bias = new Float32Array(classes);
    // AdaGrad accumulators: rare features (most n-grams) keep a larger step than frequent ones.
    const accumulated = new Float32Array(dimensions * classes);
    const biasAccumulated = new Float32Array(classes);
    const vectors = examples.map((example) => cachedFeatures(example.text, options.featureCache));
    const targets = examples.map((example) => labelIndex.get(example.label)!);
    const epochs = options.epochs ?? 10;
    const rate = options.learningRate ?? 0.5;
    const l2 = options.l2 ?? 1e-5;
    const random = seededRandom(options.seed ?? 7);
    const order = vectors.map((_, index) => index);
    const scores = new Float64Array(classes);
    for (let epoch = 0; epoch < epochs; epoch += 1) {
      shuffle(order, random);
      for (const example of order) {
        const vector = vectors[example]!;
        probabilities(vector, weights, bias, classes, scores);
        const target = targets[example]!;
        for (let label = 0; label < classes; label += 1) {
          const gradient = scores[label]! - (label === target ? 1 : 0);
          // Classes the example already fits: their update is negligible, and skipping them
          // halves training time at start-up with the same cross-validated accuracy.
          if (Math.abs(gradient) < 2e-3) continue;
          for (let position = 0; position < vector.indices.length; position += 1) {
            const slot = vector.indices[position]! * classes + label;
            const step = gradient * vector.values[position]! + l2 * weights[slot]!;
            accumulated[slot] = accumulated[slot]! + step * step;
            weights[slot] = weights[slot]! - (rate * step) / Math.sqrt(accumulated[slot]! + 1e-8);
          }
          biasAccumulated[label] = biasAccumulated[label]! + gradient * gradient;
          bias[label] = bias[label]! - (rate * gradient) / Math.sqrt(biasAccumulated[label]! + 1e-8);
        }
      }
    }
    return new TextClassifier(labels, weights, bias);
  }

  predict(text: string): Prediction {
    const scores = new Float64Array(this.labels.length);
    probabilities(textFeatures(text), this.weights, this.bias, this.labels.length, scores);
    const ranked = this.labels
      .map((label, index) => [label, scores[index]!] as const)
      .sort((left, right) => right[1] - left[1]);
    return { label: ranked[0]![0], probability: ranked[0]![1], ranked };
  }

  probabilityOf(prediction: Prediction, label: string): number {
    return prediction.ranked.find(([candidate]) => candidate === label)?.[1] ?? 0;
  }
}

function probabilities(vector: SparseVector, weights: Float32Array, bias: Float32Array, classes: number, out: Float64Array): void {
  let max = -Infinity;
  for (let label = 0; label < classes; label += 1) {
    let sum = bias[label]!;
    for (let position = 0; position < vector.indices.length; position += 1) {
      sum += weights[vector.indices[position]! * classes + label]! * vector.values[position]!;
    }
    out[label] = sum;
    if (sum > max) max = sum;
  }
  let total = 0;
  for (let label = 0; label < classes; label += 1) {
    out[label] = Math.exp(out[label]! - max);
    total += out[label]!;
  }
  for (let label = 0; label < classes; label += 1) out[label] = out[label]! / total;
}

/** Mulberry32: a small seeded generator, so training is deterministic. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other]!, items[index]!];
  }
}

/** Per-group accuracy of a k-fold cross-validation. */
export interface CrossValidation {
  readonly folds: number;
  readonly total: { readonly correct: number; readonly count: number };
  /** Keyed by the group function's value (e.g. "fi/search"). */
  readonly groups: ReadonlyMap<string, { readonly correct: number; readonly count: number }>;
  /** Confusions "expected → predicted" with their counts, most frequent first. */
  readonly confusions: ReadonlyArray<readonly [string, number]>;
}

/**
 * Stratified k-fold cross-validation: every example is predicted by a model that never saw it.
 * Examples are dealt to folds round-robin within each label, after a seeded shuffle.
 */
export function crossValidate<T extends LabelledText>(
  examples: readonly T[],
  options: { folds?: number; group: (example: T) => string; training?: TrainingOptions },
): CrossValidation {
  const folds = options.folds ?? 5;
  const random = seededRandom(options.training?.seed ?? 11);
  const byLabel = new Map<string, number[]>();
  examples.forEach((example, index) => byLabel.set(example.label, [...(byLabel.get(example.label) ?? []), index]));
  const foldOf = new Int32Array(examples.length);
  for (const indices of byLabel.values()) {
    shuffle(indices, random);
    indices.forEach((exampleIndex, position) => (foldOf[exampleIndex] = position % folds));
  }
  const groups = new Map<string, { correct: number; count: number }>();
  const confusions = new Map<string, number>();
  let correct = 0;
  for (let fold = 0; fold < folds; fold += 1) {
    const training = examples.filter((_, index) => foldOf[index] !== fold);
    const model = TextClassifier.train(training, options.training);
    examples.forEach((example, index) => {
      if (foldOf[index] !== fold) return;
      const predicted = model.predict(example.text).label;
      const group = options.group(example);
      const entry = groups.get(group) ?? { correct: 0, count: 0 };
      entry.count += 1;
      if (predicted === example.label) {
        entry.correct += 1;
        correct += 1;
      } else {
        const key = `${example.label} → ${predicted}`;
        confusions.set(key, (confusions.get(key) ?? 0) + 1);
      }
      groups.set(group, entry);
    });
  }
  return {
    folds,
    total: { correct, count: examples.length },
    groups,
    confusions: [...confusions].sort((left, right) => right[1] - left[1]),
  };
}
