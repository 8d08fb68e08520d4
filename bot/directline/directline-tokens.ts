import { createHmac } from "node:crypto";
import { randomBytes } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { Database } from "../../platform/index.js";
import { UnauthorizedError } from "../../platform/index.js";

const ISSUER = "lahituki-directline";
const AUDIENCE = "lahituki-webchat";
const SECRET_KEY = "token_secret";

/** What a Direct Line token grants: one conversation, one user. */
export interface TokenClaims {
  readonly conversationId: string;
  readonly userId: string;
  /** Seconds since epoch. */
  readonly expiresAt: number;
}

/**
 * Short-lived HMAC-signed (HS256, jose) tokens bound to one conversation and one user id. The key
 * comes from DIRECTLINE_TOKEN_SECRET or is generated once and stored in `directline_settings`, so
 * every instance on the same database accepts every other's tokens.
 */
export class DirectLineTokens {
  private constructor(
    private readonly key: Uint8Array,
    readonly ttlSeconds: number,
  ) {}

  static async create(options: { database: Database; secret?: string | undefined; ttlSeconds: number }): Promise<DirectLineTokens> {
    const secret = options.secret ?? (await loadOrCreateSecret(options.database));
    return new DirectLineTokens(new TextEncoder().encode(secret), options.ttlSeconds);
  }

  async issue(binding: { conversationId: string; userId: string }): Promise<{ token: string; expiresIn: number }> {
    // Web Chat reads the user id from the `user` claim (as in Bot Framework Direct Line tokens).
    const token = await new SignJWT({ conv: binding.conversationId, user: binding.userId })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(binding.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
    return { token, expiresIn: this.ttlSeconds };
  }

  /**
   * A keyed hash of a client address: limits per address (vacancy submissions) count across
   * instances without any table holding the address itself.
   */
  clientKey(address: string): string {
    return createHmac("sha256", this.key).update(`client:${address.slice(0, 100)}`).digest("hex").slice(0, 32);
  }

  /** Verifies signature, issuer, audience and expiry; anything else is a 401. */
  async verify(token: string): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
      if (typeof payload.conv !== "string" || typeof payload.sub !== "string" || typeof payload.exp !== "number") {
        throw new UnauthorizedError("Token is missing its conversation or user");
      }
      return { conversationId: payload.conv, userId: payload.sub, expiresAt: payload.exp };
    } catch (error) {
      if (error instanceof UnauthorizedError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new UnauthorizedError("Token has expired", error);
      throw new UnauthorizedError("Token is not valid", error);
    }
  }
}

async function loadOrCreateSecret(database: Database): Promise<string> {
  const candidate = randomBytes(32).toString("base64url");
  // Insert-if-absent then read: two instances starting together agree on one key.
  await database.query("INSERT INTO directline_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", [SECRET_KEY, candidate]);
  const result = await database.query<{ value: string }>("SELECT value FROM directline_settings WHERE key = $1", [SECRET_KEY]);
  const value = result.rows[0]?.value;
  if (!value) throw new Error("Direct Line token secret could not be stored");
  return value;
}
