import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { writeItems } from "../../ingest/index.js";
import {
  createEmbedder,
  embeddingSpace,
  helsinkiDate,
  HybridSearcher,
  SqlKnowledgeStore,
  validateItem,
  type CanonicalItem,
} from "../../knowledge/index.js";
import { applyMigrations, loadConfig, openPgliteDatabase } from "../../platform/index.js";
import { evaluateDialogs } from "./dialog-eval.js";
import { summarise, type MetricSummary } from "./eval-metrics.js";

const USAGE = `Usage: npm run eval -- [--json] [--verbose] DIR

DIR holds items.jsonl and questions.jsonl in the format of ../shared/eval/dev. Date tokens
(today±N) are resolved against today's date in Europe/Helsinki; the items are ingested into a
temporary in-memory database with the real ingest code; every question with expect "answer" is
searched with its text only (no filters). Prints recall@5, recall@10, MRR@10 and nDCG@10 overall and
per language, every miss, and the expired-trap figure: every question with expect "no-answer" is
asked of the bot over Direct Line, and passes when it answers no-answer citing no expired item.`;

const questionSchema = z
  .object({
    id: z.string(),
    language: z.string().default("?"),
    question: z.string(),
    expect: z.string(),
    relevant: z.array(z.string()).default([]),
  })
  .loose();
type Question = z.infer<typeof questionSchema>;

interface QuestionRun {
  readonly question: Question;
  readonly retrieved: readonly string[];
  readonly relevant: readonly string[];
  readonly tookMs: number;
}

/** `npm run eval -- [--json] [--verbose] DIR`: retrieval quality on an evaluation set; returns the exit code. */
export async function runRetrievalEval(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: "boolean", default: false },
        verbose: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const directory = args.positionals[0];
  if (!directory || args.positionals.length > 1) {
    process.stderr.write(`Give exactly one DIR.\n\n${USAGE}\n`);
    return 2;
  }
  const itemsFile = path.resolve(directory, "items.jsonl");
  const questionsFile = path.resolve(directory, "questions.jsonl");
  for (const file of [itemsFile, questionsFile]) {
    if (!existsSync(file)) {
      process.stderr.write(`${file} not found\n`);
      return 2;
    }
  }
  const questions = readFileSync(questionsFile, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line, index) => {
      const parsed = questionSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`questions.jsonl line ${index + 1}: ${parsed.error.message}`);
      return parsed.data;
    });

  const started = performance.now();
  const config = loadConfig(process.env, { dotenvPath: path.resolve(".env") });
  const embedder = await createEmbedder(config);
  const database = await openPgliteDatabase({});
  try {
    await applyMigrations(database);
    const store = new SqlKnowledgeStore(database);
    await store.ensureEmbeddingSpace({ space: embeddingSpace(embedder), dimensions: embedder.dimensions });
    // The real write path (validation with date tokens resolved, chunking, embedding, store), without
    // the file-format registry that ingest-files loads (it costs seconds of start-up).
    const today = helsinkiDate();
    const items: CanonicalItem[] = [];
    const rejected: string[] = [];
    readFileSync(itemsFile, "utf8")
      .split("\n")
      .forEach((line, index) => {
        if (!line.trim()) return;
        const validation = validateItem(JSON.parse(line), { today });
        if (validation.ok) items.push(validation.item);
        else rejected.push(`line ${index + 1}: ${validation.issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ")}`);
      });
    if (rejected.length > 0) process.stderr.write(`warning: ${rejected.length} item(s) rejected: ${rejected.slice(0, 5).join(" | ")}\n`);
    const written = await writeItems({ store, embedder }, { source: "eval", items });
    const searcher = new HybridSearcher({ database, embedder });

    const answerRuns: QuestionRun[] = [];
    for (const question of questions.filter((entry) => entry.expect === "answer")) {
      const response = await searcher.search({ query: question.question, today });
      answerRuns.push({
        question,
        retrieved: response.results.map((result) => result.id),
        relevant: question.relevant,
        tookMs: response.tookMs,
      });
    }
    const overall = summarise(answerRuns);
    const languages = [...new Set(answerRuns.map((run) => run.question.language))].sort();
    const perLanguage = Object.fromEntries(
      languages.map((language) => [language, summarise(answerRuns.filter((run) => run.question.language === language))]),
    );
    const misses = answerRuns
      .filter((run) => run.relevant.some((id) => !run.retrieved.slice(0, 5).includes(id)))
      .map((run) => ({
        id: run.question.id,
        question: run.question.question,
        missingAt5: run.relevant.filter((id) => !run.retrieved.slice(0, 5).includes(id)),
        missingAt10: run.relevant.filter((id) => !run.retrieved.slice(0, 10).includes(id)),
        retrieved: run.retrieved.slice(0, 5),
      }));
    const expiredTrap = await expiredTrapThroughTheBot(itemsFile, questions, items, today);
    const latencies = answerRuns.map((run) => run.tookMs).sort((left, right) => left - right);
    const report = {
      items: written.inserted + written.updated + written.unchanged,
      overall,
      perLanguage,
      misses,
      expiredTrap,
      medianSearchMs: latencies[Math.floor(latencies.length / 2)] ?? 0,
      totalMs: Math.round(performance.now() - started),
    };
    if (args.values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else printReport(report);
    return 0;
  } finally {
    await database.close();
  }
}

