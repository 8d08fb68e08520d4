import { createServer, type Server } from "node:http";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJwtVerifier } from "../../platform/jwt-verifier.js";
import { call, startAdminTestServer, type AdminTestServer } from "../support/admin-test-server.js";

const ISSUER = "https://login.example/tenant-1/v2.0";
const AUDIENCE = "api://lahituki.example/admin";

let jwks: Server;
let jwksUrl: string;
let privateKey: CryptoKey;
let otherKey: CryptoKey;
let server: AdminTestServer;

async function ssoToken(claims: Record<string, unknown>, options: { key?: CryptoKey; audience?: string; expiresIn?: string } = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: "test-key" })
    .setIssuer(ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "10m")
    .sign(options.key ?? privateKey);
}

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair("RS256")).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  jwks = createServer((_request, response) => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
  const address = jwks.address();
  jwksUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/keys`;
  server = await startAdminTestServer({ jwtVerifier: createJwtVerifier({ jwksUrl, issuer: ISSUER, audience: AUDIENCE }) });
  await server.admin.repository.upsertEditor({
    user: "Maija Meikäläinen",
    role: "editor",
    allMunicipalities: false,
    municipalities: ["849"],
    entraObjectId: "oid-maija",
    principalName: "maija@toholampi.example",
  });
});

afterAll(async () => {
  await server?.close();
  await new Promise<void>((resolve) => jwks?.close(() => resolve()));
});

describe("Teams SSO sign-in", () => {
  it("accepts a verified token and looks up the editor's scope by oid", async () => {
    const response = await call(server.baseUrl, "GET", "/api/admin/me", { token: await ssoToken({ oid: "oid-maija" }) });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ user: "Maija Meikäläinen", municipalities: ["849"], via: "sso" });
  });

  it("never signs in by user name: another oid with an editor's preferred_username is refused", async () => {
    const token = await ssoToken({ oid: "oid-unknown", preferred_username: "MAIJA@toholampi.example" });
    expect((await call(server.baseUrl, "GET", "/api/admin/items?municipality=Toholampi", { token })).status).toBe(403);
  });

  it("refuses a signed-in person who is not an editor (403)", async () => {
    const response = await call(server.baseUrl, "GET", "/api/admin/me", { token: await ssoToken({ oid: "oid-stranger", preferred_username: "x@example.org" }) });
    expect(response.status).toBe(403);
  });

  it("refuses tokens with a wrong signature, audience or expiry (401)", async () => {
    for (const token of [
      await ssoToken({ oid: "oid-maija" }, { key: otherKey }),
      await ssoToken({ oid: "oid-maija" }, { audience: "api://someone-else" }),
      await ssoToken({ oid: "oid-maija" }, { expiresIn: "-5m" }),
    ]) {
      expect((await call(server.baseUrl, "GET", "/api/admin/me", { token })).status).toBe(401);
    }
  });
});
