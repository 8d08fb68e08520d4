/**
 * Understanding: our hashed n-gram logistic regression against NLP.js (@nlpjs/nlp with the fi, sv
 * and en language packages, one model per language, given each test utterance's true language —
 * an advantage ours does not get) on the same 5-fold split of the repository corpus. Prints
 * cross-validated accuracy, crisis recall, the time to train on the whole corpus, and the
 * time to classify one message (p50/p95).
 */
import { containerBootstrap } from "@nlpjs/core";
import { LangEn } from "@nlpjs/lang-en";
import { LangFi } from "@nlpjs/lang-fi";
import { LangSv } from "@nlpjs/lang-sv";
import { Nlp } from "@nlpjs/nlp";
import { loadCorpus, trainUnderstandingModel, type CorpusExample } from "../../bot/understanding/index.js";
import { TextClassifier } from "../../knowledge/index.js";
import type { BenchmarkOptions } from "./run-benchmarks.js";

interface NlpInstance {
  settings: { autoSave: boolean; nlu?: { log: boolean } };
  addLanguage(language: string): void;
  addDocument(language: string, text: string, intent: string): void;
  train(): Promise<void>;
  process(language: string, text: string): Promise<{ intent: string }>;
}

async function trainNlp(examples: readonly CorpusExample[]): Promise<NlpInstance> {
  const container = await containerBootstrap();
  container.use(Nlp);
  container.use(LangFi);
  container.use(LangSv);
  container.use(LangEn);
  const nlp = container.get("nlp") as NlpInstance;
  nlp.settings.autoSave = false;
  nlp.settings.nlu = { log: false };
  for (const language of ["fi", "sv", "en"]) nlp.addLanguage(language);
  for (const example of examples) nlp.addDocument(example.language, example.text, example.intent);
  await nlp.train();
  return nlp;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export async function run(options: BenchmarkOptions): Promise<void> {
  const corpus = loadCorpus();
  const folds = options.quick ? 3 : 5;
  const foldOf = corpus.map((_, index) => index % folds);
  const score = { ours: { correct: 0, crisisHit: 0 }, nlp: { correct: 0, crisisHit: 0 } };
  const crisisCount = corpus.filter((example) => example.intent === "crisis").length;
  for (let fold = 0; fold < folds; fold += 1) {
    process.stderr.write(`understanding bench: fold ${fold + 1}/${folds}\n`);
    const training = corpus.filter((_, index) => foldOf[index] !== fold);
    const testing = corpus.filter((_, index) => foldOf[index] === fold);
    const ours = TextClassifier.train(training.map((example) => ({ text: example.text, label: example.intent })));
    const nlp = await trainNlp(training);
    for (const example of testing) {
      const mine = ours.predict(example.text).label;
      const theirs = (await nlp.process(example.language, example.text)).intent;
      if (mine === example.intent) score.ours.correct += 1;
      if (theirs === example.intent) score.nlp.correct += 1;
      if (example.intent === "crisis" && mine === "crisis") score.ours.crisisHit += 1;
      if (example.intent === "crisis" && theirs === "crisis") score.nlp.crisisHit += 1;
    }
  }
  const trainOurs: number[] = [];
  const trainNlpMs: number[] = [];
  const rounds = options.quick ? 1 : 3;
  let model = trainUnderstandingModel(corpus);
  let nlp = await trainNlp(corpus);
  for (let round = 0; round < rounds; round += 1) {
    let started = performance.now();
    model = trainUnderstandingModel(corpus);
    trainOurs.push(performance.now() - started);
    started = performance.now();
    nlp = await trainNlp(corpus);
    trainNlpMs.push(performance.now() - started);
  }
  const latencyOurs: number[] = [];
  const latencyNlp: number[] = [];
  for (const example of corpus.slice(0, options.quick ? 200 : 1000)) {
    let started = performance.now();
    model.classifyIntent(example.text);
    model.identifyLanguage(example.text);
    latencyOurs.push(performance.now() - started);
    started = performance.now();
    await nlp.process(example.language, example.text);
    latencyNlp.push(performance.now() - started);
  }
  const percent = (value: number, total: number) => `${((100 * value) / total).toFixed(1)}%`;
  const ms = (value: number) => value.toFixed(value < 10 ? 2 : 0);
  process.stdout.write(
    [
      `${corpus.length} labelled utterances (fi, sv, en), ${folds}-fold cross-validation on the same split.`,
      "",
      "| classifier | intent accuracy | crisis recall | train on all (ms, median) | classify p50 / p95 (ms) |",
      "|---|---:|---:|---:|---:|",
      `| ours: hashed n-gram logistic regression (intent + field + follow-up + language models) | ${percent(score.ours.correct, corpus.length)} | ${percent(score.ours.crisisHit, crisisCount)} | ${ms(quantile(trainOurs, 0.5))} | ${ms(quantile(latencyOurs, 0.5))} / ${ms(quantile(latencyOurs, 0.95))} |`,
      `| peer: NLP.js (@nlpjs/nlp 4, lang-fi/sv/en, true language given) | ${percent(score.nlp.correct, corpus.length)} | ${percent(score.nlp.crisisHit, crisisCount)} | ${ms(quantile(trainNlpMs, 0.5))} | ${ms(quantile(latencyNlp, 0.5))} / ${ms(quantile(latencyNlp, 0.95))} |`,
      "",
    ].join("\n"),
  );
}
