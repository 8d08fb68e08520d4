import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import dotenv from "dotenv";
import { z } from "zod";
import { ConfigError } from "./errors.js";

/**
 * Environment booleans: `z.coerce.boolean()` would turn "false" into true, so parse words explicitly.
 */
const booleanFromEnv = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const optionalString = z
  .string()
  .transform((value) => value.trim())
  .pipe(z.string())
  .optional()
  .transform((value) => (value === "" ? undefined : value));

const positiveInt = (defaultValue: number) => z.coerce.number().int().positive().default(defaultValue);

/**
 * Every environment variable Lähituki reads. The README's configuration table mirrors this schema;
 * the `Config` type is inferred from it so the two can never drift.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default("0.0.0.0"),
  /** Public base URL of this deployment, used in the Teams manifest and links in cards. */
  PUBLIC_BASE_URL: z.url().default("http://localhost:3978"),

  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: optionalString.pipe(z.url().optional()),
  DATABASE_POOL_SIZE: positiveInt(10),
  /** Ingest the demo knowledge base when the store has no items at start. */
  SEED_DEMO: booleanFromEnv.default(true),

  EMBEDDER: z.enum(["local", "openai"]).optional(),
  LOCAL_EMBEDDER_DIMENSIONS: z.coerce.number().int().min(64).max(2000).default(384),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  /** Azure OpenAI needs an api-version query parameter; leave unset for OpenAI, Ollama and vLLM. */
  OPENAI_API_VERSION: optionalString,
  OPENAI_CHAT_MODEL: optionalString,
  OPENAI_EMBEDDING_MODEL: optionalString,
  OPENAI_EMBEDDING_DIMENSIONS: z.coerce.number().int().positive().max(2000).optional(),
  OPENAI_TIMEOUT_MS: positiveInt(8000),

  INGEST_MAX_FILE_MB: positiveInt(200),
});

export type Config = Readonly<z.infer<typeof configSchema>> & {
  /** Which embedder is active, derived: OpenAI-compatible when an embedding model is configured. */
  readonly embedder: "local" | "openai";
  readonly dataDir: string;
};

export type Environment = Record<string, string | undefined>;

export interface LoadConfigOptions {
  /** Path of an optional `.env` file; values in the real environment win over it. */
  readonly dotenvPath?: string;
}

/**
 * Parses and freezes the configuration. Unknown keys in `.env` and invalid values fail with one
 * error that names every offending variable, so a typo never silently falls back to a default.
 */
export function loadConfig(environment: Environment, options: LoadConfigOptions = {}): Config {
  const merged: Environment = {};
  const known = new Set(Object.keys(configSchema.shape));
  if (options.dotenvPath && existsSync(options.dotenvPath)) {
    const parsed = dotenv.parse(readFileSync(options.dotenvPath));
    const unknown = Object.keys(parsed).filter((key) => !known.has(key));
    if (unknown.length > 0) {
      throw new ConfigError(
        `Unknown variable${unknown.length > 1 ? "s" : ""} in ${options.dotenvPath}: ${unknown.join(", ")}`,
      );
    }
    Object.assign(merged, parsed);
  }
  for (const key of known) {
    const value = environment[key];
    if (value !== undefined) merged[key] = value;
  }
  for (const [key, value] of Object.entries(merged)) {
    if (value !== undefined && value.trim() === "") delete merged[key];
  }
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join(".") || "(environment)";
      return `${name}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const values = result.data;
  if (values.EMBEDDER === "openai" && !values.OPENAI_EMBEDDING_MODEL) {
    throw new ConfigError("Invalid configuration: EMBEDDER: 'openai' needs OPENAI_EMBEDDING_MODEL");
  }
  const embedder = values.EMBEDDER ?? (values.OPENAI_EMBEDDING_MODEL ? "openai" : "local");
  return Object.freeze({ ...values, embedder, dataDir: path.resolve(values.DATA_DIR) });
}
