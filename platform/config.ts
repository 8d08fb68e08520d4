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
const nonNegativeInt = (defaultValue: number) => z.coerce.number().int().min(0).default(defaultValue);

/** Comma-separated Statistics Finland municipality codes ("236,074"); two-digit codes are zero-padded. */
const municipalityCodeList = (defaultValue: string) =>
  z
    .string()
    .default(defaultValue)
    .transform((value) =>
      value
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean)
        .map((entry) => (/^\d{1,2}$/.test(entry) ? entry.padStart(3, "0") : entry)),
    )
    .pipe(z.array(z.string().regex(/^\d{3}$/, "expected three-digit municipality codes")).min(1));

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
  /**
   * PostgreSQL buffer pool of the embedded database, MB, or "auto": half the database found in
   * DATA_DIR at start, 80–512 MB. Resident for the life of the process
   * (docs/decisions/0003-bulk-load-indexes.md). Ignored with DATABASE_URL.
   */
  PGLITE_SHARED_BUFFERS_MB: z
    .union([z.literal("auto"), z.coerce.number().int().min(16).max(1024)])
    .default("auto"),
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

  /**
   * HMAC key for web chat (Direct Line) tokens, at least 32 characters. Unset: one is generated
   * on first start and stored in the database, so every instance on that database shares it.
   */
  DIRECTLINE_TOKEN_SECRET: optionalString.pipe(z.string().min(32).optional()),
  /** Lifetime of a web chat token in seconds; Web Chat refreshes it before it expires. */
  DIRECTLINE_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(1800),
  /** Messages one web chat conversation may post per minute before getting 429 and a polite notice. */
  CHAT_RATE_LIMIT_PER_MINUTE: positiveInt(30),
  /** New web chat conversations (tokens/generate) one client address may start per minute. */
  DIRECTLINE_TOKENS_PER_ADDRESS_PER_MINUTE: positiveInt(60),
  /** Every bot reply is sent within this many milliseconds; a slow model falls back to the extractive answer. */
  REPLY_BUDGET_MS: z.coerce.number().int().min(1000).max(60_000).default(12_000),
  /** Municipality (name or code) the demo page at `/` presets, e.g. Kaustinen; unset: none. */
  DEFAULT_MUNICIPALITY: optionalString,
  /** Who may show the demo page `/` in a frame (CSP frame-ancestors), e.g. `'self' https://www.kaustinen.fi`. */
  WEBCHAT_FRAME_ANCESTORS: z
    .string()
    .trim()
    .regex(/^('self'|'none'|https?:\/\/[^\s;,']+)( ('self'|https?:\/\/[^\s;,']+))*$/, "expected 'self', 'none' or space-separated https:// origins")
    .default("'self'"),
  /** Search results below this score are not shown in answers (0 keeps the searcher's own cut-off). */
  ANSWER_MIN_SCORE: z.coerce.number().min(0).max(1).default(0),

  /** Bot Framework / Entra app registration of the Teams bot; unset: `/api/messages` answers 503. */
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  /** `MultiTenant`, `SingleTenant` or `UserAssignedMSI`, as in the Azure Bot resource. */
  MicrosoftAppType: z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).default("MultiTenant"),
  /** Tenant of a SingleTenant/UserAssignedMSI bot. */
  MicrosoftAppTenantId: optionalString,
  /**
   * Development only: accept unauthenticated activities on `/api/messages` when no app id is set
   * (Bot Framework Emulator, protocol tests). Logged as a warning at start; never the default.
   */
  BOT_ALLOW_ANONYMOUS: booleanFromEnv.default(false),
  /**
   * OpenID metadata URL for tokens from the Bot Framework channel (botbuilder's `BotOpenIdMetadata`);
   * default the public cloud's. Tests point it at a local JWKS server.
   */
  BOT_OPENID_METADATA_URL: optionalString.pipe(z.url().optional()),
  /** Extra `validDomains` of the Teams app package (comma-separated host names). */
  TEAMS_VALID_DOMAINS: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((entry) => entry.trim()).filter(Boolean)),
  /** Teams app id (a GUID) for the manifest; default MicrosoftAppId. */
  TEAMS_APP_ID: optionalString,
  /** Advisors' office hours, Europe/Helsinki (`mon-fri 08:00-16:00`, `always`); Finnish public holidays are closed. */
  OFFICE_HOURS: z.string().default("mon-fri 08:00-16:00"),
  /** Per employment area overrides: `keski-pohjanmaa=mon-fri 08:00-15:00; pohjoinen-keski-suomi=always`. */
  OFFICE_HOURS_BY_AREA: optionalString,
  /** Minutes a live handoff may wait unclaimed before the partner area's channel is notified. */
  HANDOFF_ESCALATE_MINUTES: z.coerce.number().positive().default(10),
  /**
   * Minutes a live handoff may wait unclaimed before it ends and the person is returned to the bot
   * with the service's contacts (nobody is left waiting with a silent bot).
   */
  HANDOFF_WAIT_EXPIRE_MINUTES: z.coerce.number().positive().default(120),
  /** Hours a claimed handoff may stay without any relayed message before it is closed. */
  HANDOFF_IDLE_CLOSE_HOURS: z.coerce.number().positive().default(12),
  /** Default advisor channel per employment area: `keski-pohjanmaa=19:…@thread.tacv2; …`. */
  HANDOFF_AREA_CHANNELS: optionalString,
  /** Partner areas for escalation: `keski-pohjanmaa=pohjoinen-keski-suomi; …` (default: the next area). */
  ADVISOR_PARTNER_AREAS: optionalString,
  /** Language of advisor-facing cards and messages. */
  ADVISOR_LANGUAGE: z.enum(["fi", "en"]).default("fi"),
  /** How often the handoff delivery worker looks for undelivered messages, in milliseconds. */
  HANDOFF_OUTBOX_POLL_MS: positiveInt(1000),
  /** JWKS for advisor console tokens (Entra ID: https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys). */
  AUTH_JWKS_URL: optionalString.pipe(z.url().optional()),
  /** Expected `iss` of advisor tokens. */
  AUTH_ISSUER: optionalString,
  /** Expected `aud` of advisor tokens (the Teams tab's app id URI or client id). */
  AUTH_AUDIENCE: optionalString,
  /**
   * Token `roles`/`groups` values → employment areas an advisor sees: `Advisors.KP=keski-pohjanmaa;
   * Advisors.All=*`. A role or group equal to an area id also grants that area.
   */
  ADVISOR_AREA_MAP: optionalString,

  /**
   * Minutes between scheduled syncs of each configured public source (ingest/sources/); 0 = off.
   * Off by default so `npm start` makes no network calls. Per-source overrides below.
   */
  SYNC_INTERVAL_MINUTES: nonNegativeInt(0),
  /** Override of SYNC_INTERVAL_MINUTES for PTV; 0 = off for this source. */
  PTV_SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(0).optional(),
  /** Override of SYNC_INTERVAL_MINUTES for Työmarkkinatori; 0 = off for this source. */
  TMT_SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(0).optional(),
  /** Override of SYNC_INTERVAL_MINUTES for Opintopolku/Konfo; 0 = off for this source. */
  KONFO_SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(0).optional(),
  /** Override of SYNC_INTERVAL_MINUTES for the JSON-LD job postings; 0 = off for this source. */
  JSONLD_SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(0).optional(),
  /** Time limit of one HTTP request of a source sync (headers and body), in milliseconds. */
  SYNC_HTTP_TIMEOUT_MS: positiveInt(30_000),
  /** Retries of one request after HTTP 429/5xx or a network error, with exponential back-off. */
  SYNC_HTTP_RETRIES: nonNegativeInt(3),
  /** Suomi.fi Palvelutietovaranto Open API (v11, no key). */
  PTV_BASE_URL: z.url().default("https://api.palvelutietovaranto.suomi.fi"),
  /** Statistics Finland codes whose PTV services and service channels are synced (comma-separated). */
  PTV_MUNICIPALITY_CODES: municipalityCodeList("236,074,421,584,849,924"),
  /** Työmarkkinatori retrieval API (KEHA-keskus Kipa gateway). */
  TMT_BASE_URL: z.url().default("https://api.ahtp.fi"),
  /** `KIPA-Subscription-Key` issued by KEHA-keskus; the Työmarkkinatori source is off without it. */
  TMT_SUBSCRIPTION_KEY: optionalString,
  /** Job postings located in these municipalities are kept (default: Keski-Pohjanmaan työllisyysalue). */
  TMT_MUNICIPALITY_CODES: municipalityCodeList("236,074,421,584,849,924,272,217"),
  /** Opintopolku, whose Konfo external API lists training (no key). */
  KONFO_BASE_URL: z.url().default("https://opintopolku.fi"),
  /** Municipalities whose labour-market training (työvoimakoulutus) is synced from Konfo. */
  KONFO_MUNICIPALITY_CODES: municipalityCodeList("236,074,421,584,849,924,272,217"),
  /**
   * Optional path of ESCO's `occupations_<lang>.csv` download (columns conceptUri, iscoGroup) so
   * every ESCO occupation of a Työmarkkinatori posting maps to an ISCO-08 code.
   */
  ESCO_OCCUPATIONS_CSV: optionalString,
  /** Employers' pages or files with schema.org JobPosting JSON-LD (comma-separated URLs or local paths). */
  JSONLD_URLS: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((entry) => entry.trim()).filter(Boolean)),

  /** Largest file accepted by `POST /api/admin/uploads`, in MB; bigger uploads are cut off with 413. */
  ADMIN_UPLOAD_MAX_MB: positiveInt(20),
  /** Time an upload's parser may run (a looping PDF is stopped), in milliseconds. */
  ADMIN_UPLOAD_PARSE_TIMEOUT_MS: positiveInt(20_000),
  /** Memory limit (resident and heap) of the process that parses an upload or a PDF of it, in MB. */
  ADMIN_UPLOAD_PARSE_MEMORY_MB: positiveInt(512),
  /** Imports through the server (uploads, `npm run ingest` while it runs) go one at a time; this many more wait, further ones get 503. */
  IMPORT_QUEUE_MAX_WAITING: z.coerce.number().int().min(0).max(100).default(3),
  /** JWKS of the identity provider for Teams SSO in the admin UI (Entra ID: …/discovery/v2.0/keys); unset: API tokens only. */
  ADMIN_JWKS_URL: optionalString.pipe(z.url().optional()),
  /** Expected `iss` of admin SSO tokens (e.g. https://login.microsoftonline.com/{tenant}/v2.0). */
  ADMIN_ISSUER: optionalString,
  /** Expected `aud` of admin SSO tokens (the Teams tab's app id URI or client id). */
  ADMIN_AUDIENCE: optionalString,
  /** Items expiring within this many days are listed as "expiring soon" (UI and digest). */
  ADMIN_EXPIRING_DAYS: positiveInt(7),
  /** Items not updated for this many days are listed as stale (UI and digest). */
  ADMIN_STALE_DAYS: positiveInt(180),
  /** Weekly freshness digest to municipalities' Teams channels: "mon 08:00" (Europe/Helsinki) or "off". */
  DIGEST_SCHEDULE: z
    .string()
    .trim()
    .regex(/^(off|(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):[0-5]\d)$/i, 'expected "off" or e.g. "mon 08:00"')
    .default("mon 08:00"),
  /** Conversations, handoff messages, contact details and analytics older than this many days are deleted daily. */
  RETENTION_DAYS: positiveInt(90),

  /** Job alerts expire this many days after subscribing or renewing (docs/decisions/0050-alerts.md). */
  ALERT_TTL_DAYS: positiveInt(90),
  /** Seconds between job-alert rounds: scan for new items, deliver what is due (one message a day per person). */
  ALERT_INTERVAL_SECONDS: positiveInt(60),
  /** SMTP server for alert e-mails, e.g. `smtp://user:pass@mail.example.fi:587`; unset = no e-mail alerts. */
  SMTP_URL: optionalString.pipe(z.url().optional()),
  /** Sender of alert e-mails, e.g. `Lähituki <lahituki@kaustinen.fi>`. */
  SMTP_FROM: z.string().trim().min(3).default("Lähituki <no-reply@localhost>"),
  /** Results within this many km of the person's home municipality count as near (straight line). */
  COMMUTE_NEAR_KM: positiveInt(30),

  /** Vacancies an employer may submit from one conversation in 24 hours (more are refused with a clear answer). */
  SUBMISSIONS_PER_CONVERSATION_PER_DAY: positiveInt(3),
  /** Vacancies submitted from one client address (web) or Teams user in 24 hours. */
  SUBMISSIONS_PER_CLIENT_PER_DAY: positiveInt(10),
  /** Pending vacancy submissions older than this many days are listed in the weekly digest. */
  SUBMISSION_REVIEW_DAYS: positiveInt(3),
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
  // Entra ID signs every tenant's tokens with the same keys: without an issuer and audience, a JWKS
  // URL alone would let any tenant's users in.
  const missing: string[] = [];
  if (values.AUTH_JWKS_URL) {
    if (!values.AUTH_ISSUER) missing.push("AUTH_ISSUER");
    if (!values.AUTH_AUDIENCE) missing.push("AUTH_AUDIENCE");
  }
  if (values.ADMIN_JWKS_URL || values.AUTH_JWKS_URL) {
    if (!(values.ADMIN_ISSUER ?? values.AUTH_ISSUER)) missing.push("ADMIN_ISSUER");
    if (!(values.ADMIN_AUDIENCE ?? values.AUTH_AUDIENCE)) missing.push("ADMIN_AUDIENCE");
  }
  if (missing.length > 0) {
    throw new ConfigError(`Invalid configuration: ${[...new Set(missing)].map((name) => `${name} is required when a JWKS URL is set`).join("; ")}`);
  }
  if (values.EMBEDDER === "openai" && !values.OPENAI_EMBEDDING_MODEL) {
    throw new ConfigError("Invalid configuration: EMBEDDER: 'openai' needs OPENAI_EMBEDDING_MODEL");
  }
  const embedder = values.EMBEDDER ?? (values.OPENAI_EMBEDDING_MODEL ? "openai" : "local");
  return Object.freeze({ ...values, embedder, dataDir: path.resolve(values.DATA_DIR) });
}