interface ExpiredTrap {
  readonly questions: number;
  readonly passed: number;
  readonly share: number;
  readonly failures: ReadonlyArray<{ id: string; problems: readonly string[] }>;
}

/**
 * The expired-trap questions (expect "no-answer": only an expired item would match) asked of the
 * bot itself, over Direct Line on a server holding the same items: a pass is a no-answer that cites
 * no expired item. The search alone never returns expired items, so measuring it would be 100 % by
 * construction; what matters is whether the conversation says it found nothing.
 */
async function expiredTrapThroughTheBot(itemsFile: string, questions: readonly Question[], items: readonly CanonicalItem[], today: string): Promise<ExpiredTrap> {
  const traps = questions.filter((entry) => entry.expect === "no-answer");
  if (traps.length === 0) return { questions: 0, passed: 0, share: 1, failures: [] };
  const expired = items.filter((item) => item.validUntil && item.validUntil < today).map((item) => item.id);
  const directory = mkdtempSync(path.join(tmpdir(), "lahituki-trap-"));
  try {
    const dialogsFile = path.join(directory, "expired-trap.jsonl");
    writeFileSync(
      dialogsFile,
      traps
        .map((question) =>
          JSON.stringify({
            id: question.id,
            language: question.language,
            turns: [{ say: question.question, tags: ["expired-trap"], expect: { outcome: ["no-answer"], sourcesNoneOf: expired } }],
          }),
        )
        .join("\n"),
    );
    const result = await evaluateDialogs({ dialogsFile, itemsFile, write: () => undefined });
    const failures = result.turns.filter((turn) => !turn.passed).map((turn) => ({ id: turn.dialog, problems: turn.failures }));
    const passed = result.turns.length - failures.length;
    return { questions: result.turns.length, passed, share: passed / result.turns.length, failures };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function printReport(
  report: {
    items: number;
    overall: MetricSummary;
    perLanguage: Record<string, MetricSummary>;
    misses: Array<{ id: string; question: string; missingAt5: string[]; missingAt10: string[]; retrieved: readonly string[] }>;
    expiredTrap: ExpiredTrap;
    medianSearchMs: number;
    totalMs: number;
  },
): void {
  const format = (value: number) => value.toFixed(3);
  const line = (name: string, summary: MetricSummary) =>
    `| ${name} | ${summary.count} | ${format(summary.recallAt5)} | ${format(summary.recallAt10)} | ${format(summary.mrrAt10)} | ${format(summary.ndcgAt10)} |`;
  const output = [
    `Items ingested: ${report.items}`,
    "",
    "| set | questions | recall@5 | recall@10 | MRR@10 | nDCG@10 |",
    "|---|---|---|---|---|---|",
    line("all", report.overall),
    ...Object.entries(report.perLanguage).map(([language, summary]) => line(language, summary)),
    "",
    `Expired-trap, through the conversation (expect "no-answer" questions that the bot answers with no-answer, citing no expired item): ${report.expiredTrap.passed}/${report.expiredTrap.questions} = ${(report.expiredTrap.share * 100).toFixed(1)}%`,
    ...report.expiredTrap.failures.map((failure) => `  ${failure.id}: ${failure.problems.join("; ")}`),
    "",
    report.misses.length === 0 ? "Misses: none" : `Misses (relevant item not in top 5):`,
    ...report.misses.map(
      (miss) =>
        `  ${miss.id} "${miss.question}"\n    missing@5: ${miss.missingAt5.join(", ")}${miss.missingAt10.length > 0 ? `; missing@10: ${miss.missingAt10.join(", ")}` : ""}\n    top 5: ${miss.retrieved.join(", ")}`,
    ),
    "",
    `Median search ${report.medianSearchMs} ms; total ${report.totalMs} ms`,
  ];
  process.stdout.write(`${output.join("\n")}\n`);
}
