/**
 * Chat benchmark: 50 concurrent web chat conversations through the Direct Line API (no model) for
 * 60 s (quick: 10 s), measuring reply latency from posting a message to seeing the bot's reply.
 * Each conversation behaves like a fast typist: after a reply it waits 3–9 s (uniform) before the
 * next message. A second run without any think time shows the saturation capacity honestly.
 * Peer in the same run: the search call alone over HTTP (`POST /api/search`) with the same
 * concurrency, so the ratio shows what the bot adds on top of retrieval.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { startServer } from "../../bot/main.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";

const CONCURRENCY = 50;
const QUESTIONS = [
  "Onko Kaustisella avoimia hitsaajan töitä?",
  "entä Vetelissä?",
  "Listaa kaikki avoimet trukkikuskin työpaikat",
  "Finns det lediga jobb som närvårdare?",
  "Are there any forklift driver jobs in Toholampi?",
  "Miten ilmoittaudun työnhakijaksi?",
  "Mitä hitsauskoulutuksia on tarjolla?",
  "Onko Halsualla avoinna sukeltajan töitä?",
  "näytä lisää",
  "and part-time?",
];

interface Stats {
  latencies: number[];
  errors: number;
  errorKinds: Map<string, number>;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

function recordError(stats: Stats, kind: string): void {
  stats.errors += 1;
  stats.errorKinds.set(kind, (stats.errorKinds.get(kind) ?? 0) + 1);
}

async function chatUser(baseUrl: string, until: number, stats: Stats, offset: number, thinkMs: readonly [number, number]): Promise<void> {
  const generated = await fetch(`${baseUrl}/v3/directline/tokens/generate`, { method: "POST" });
  if (generated.status !== 200) return recordError(stats, `generate ${generated.status}`);
  const { token, conversationId, userId } = (await generated.json()) as { token: string; conversationId: string; userId: string };
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const started = await fetch(`${baseUrl}/v3/directline/conversations`, { method: "POST", headers });
  if (started.status !== 201 && started.status !== 200) return recordError(stats, `start ${started.status}`);
  let watermark = "";
  let turn = offset;
  // Conversations start spread over the first think interval, as people arrive at different times.
  await new Promise((resolve) => setTimeout(resolve, Math.random() * thinkMs[1]));
  while (Date.now() < until) {
    const text = QUESTIONS[turn % QUESTIONS.length]!;
    turn += 1;
    const t0 = performance.now();
    try {
      const posted = await fetch(`${baseUrl}/v3/directline/conversations/${conversationId}/activities`, {
        method: "POST",
        headers,
        body: JSON.stringify({ type: "message", text, from: { id: userId } }),
      });
      if (posted.status !== 200) {
        await posted.text();
        recordError(stats, `post ${posted.status}`);
        continue;
      }
      await posted.json();
      let replied = false;
      for (let attempt = 0; attempt < 200 && !replied; attempt += 1) {
        const page = await fetch(`${baseUrl}/v3/directline/conversations/${conversationId}/activities${watermark ? `?watermark=${watermark}` : ""}`, { headers });
        if (page.status !== 200) {
          recordError(stats, `get ${page.status}`);
          break;
        }
        const body = (await page.json()) as { activities: Array<{ from: { role?: string }; type: string; channelData?: { lahituki?: unknown } }>; watermark: string };
        watermark = body.watermark;
        replied = body.activities.some((activity) => activity.from.role === "bot" && activity.type === "message" && activity.channelData?.lahituki);
        if (!replied) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      if (replied) stats.latencies.push(performance.now() - t0);
      else recordError(stats, "no reply");
      const think = thinkMs[0] + Math.random() * (thinkMs[1] - thinkMs[0]);
      if (think > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(think, Math.max(0, until - Date.now()))));
    } catch (error) {
      recordError(stats, error instanceof Error ? error.message.slice(0, 40) : "error");
    }
  }
}

async function searchUser(baseUrl: string, until: number, stats: Stats, offset: number): Promise<void> {
  let turn = offset;
  while (Date.now() < until) {
    const query = QUESTIONS[turn % QUESTIONS.length]!;
    turn += 1;
    const t0 = performance.now();
    try {
      const response = await fetch(`${baseUrl}/api/search`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, limit: 6 }),
      });
      await response.text();
      if (response.status !== 200) recordError(stats, `search ${response.status}`);
      else stats.latencies.push(performance.now() - t0);
    } catch (error) {
      recordError(stats, error instanceof Error ? error.message.slice(0, 40) : "error");
    }
  }
}

function row(name: string, stats: Stats, seconds: number): string {
  const sorted = [...stats.latencies].sort((left, right) => left - right);
  const format = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "–");
  return `| ${name} | ${CONCURRENCY} | ${seconds} | ${sorted.length} | ${(sorted.length / seconds).toFixed(1)} | ${format(percentile(sorted, 50))} | ${format(percentile(sorted, 95))} | ${format(percentile(sorted, 99))} | ${stats.errors} |`;
}

export async function run(options: { quick?: boolean }): Promise<void> {
  const seconds = options.quick ? 10 : 60;
  const dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-chat-bench-"));
  process.stderr.write("chat-bench: starting the app with the demo data…\n");
  // No model configured; limits raised so the bench measures the bot, not the flood guard.
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    SEED_DEMO: "true",
    CHAT_RATE_LIMIT_PER_MINUTE: "1000000",
    DIRECTLINE_TOKENS_PER_ADDRESS_PER_MINUTE: "1000000",
  });
  const running = await startServer(config, createSilentLogger());
  const baseUrl = `http://127.0.0.1:${running.port}`;
  try {
    // Warm-up: JIT, database caches.
    const warm: Stats = { latencies: [], errors: 0, errorKinds: new Map() };
    await Promise.all(Array.from({ length: 5 }, (_unused, index) => chatUser(baseUrl, Date.now() + 5000, warm, index, [0, 0])));

    process.stderr.write(`chat-bench: ${CONCURRENCY} conversations for ${seconds} s (think time 3–9 s)…\n`);
    const chat: Stats = { latencies: [], errors: 0, errorKinds: new Map() };
    const chatUntil = Date.now() + seconds * 1000;
    await Promise.all(Array.from({ length: CONCURRENCY }, (_unused, index) => chatUser(baseUrl, chatUntil, chat, index, [3000, 9000])));

    const saturationSeconds = Math.max(5, Math.round(seconds / 3));
    process.stderr.write(`chat-bench: saturation, ${CONCURRENCY} conversations without think time for ${saturationSeconds} s…\n`);
    const saturated: Stats = { latencies: [], errors: 0, errorKinds: new Map() };
    const saturatedUntil = Date.now() + saturationSeconds * 1000;
    await Promise.all(Array.from({ length: CONCURRENCY }, (_unused, index) => chatUser(baseUrl, saturatedUntil, saturated, index, [0, 0])));

    const peerSeconds = Math.max(5, Math.round(seconds / 3));
    process.stderr.write(`chat-bench: peer, search alone, ${CONCURRENCY} concurrent for ${peerSeconds} s…\n`);
    const search: Stats = { latencies: [], errors: 0, errorKinds: new Map() };
    const searchUntil = Date.now() + peerSeconds * 1000;
    await Promise.all(Array.from({ length: CONCURRENCY }, (_unused, index) => searchUser(baseUrl, searchUntil, search, index)));

    const chatSorted = [...chat.latencies].sort((left, right) => left - right);
    const searchSorted = [...search.latencies].sort((left, right) => left - right);
    const p95 = percentile(chatSorted, 95);
    const lines = [
      "| part | concurrency | seconds | replies | throughput /s | p50 ms | p95 ms | p99 ms | errors |",
      "|---|---|---|---|---|---|---|---|---|",
      row("chat over Direct Line, think time 3–9 s (post → reply seen)", chat, seconds),
      row("chat over Direct Line, no think time (saturation)", saturated, saturationSeconds),
      row("peer: POST /api/search alone, no think time", search, peerSeconds),
      "",
      `Bot overhead at saturation: ${(saturated.latencies.length / saturationSeconds).toFixed(1)} chat turns/s vs ${(search.latencies.length / peerSeconds).toFixed(1)} searches/s, i.e. one turn costs ${((search.latencies.length / peerSeconds) / Math.max(saturated.latencies.length / saturationSeconds, 0.001)).toFixed(1)}× one search (a turn also stores the message and the reply, loads and saves the conversation state, checks for an active handoff, runs the alert and commute enrichers and records analytics; on embedded PGlite all of it shares one database thread).`,
      `Target p95 ≤ 150 ms and zero errors: ${p95 <= 150 && chat.errors === 0 ? "met" : "NOT met"} (p95 ${p95.toFixed(1)} ms, errors ${chat.errors}${chat.errorKinds.size ? `: ${[...chat.errorKinds].map(([kind, count]) => `${kind} ×${count}`).join(", ")}` : ""}). Database: ${running.knowledge.database.kind}; load average at the end ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores.`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await running.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
