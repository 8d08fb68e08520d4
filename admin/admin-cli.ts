import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../knowledge/index.js";
import { municipalityName } from "../knowledge/index.js";
import { applyMigrations, createLogger, DataDirLockedError, describeError, loadConfig, readDataDirLock } from "../platform/index.js";
import { adminCommandSchema, runAdminCommand, type AdminCommand } from "./admin-commands.js";
import { AdminRepository } from "./admin-repository.js";
import { LOCAL_ADMIN_PATH } from "./local-admin-http.js";
import { LOCAL_SECRET_HEADER } from "../ingest/index.js";

const USAGE = `Usage: npm run admin -- COMMAND [options]

Commands:
  create-token --user NAME --municipality NAME|all [--municipality NAME ...] [--role editor|admin]
                 Registers (or updates) the editor and prints a new personal API token on the
                 last line. "all" = the whole employment area (an area admin unless --role editor).
  revoke-token --user NAME
                 Revokes every token of the editor.
  list-tokens    Lists editors and their tokens (prefixes only).
  erase --conversation ID
                 Erases one person's conversation everywhere (state, transcripts, handoffs,
                 analytics); logged in the audit log without the erased content.
  retention [--days N]
                 Deletes conversation data older than RETENTION_DAYS (default 90) now.

Options: --json prints one JSON object.
When a server holds DATA_DIR, the command runs through it; otherwise the database is opened here.`;

function buildCommand(name: string | undefined, values: Record<string, string | boolean | string[] | undefined>): AdminCommand {
  const raw: Record<string, unknown> = { command: name };
  if (name === "create-token") {
    raw.user = values.user;
    raw.municipalities = values.municipality;
    if (values.role) raw.role = values.role;
  } else if (name === "revoke-token") {
    raw.user = values.user;
  } else if (name === "erase") {
    raw.conversation = values.conversation;
  } else if (name === "retention" && values.days !== undefined) {
    raw.days = Number(values.days);
  }
  const parsed = adminCommandSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") ?? "";
    const flag = { municipalities: "--municipality", user: "--user", conversation: "--conversation", days: "--days", role: "--role", command: "COMMAND" }[field] ?? field;
    throw new UsageError(`${flag || "arguments"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

class UsageError extends Error {}

async function runThroughServer(
  holder: { pid: number; port?: number | undefined; secret: string },
  command: AdminCommand,
  actor: string,
): Promise<Record<string, unknown>> {
  if (!holder.port) {
    throw new DataDirLockedError(
      `The embedded database is in use by process ${holder.pid}, which is not serving HTTP yet. Try again in a moment or stop it.`,
      { pid: holder.pid },
    );
  }
  process.stderr.write(`The server (pid ${holder.pid}) holds DATA_DIR; running through it on port ${holder.port}.\n`);
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${holder.port}${LOCAL_ADMIN_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", [LOCAL_SECRET_HEADER]: holder.secret },
      body: JSON.stringify({ ...command, actor }),
    });
  } catch (error) {
    throw new Error(`Could not reach the server holding DATA_DIR on port ${holder.port}; is it still starting or stuck?`, { cause: error });
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
    } catch {
      // Not JSON: show as is.
    }
    throw new Error(`The running server refused the command (HTTP ${response.status}): ${message}`);
  }
  return JSON.parse(text) as Record<string, unknown>;
}

function print(command: AdminCommand, result: Record<string, unknown>, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  switch (command.command) {
    case "create-token": {
      const scope = result.allMunicipalities
        ? "the whole employment area"
        : (result.municipalities as string[]).map((code) => `${municipalityName(code) ?? code} (${code})`).join(", ");
      process.stdout.write(`Token for ${String(result.user)} (${String(result.role)}, ${scope}). It is shown only once; store it safely:\n`);
      process.stdout.write(`${String(result.token)}\n`);
      return;
    }
    case "revoke-token":
      process.stdout.write(`Revoked ${String(result.revoked)} token(s) of ${String(result.user)}.\n`);
      return;
    case "list-tokens": {
      const editors = result.editors as Array<{ user: string; role: string; allMunicipalities: boolean; municipalities: string[] }>;
      const tokens = result.tokens as Array<{ user: string; prefix: string; createdAt: string; lastUsedAt?: string; revokedAt?: string }>;
      for (const editor of editors) {
        process.stdout.write(`${editor.user}\t${editor.role}\t${editor.allMunicipalities ? "all" : editor.municipalities.join(",")}\n`);
        for (const token of tokens.filter((entry) => entry.user === editor.user)) {
          const state = token.revokedAt ? `revoked ${token.revokedAt}` : `active${token.lastUsedAt ? `, last used ${token.lastUsedAt}` : ""}`;
          process.stdout.write(`  ${token.prefix}…\tcreated ${token.createdAt}\t${state}\n`);
        }
      }
      if (editors.length === 0) process.stdout.write("No editors yet. Create one with create-token.\n");
      return;
    }
    case "erase":
    case "retention": {
      const rows = result.rows as Record<string, number>;
      process.stdout.write(`Deleted ${String(result.total)} row(s).\n`);
      for (const [table, count] of Object.entries(rows)) process.stdout.write(`  ${table}: ${count}\n`);
    }
  }
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        user: { type: "string" },
        municipality: { type: "string", multiple: true },
        role: { type: "string" },
        conversation: { type: "string" },
        days: { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help || positionals.length === 0) {
    (values.help ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  let command: AdminCommand;
  try {
    command = buildCommand(positionals[0], values);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  const config = loadConfig(process.env, { dotenvPath: path.resolve(".env") });
  const logger = createLogger({ level: "warn", destination: process.stderr });
  const actor = process.env.USER ?? "unknown";
  const holder = config.DATABASE_URL ? undefined : readDataDirLock(config.dataDir);
  let result: Record<string, unknown>;
  if (holder) {
    result = await runThroughServer(holder, command, actor);
  } else {
    // Nobody holds DATA_DIR (or PostgreSQL is used): open it here; the lock stops a server starting meanwhile.
    const { database, lock } = await openDatabase(config, logger);
    try {
      await applyMigrations(database, logger);
      result = await runAdminCommand(
        { database, repository: new AdminRepository(database), retentionDays: config.RETENTION_DAYS, actor: `cli:${actor}` },
        command,
      );
    } finally {
      await database.close();
      lock?.release();
    }
  }
  print(command, result, values.json);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`admin failed: ${describeError(error)}\n`);
    process.exit(1);
  },
);
