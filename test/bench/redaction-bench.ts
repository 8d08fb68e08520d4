/**
 * Redaction on hostile chat input: ours (linear scanners, platform/redact.ts) against the regular
 * expressions it replaced (kept here as the peer), on the inputs that froze the server: "+", a run
 * of digits and a letter; a very long word; many "@" and dots. p50/p95 of repeated runs.
 */
import { redactText } from "../../platform/index.js";
import type { BenchmarkOptions } from "./run-benchmarks.js";

const OLD_EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const OLD_PHONE =
  /(?<![\p{L}\p{N}])(?:\+|00)\d{1,3}[\s-]?(?:\(?\d+\)?[\s-]?){2,5}\d+(?![\p{L}\p{N}])|(?<![\p{L}\p{N}+])0\d{1,3}[\s-]?\d{2,4}[\s-]?\d{2,4}(?:[\s-]?\d{1,4})?(?![\p{L}\p{N}])/gu;

function oldRedact(text: string): string {
  return text.replace(OLD_EMAIL, "[email]").replace(OLD_PHONE, "[phone]");
}

function timings(run: () => void, repeats: number): number[] {
  const times: number[] = [];
  for (let index = 0; index < repeats; index += 1) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return times.sort((left, right) => left - right);
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const ms = (value: number) => (value < 1 ? value.toFixed(3) : value.toFixed(1));

export async function run(options: BenchmarkOptions): Promise<void> {
  const repeats = options.quick ? 5 : 20;
  // The peer is cut off at sizes where it still finishes: its time grows with the fifth power of the digits.
  const cases: Array<{ name: string; input: string; peer: boolean }> = [
    { name: '"+", 30 digits, a letter', input: `+${"1".repeat(30)}a`, peer: true },
    { name: '"+", 40 digits, a letter', input: `+${"1".repeat(40)}a`, peer: true },
    { name: '"+", 90 digits, a letter (the 16 s message)', input: `+${"1".repeat(90)}a`, peer: false },
    { name: "a 49,000-letter word", input: "a".repeat(49_000), peer: true },
    { name: '10,000 × "a@"', input: "a@".repeat(10_000), peer: false },
    { name: '"0" and 10,000 × " 1"', input: `0${" 1".repeat(10_000)}x`, peer: false },
  ];
  const rows = ["| input | ours p50 / p95 (ms) | before p50 / p95 (ms) | before/ours p95 |", "|---|---:|---:|---:|"];
  for (const entry of cases) {
    process.stderr.write(`redaction bench: ${entry.name}\n`);
    const ours = timings(() => redactText(entry.input), repeats);
    const peer = entry.peer ? timings(() => oldRedact(entry.input), Math.min(repeats, 3)) : undefined;
    rows.push(
      `| ${entry.name} | ${ms(quantile(ours, 0.5))} / ${ms(quantile(ours, 0.95))} | ${peer ? `${ms(quantile(peer, 0.5))} / ${ms(quantile(peer, 0.95))}` : "not run (minutes)"} | ${peer ? (quantile(peer, 0.95) / Math.max(quantile(ours, 0.95), 0.001)).toFixed(0) : "–"} |`,
    );
  }
  process.stdout.write(`${rows.join("\n")}\n`);
}
