export { loadConfig, configSchema, type Config, type Environment } from "./config.js";
export { createLogger, createSilentLogger, type Logger } from "./logger.js";
export * from "./errors.js";
export {
  applyMigrations,
  openPgliteDatabase,
  openPostgresDatabase,
  type Database,
  type QueryResult,
  type SqlClient,
} from "./database.js";
export { acquireDataDirLock, isProcessAlive, readDataDirLock, type DataDirLock, type DataDirLockInfo } from "./data-dir-lock.js";
export { redactPersonalData, redactText, findEmailAddresses, MAX_REDACTED_CHARS, type PersonalDataKind } from "./redact.js";
export { createJwtVerifier, UnauthorizedError, ForbiddenError, type JwtVerifier } from "./jwt-verifier.js";
export { trimTrailing, replaceSpans, stripTags, escapeMarkdown, escapeHtml } from "./text.js";
