import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startServer, type RunningServer } from "../../bot/index.js";
import { writeItems } from "../../ingest/index.js";
import { DEMO_DIR } from "../../ingest/index.js";
import { helsinkiDate, validateItem, type CanonicalItem } from "../../knowledge/index.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";
import { dialogSchema, judgeTurn, observeTurn, type BotActivity, type Dialog, type ObservedTurn } from "./judge-turn.js";

/** The bot counts as done with a turn after this much quiet, or after TURN_MAX_MS in all. */
const QUIET_MS = 1500;
const TURN_MAX_MS = 10_000;
const POLL_MS = 120;
/** Conversations played at once: each waits for quiet most of the time, so the server is not loaded. */
const CONCURRENT_DIALOGS = 6;
const PAGE_LOCALES = { fi: "fi-FI", sv: "sv-SE", en: "en-US" } as const;

export interface DialogEvalOptions {
  readonly dialogsFile: string;
  /** Items to load; default items.jsonl beside the dialogs, else the demo knowledge base. */
  readonly itemsFile?: string | undefined;
  readonly only?: ReadonlySet<string> | undefined;
  readonly verbose?: boolean | undefined;
  readonly reportFile?: string | undefined;
  readonly write?: ((text: string) => void) | undefined;
}

export interface TurnReport {
  readonly dialog: string;
  readonly language: string;
  readonly turn: number;
  readonly say: string | undefined;
  readonly tags: readonly string[];
  readonly passed: boolean;
  readonly failures: readonly string[];
  readonly seen: ObservedTurn;
}

export interface DialogEvalResult {
  readonly turns: readonly TurnReport[];
  readonly summary: string;
}

function readJsonl(file: string): unknown[] {
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .map((line, index) => ({ line: line.trim(), index }))
    .filter(({ line }) => line && !line.startsWith("//"))
    .map(({ line, index }) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (error) {
        throw new Error(`${file}:${index + 1}: not JSON`, { cause: error });
      }
    });
}

