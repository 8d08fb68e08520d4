import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../support/chromium.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../bot/main.js";
import { createProactivePersonChannel } from "../../bot/handoff/conversation-handoff-port.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";
import { startJwksServer, type JwksServer } from "../support/jwks-server.js";
import { createRecordingProactiveChannel } from "../support/recording-proactive-channel.js";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const AUDIENCE = "api://lahituki.test/advisor";
const dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-advisor-e2e-"));
const userDataDir = mkdtempSync(path.join(tmpdir(), "lahituki-advisor-chromium-"));
const person = createRecordingProactiveChannel(["directline"]);

let jwks: JwksServer;
let running: RunningServer;
let browser: BrowserContext;
let page: Page;
let baseUrl: string;
let kaustinenHandoffId: string;
let aanekoskiHandoffId: string;

async function seriousViolations(): Promise<Array<{ id: string; impact: string; nodes: number }>> {
  await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(`axe.run(document, { resultTypes: ["violations"] })`)) as {
    violations: Array<{ id: string; impact: string; nodes: unknown[] }>;
  };
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.length }));
}

async function requestHandoff(conversationId: string, municipality: string, summary: string): Promise<string> {
  await running.handoff.port.request({
    conversationId,
    channel: "directline",
    address: { channelId: "directline", conversationId },
    language: "fi",
    municipality,
    summary,
    transcript: [{ role: "user", text: summary, at: new Date().toISOString() }],
    consentToTranscript: true,
    trigger: "explicit",
  });
  const handoff = await running.handoff.service.active(conversationId);
  return handoff!.id;
}

beforeAll(async () => {
  jwks = await startJwksServer();
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
    BOT_ALLOW_ANONYMOUS: "true",
    OFFICE_HOURS: "always",
    AUTH_JWKS_URL: jwks.jwksUrl,
    AUTH_ISSUER: jwks.issuer,
    AUTH_AUDIENCE: AUDIENCE,
    ADVISOR_AREA_MAP: "Advisors.KP=keski-pohjanmaa",
  });
  running = await startServer(config, createSilentLogger());
  running.handoff.addPersonChannel(createProactivePersonChannel(person.channel));
  baseUrl = `http://127.0.0.1:${running.port}`;
  kaustinenHandoffId = await requestHandoff("dl-e2e-kaustinen", "236", "Haluaisin apua työnhakuun Kaustisella");
  aanekoskiHandoffId = await requestHandoff("dl-e2e-aanekoski", "992", "Kysymys Äänekosken palveluista");
  browser = await launchChromium(userDataDir);
  page = browser.pages()[0] ?? (await browser.newPage());
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
  await jwks?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(userDataDir, { recursive: true, force: true });
});

describe("advisor console as a Teams static tab", () => {
  it("signs in with the Teams SSO token instead of asking for one", async () => {
    const token = await jwks.sign({ sub: "cecilia-sub", name: "Cecilia Neuvoja", roles: ["Advisors.KP"] }, { audience: AUDIENCE });
    const tab = await browser.newPage();
    // Stands in for the Teams host: the same teams-js calls the page makes in Teams.
    await tab.route("**/advisor/vendor/teams.js", (route) =>
      route.fulfill({
        contentType: "application/javascript",
        body: `window.microsoftTeams = { app: { initialize: async () => {}, getContext: async () => ({ user: { id: "cecilia" } }) },
          authentication: { getAuthToken: async () => ${JSON.stringify(token)} } };`,
      }),
    );
    await tab.goto(`${baseUrl}/advisor?inTeams=1`);
    await expect.poll(() => tab.locator("#who").innerText()).toBe("Cecilia Neuvoja");
    expect(await tab.locator("#sign-in").isHidden()).toBe(true);
    await tab.getByRole("table", { name: /Odottavat/ }).waitFor();
    await tab.close();
  });
});

describe("advisor console outside Teams", () => {
  it("refuses access without authentication", async () => {
    expect((await fetch(`${baseUrl}/advisor/api/handoffs`)).status).toBe(401);
    const forged = await jwks.signForged({ sub: "x", roles: ["Advisors.KP"] }, { audience: AUDIENCE });
    expect((await fetch(`${baseUrl}/advisor/api/handoffs`, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    const response = await page.goto(`${baseUrl}/advisor`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await page.getByRole("heading", { name: "Kirjaudu sisään" }).waitFor();
    expect(await page.locator("#queue").isHidden()).toBe(true);
    await page.getByRole("button", { name: "Kirjaudu" }).click();
    await expect.poll(() => page.locator("#status").innerText()).toContain("Anna käyttöoikeustunnus");
    expect(await seriousViolations()).toEqual([]);
  });

  it("signs in, shows the waiting handoff of the advisor's own area only, and claims it", async () => {
    const token = await jwks.sign({ sub: "anna-sub", oid: "anna-oid", name: "Anna Neuvoja", roles: ["Advisors.KP"] }, { audience: AUDIENCE });
    const other = await fetch(`${baseUrl}/advisor/api/handoffs/${aanekoskiHandoffId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(other.status).toBe(403);

    await page.locator("#token-input").fill(token);
    await page.getByRole("button", { name: "Kirjaudu" }).click();
    const waiting = page.getByRole("table", { name: /Odottavat/ });
    await waiting.waitFor();
    await expect.poll(() => waiting.innerText()).toContain("Kaustinen");
    expect(await waiting.innerText()).not.toContain("Äänekoski");
    expect(await page.locator("#who").innerText()).toBe("Anna Neuvoja");
    expect(await seriousViolations()).toEqual([]);

    await page.getByRole("button", { name: /Ota hoitoon: Kaustinen/ }).click();
    await expect.poll(() => page.locator("#status").innerText()).toContain("Otit pyynnön hoitoon");
    const claimed = page.getByRole("table", { name: /Hoidossa/ });
    await expect.poll(() => claimed.innerText()).toContain("Hoidossa: Anna Neuvoja");
    expect((await running.handoff.repository.getHandoff(kaustinenHandoffId))?.claimedBy?.name).toBe("Anna Neuvoja");
    await person.waitFor("dl-e2e-kaustinen", (text) => text.includes("Neuvoja Anna liittyi"));

    await page.getByRole("button", { name: /Tiedot: Kaustinen/ }).click();
    await page.getByRole("heading", { name: "Jaettu keskustelu" }).waitFor();
    expect(await page.locator("#detail-body").innerText()).toContain("Haluaisin apua työnhakuun Kaustisella");
    expect(await seriousViolations()).toEqual([]);
    await page.screenshot({ path: path.join("test-output", "advisor-console.png"), fullPage: true });

    // A colleague who tries to claim it too is told who has it; Anna can close it.
    const ben = await jwks.sign({ sub: "ben-sub", name: "Ben Neuvoja", roles: ["Advisors.KP"] }, { audience: AUDIENCE });
    const late = await fetch(`${baseUrl}/advisor/api/handoffs/${kaustinenHandoffId}/claim`, { method: "POST", headers: { authorization: `Bearer ${ben}` } });
    expect(late.status).toBe(409);
    expect(JSON.stringify(await late.json())).toContain("Anna Neuvoja");
    const closed = await fetch(`${baseUrl}/advisor/api/handoffs/${kaustinenHandoffId}/close`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect(((await closed.json()) as { handoff: { state: string } }).handoff.state).toBe("closed");
    await person.waitFor("dl-e2e-kaustinen", (text) => text.includes("päätti keskustelun"));
  });
});
