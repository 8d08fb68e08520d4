import { createHash, randomBytes } from "node:crypto";

/** Prefix that makes a leaked token recognisable to secret scanners and people. */
const TOKEN_PREFIX = "lt_";

/**
 * A new personal API token: 256 random bits. Only its SHA-256 is stored; a slow password hash
 * would add nothing for a value nobody can guess (see docs/decisions/0040).
 */
export function generateApiToken(): { token: string; hash: string; prefix: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashApiToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** True for strings shaped like our tokens (JWTs have dots; ours never do). */
export function looksLikeApiToken(value: string): boolean {
  return value.startsWith(TOKEN_PREFIX) && /^[A-Za-z0-9_-]+$/.test(value) && value.length >= 40;
}
