import path from "node:path";
import { parseArgs } from "node:util";
import { describeError } from "../../platform/index.js";
import { evaluateDialogs } from "./dialog-eval.js";
import { intentReport } from "./intent-report.js";
import { runRetrievalEval } from "./retrieval-eval.js";

const USAGE = `Usage:
  npm run eval                                   cross-validated accuracy of the understanding models (per intent and language)
  npm run eval -- [--json] [--verbose] DIR       retrieval quality on DIR/items.jsonl and DIR/questions.jsonl, then the report above
  npm run eval -- --dialogs FILE [--items FILE] [--only id1,id2] [--verbose] [--report out.json]
                                                 plays the conversations of FILE through Direct Line on a fresh store and
                                                 prints pass rates per turn, scenario, language and tag; items default to
                                                 items.jsonl beside FILE, else the demo knowledge base`;

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (argv.includes("--dialogs")) {
    let values;
    try {
      values = parseArgs({
        args: [...argv],
        options: {
          dialogs: { type: "string" },
          items: { type: "string" },
          only: { type: "string" },
          verbose: { type: "boolean", default: false },
          report: { type: "string" },
        },
      }).values;
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (!values.dialogs) {
      process.stderr.write(`--dialogs needs a file\n\n${USAGE}\n`);
      return 2;
    }
    await evaluateDialogs({
      dialogsFile: path.resolve(values.dialogs),
      itemsFile: values.items ? path.resolve(values.items) : undefined,
      only: values.only ? new Set(values.only.split(",").map((id) => id.trim())) : undefined,
      verbose: values.verbose,
      reportFile: values.report ? path.resolve(values.report) : undefined,
    });
    return 0;
  }
  const positionals = argv.filter((arg) => !arg.startsWith("-"));
  if (positionals.length === 0) {
    process.stdout.write(`${intentReport()}\n`);
    return 0;
  }
  const code = await runRetrievalEval(argv);
  if (code === 0 && !argv.includes("--json")) process.stdout.write(`\n${intentReport()}\n`);
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`eval failed: ${describeError(error)}\n`);
    process.exit(1);
  },
);
