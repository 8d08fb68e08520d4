import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { AppError } from "./errors.js";

export class UnauthorizedError extends AppError {
  constructor(message = "Authentication required", cause?: unknown) {
    super(message, { code: "unauthorized", status: 401, expose: true, cause });
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "Not allowed") {
    super(message, { code: "forbidden", status: 403, expose: true });
  }
}

export interface JwtVerifierOptions {
  /** JWKS endpoint (Entra ID: https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys). */
  readonly jwksUrl: string;
  readonly issuer?: string | readonly string[] | undefined;
  readonly audience?: string | readonly string[] | undefined;
}

/** Verifies signed bearer tokens (Teams SSO / Entra ID, or a local JWKS in tests). */
export interface JwtVerifier {
  verify(token: string): Promise<JWTPayload>;
}

export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const keys = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys, {
          ...(options.issuer ? { issuer: options.issuer as string | string[] } : {}),
          ...(options.audience ? { audience: options.audience as string | string[] } : {}),
          clockTolerance: 60,
        });
        return payload;
      } catch (error) {
        throw new UnauthorizedError("Invalid or expired token", error);
      }
    },
  };
}
