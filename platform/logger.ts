import { pino, type Logger } from "pino";
import { redactText } from "./redact.js";

export type { Logger } from "pino";

export interface CreateLoggerOptions {
  readonly level: string;
  /** Where to write; defaults to stdout. CLIs that print JSON pass stderr. */
  readonly destination?: NodeJS.WritableStream;
}

/**
 * The one root logger. Secrets are removed by path; any string field still goes through the
 * personal-data redactor so an identity code typed by a user never reaches a log line.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: "lahituki" },
      redact: {
        paths: [
          "*.password",
          "*.token",
          "*.apiKey",
          "*.authorization",
          "req.headers.authorization",
          "headers.authorization",
          "config.OPENAI_API_KEY",
          "config.MicrosoftAppPassword",
        ],
        censor: "[redacted]",
      },
      formatters: {
        log(object) {
          return redactDeep(object) as Record<string, unknown>;
        },
      },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((argument) => (typeof argument === "string" ? redactText(argument) : argument));
          return method.apply(this, redacted as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? process.stdout,
  );
}

function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((entry) => redactDeep(entry, depth + 1));
  const output: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) output[key] = redactDeep(entry, depth + 1);
  return output;
}

/** A logger that writes nothing, for tests and quiet CLIs. */
export function createSilentLogger(): Logger {
  return pino({ level: "silent" });
}
