import { crossValidate, type CrossValidation } from "../../knowledge/index.js";
import { loadCorpus, trainUnderstandingModel, type CorpusExample } from "../../bot/index.js";

const LANGUAGES = ["fi", "sv", "en"] as const;

function percent(correct: number, count: number): string {
  return count === 0 ? "–" : `${((100 * correct) / count).toFixed(1)}% (${correct}/${count})`;
}

function table(title: string, validation: CrossValidation, labels: readonly string[]): string[] {
  const lines = [`${title}: ${validation.folds}-fold cross-validation, ${percent(validation.total.correct, validation.total.count)}`, ""];
  lines.push("| label | fi | sv | en | all |", "|---|---:|---:|---:|---:|");
  for (const label of labels) {
    const cells = LANGUAGES.map((language) => validation.groups.get(`${language}/${label}`));
    const correct = cells.reduce((sum, cell) => sum + (cell?.correct ?? 0), 0);
    const count = cells.reduce((sum, cell) => sum + (cell?.count ?? 0), 0);
    lines.push(`| ${label} | ${cells.map((cell) => percent(cell?.correct ?? 0, cell?.count ?? 0)).join(" | ")} | ${percent(correct, count)} |`);
  }
  const byLanguage = LANGUAGES.map((language) => {
    let correct = 0;
    let count = 0;
    for (const [key, value] of validation.groups) {
      if (!key.startsWith(`${language}/`)) continue;
      correct += value.correct;
      count += value.count;
    }
    return percent(correct, count);
  });
  lines.push(`| all | ${byLanguage.join(" | ")} | ${percent(validation.total.correct, validation.total.count)} |`, "");
  if (validation.confusions.length > 0) {
    lines.push(`Most frequent confusions: ${validation.confusions.slice(0, 8).map(([pair, count]) => `${pair} (${count})`).join("; ")}`, "");
  }
  return lines;
}

/**
 * Cross-validated accuracy of the trained understanding models on the repository corpus: intents
 * per intent and language, the asked field of item questions, follow-up kinds, and language
 * identification; plus how long training everything takes.
 */
export function intentReport(corpus: readonly CorpusExample[] = loadCorpus()): string {
  const group = (example: { language: string; label: string }) => `${example.language}/${example.label}`;
  const intents = corpus.map((example) => ({ text: example.text, label: example.intent, language: example.language }));
  const intentLabels = [...new Set(intents.map((example) => example.label))].sort();
  const fields = corpus
    .filter((example) => example.field)
    .map((example) => ({ text: example.text, label: example.field!, language: example.language }));
  const followUps = corpus
    .filter((example) => example.followUp)
    .map((example) => ({ text: example.text, label: example.followUp!, language: example.language }));
  const languages = corpus.map((example) => ({ text: example.text, label: example.language, language: example.language }));
  const model = trainUnderstandingModel(corpus);
  return [
    `Understanding models: ${corpus.length} labelled examples; training all models took ${model.trainingMs.toFixed(0)} ms.`,
    "",
    ...table("Intent", crossValidate(intents, { group }), intentLabels),
    ...table("Item-question field", crossValidate(fields, { group, training: { epochs: 12 } }), [...new Set(fields.map((example) => example.label))].sort()),
    ...table("Follow-up kind", crossValidate(followUps, { group, training: { epochs: 12 } }), [...new Set(followUps.map((example) => example.label))].sort()),
    ...table("Language", crossValidate(languages, { group, training: { epochs: 8 } }), LANGUAGES),
  ].join("\n");
}
