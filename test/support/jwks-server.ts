import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from "jose";

/**
 * A local identity provider for tests: OpenID metadata at `/.well-known/openid-configuration`,
 * keys at `/keys`, and a signer for tokens with those keys (and with a foreign key, for forged
 * tokens). Serves botbuilder's inbound token validation (`BotOpenIdMetadata`) and the
 * `platform/jwt-verifier.ts` JWKS alike.
 */
export interface JwksServer {
  readonly url: string;
  readonly openIdMetadataUrl: string;
  readonly jwksUrl: string;
  readonly issuer: string;
  /** Signs claims with the served key; `expiresInSeconds` may be negative for expired tokens. */
  sign(claims: JWTPayload, options?: SignOptions): Promise<string>;
  /** Signs with a key that is NOT served, under the served key id (a forged token). */
  signForged(claims: JWTPayload, options?: SignOptions): Promise<string>;
  close(): Promise<void>;
}

export interface SignOptions {
  readonly expiresInSeconds?: number;
  readonly issuer?: string;
  readonly audience?: string;
}

export interface JwksServerOptions {
  /** `iss` used when a token does not set one; default the server's own URL. */
  readonly issuer?: string;
  /** Bot Framework keys list the channels they may sign for. */
  readonly endorsements?: readonly string[];
}

export async function startJwksServer(options: JwksServerOptions = {}): Promise<JwksServer> {
  const keyId = "test-key-1";
  const served = await generateKeyPair("RS256", { extractable: true });
  const foreign = await generateKeyPair("RS256", { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(served.publicKey)), kid: keyId, alg: "RS256", use: "sig" };
  if (options.endorsements) (publicJwk as JWK & { endorsements: string[] }).endorsements = [...options.endorsements];

  let baseUrl = "";
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (path === "/.well-known/openid-configuration") {
      response.setHeader("content-type", "application/json");
      response.end(
        JSON.stringify({
          issuer: options.issuer ?? baseUrl,
          jwks_uri: `${baseUrl}/keys`,
          id_token_signing_alg_values_supported: ["RS256"],
          token_endpoint_auth_methods_supported: ["private_key_jwt"],
        }),
      );
      return;
    }
    if (path === "/keys") {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ keys: [publicJwk] }));
      return;
    }
    response.statusCode = 404;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const defaultIssuer = options.issuer ?? baseUrl;

  async function signWith(key: CryptoKey | Parameters<SignJWT["sign"]>[0], claims: JWTPayload, signOptions: SignOptions = {}) {
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = signOptions.expiresInSeconds ?? 3600;
    let jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: keyId, typ: "JWT" })
      .setIssuer(signOptions.issuer ?? (claims.iss as string | undefined) ?? defaultIssuer)
      .setIssuedAt(now - 600 + (expiresIn < 0 ? expiresIn : 0))
      .setNotBefore(now - 600 + (expiresIn < 0 ? expiresIn : 0))
      .setExpirationTime(now + expiresIn);
    const audience = signOptions.audience ?? (claims.aud as string | undefined);
    if (audience) jwt = jwt.setAudience(audience);
    return jwt.sign(key);
  }

  return {
    url: baseUrl,
    openIdMetadataUrl: `${baseUrl}/.well-known/openid-configuration`,
    jwksUrl: `${baseUrl}/keys`,
    issuer: defaultIssuer,
    sign: (claims, signOptions) => signWith(served.privateKey, claims, signOptions),
    signForged: (claims, signOptions) => signWith(foreign.privateKey, claims, signOptions),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