/** Dialogs of a file, validated; a bad line stops with the file, dialog and problem named. */
function readDialogs(file: string): Dialog[] {
  return readJsonl(file).map((raw, index) => {
    const parsed = dialogSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file}: dialog ${index + 1}: ${issue?.path.join(".") || "(dialog)"}: ${issue?.message ?? "invalid"}`);
    }
    return parsed.data;
  });
}

function itemFiles(options: DialogEvalOptions): string[] {
  if (options.itemsFile) return [options.itemsFile];
  const beside = path.join(path.dirname(options.dialogsFile), "items.jsonl");
  if (existsSync(beside)) return [beside];
  return readdirSync(DEMO_DIR)
    .filter((name) => name.endsWith(".jsonl"))
    .map((name) => path.join(DEMO_DIR, name));
}

/** A web chat conversation, as the page's Web Chat holds it, over the real Direct Line API. */
class Conversation {
  private token = "";
  private id = "";
  private watermark: string | undefined;
  private readonly userId = `dl_eval_${Math.random().toString(36).slice(2, 12)}`;

  constructor(
    private readonly base: string,
    private readonly page: Dialog["page"],
  ) {}

  private async http(method: string, route: string, body?: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.base}${route}`, {
      method,
      headers: { "content-type": "application/json", ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text.slice(0, 200)}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }

  private hints(): Record<string, string> {
    const hints: Record<string, string> = {};
    if (this.page?.municipality) hints.municipality = this.page.municipality;
    if (this.page?.language) hints.language = this.page.language;
    return hints;
  }

  async start(): Promise<void> {
    const generated = await this.http("POST", "/v3/directline/tokens/generate", { user: { id: this.userId } });
    this.token = String(generated.token);
    const started = await this.http("POST", "/v3/directline/conversations");
    this.id = String(started.conversationId ?? generated.conversationId);
    if (this.page) {
      // As the embedding page does on connect; the greeting is not judged.
      await this.post({ type: "event", name: "webchat/join", value: this.hints() });
      await this.collect();
    }
  }

  private async post(activity: Record<string, unknown>): Promise<void> {
    const body: Record<string, unknown> = { ...activity, from: { id: this.userId } };
    if (this.page) {
      body.channelData = { lahituki: this.hints() };
      if (this.page.language) body.locale = PAGE_LOCALES[this.page.language];
    }
    await this.http("POST", `/v3/directline/conversations/${encodeURIComponent(this.id)}/activities`, body);
  }

  async say(turn: Dialog["turns"][number]): Promise<BotActivity[]> {
    await this.post({ type: "message", ...(turn.say !== undefined ? { text: turn.say } : {}), ...(turn.value ? { value: turn.value } : {}) });
    return this.collect();
  }

  /** Bot messages until the bot has been quiet for QUIET_MS (or TURN_MAX_MS in all). */
  private async collect(): Promise<BotActivity[]> {
    const started = Date.now();
    let lastReplyAt: number | undefined;
    const replies: BotActivity[] = [];
    for (;;) {
      const query = this.watermark === undefined ? "" : `?watermark=${encodeURIComponent(this.watermark)}`;
      const page = await this.http("GET", `/v3/directline/conversations/${encodeURIComponent(this.id)}/activities${query}`);
      for (const activity of (page.activities ?? []) as Array<Record<string, unknown>>) {
        const from = activity.from as { role?: string; id?: string } | undefined;
        if (activity.type === "message" && (from?.role === "bot" || (from?.id !== undefined && from.id !== this.userId))) {
          replies.push(activity as BotActivity);
          lastReplyAt = Date.now();
        }
      }
      if (typeof page.watermark === "string") this.watermark = page.watermark;
      const now = Date.now();
      if (lastReplyAt !== undefined && now - lastReplyAt >= QUIET_MS) break;
      if (now - started >= TURN_MAX_MS) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return replies;
  }
}

async function playDialog(base: string, dialog: Dialog, today: string): Promise<TurnReport[]> {
  const conversation = new Conversation(base, dialog.page);
  await conversation.start();
  const reports: TurnReport[] = [];
  let previous: ObservedTurn | undefined;
  for (const [index, turn] of dialog.turns.entries()) {
    const seen = observeTurn(await conversation.say(turn));
    const failures = judgeTurn(turn.expect, seen, previous, today);
    reports.push({ dialog: dialog.id, language: dialog.language, turn: index + 1, say: turn.say, tags: turn.tags ?? [], passed: failures.length === 0, failures, seen });
    previous = seen;
  }
  return reports;
}

const percent = (pass: number, total: number) => (total === 0 ? "0%" : `${Math.round((1000 * pass) / total) / 10}%`);

/** Pass rates per turn, scenario, language and tag, with the last line in the evaluation sets' form. */
function summarise(turns: readonly TurnReport[]): string {
  const dialogs = [...new Set(turns.map((turn) => turn.dialog))];
  const passedDialogs = dialogs.filter((id) => turns.filter((turn) => turn.dialog === id).every((turn) => turn.passed));
  const tags = [...new Set(turns.flatMap((turn) => turn.tags))].sort();
  const lines = ["| tag | turns passed |", "|---|---:|"];
  for (const tag of tags) {
    const tagged = turns.filter((turn) => turn.tags.includes(tag));
    lines.push(`| ${tag} | ${tagged.filter((turn) => turn.passed).length}/${tagged.length} |`);
  }
  const byLanguage = ["fi", "sv", "en"]
    .map((language) => {
      const of = turns.filter((turn) => turn.language === language);
      return `${language} ${of.filter((turn) => turn.passed).length}/${of.length}`;
    })
    .join(" ");
  const passedTurns = turns.filter((turn) => turn.passed).length;
  lines.push(
    "",
    `dialogs: turns ${passedTurns}/${turns.length} (${percent(passedTurns, turns.length)}), scenarios ${passedDialogs.length}/${dialogs.length} (${percent(passedDialogs.length, dialogs.length)}), by language ${byLanguage}`,
  );
  return lines.join("\n");
}

/**
 * Plays scripted conversations through the real Direct Line API of a server started on a fresh
 * temporary data directory holding only the given items (no model, no sync, no mail, no Teams),
 * and judges every turn. The server and its files are removed afterwards.
 */
export async function evaluateDialogs(options: DialogEvalOptions): Promise<DialogEvalResult> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  let dialogs = readDialogs(options.dialogsFile);
  if (options.only) dialogs = dialogs.filter((dialog) => options.only!.has(dialog.id));
  const today = helsinkiDate();
  const items: CanonicalItem[] = [];
  for (const file of itemFiles(options)) {
    readJsonl(file).forEach((raw, index) => {
      const validation = validateItem(raw, { today });
      if (validation.ok) items.push(validation.item);
      else throw new Error(`${file}:${index + 1}: ${validation.issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ")}`);
    });
  }
  const directory = mkdtempSync(path.join(tmpdir(), "lahituki-dialogs-"));
  let running: RunningServer | undefined;
  try {
    const config = loadConfig({
      DATA_DIR: path.join(directory, "data"),
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      SEED_DEMO: "false",
      // Many conversations start from one address within a minute here.
      DIRECTLINE_TOKENS_PER_ADDRESS_PER_MINUTE: "100000",
    });
    running = await startServer(config, createSilentLogger());
    await writeItems({ store: running.knowledge.store, embedder: running.knowledge.embedder }, { source: "eval", items });
    const base = `http://127.0.0.1:${running.port}`;
    const results: TurnReport[][] = new Array(dialogs.length);
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < dialogs.length; index = next++) results[index] = await playDialog(base, dialogs[index]!, today);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENT_DIALOGS, dialogs.length) }, worker));
    const turns = results.flat();
    for (const turn of turns) {
      if (turn.passed && !options.verbose) continue;
      write(`${turn.passed ? "PASS" : "FAIL"} ${turn.dialog} turn ${turn.turn} (${turn.language}; ${turn.tags.join(", ")}): ${JSON.stringify(turn.say ?? "")}\n`);
      if (!turn.passed) write(`  failed: ${turn.failures.join("; ")}\n`);
      write(`  got:    outcome=${turn.seen.outcome ?? "-"} language=${turn.seen.language ?? "-"} sources=${JSON.stringify(turn.seen.sources)}\n`);
      write(`  text:   ${turn.seen.text.replace(/\s+/g, " ").slice(0, 300)}\n`);
    }
    const summary = summarise(turns);
    write(`\n${summary}\n`);
    if (options.reportFile) writeFileSync(options.reportFile, `${JSON.stringify(turns, null, 2)}\n`);
    return { turns, summary };
  } finally {
    await running?.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}
