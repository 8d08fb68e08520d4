import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../support/chromium.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../bot/main.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const OUTPUT_DIR = path.resolve("test-output");
const dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-webchat-e2e-"));
const userDataDir = mkdtempSync(path.join(tmpdir(), "lahituki-webchat-chromium-"));

let running: RunningServer;
let browser: BrowserContext;
let page: Page;
let baseUrl: string;

/** axe-core run in the page; only serious and critical violations fail WCAG 2.1 AA here. */
async function seriousViolations(selector = "document"): Promise<Array<{ id: string; impact: string; targets: string[] }>> {
  await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(
    `axe.run(${selector}, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] })`,
  )) as { violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> };
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ id: violation.id, impact: violation.impact, targets: violation.nodes.map((node) => node.target.join(" ")) }));
}

beforeAll(async () => {
  const config = loadConfig({ DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", SEED_DEMO: "true" });
  running = await startServer(config, createSilentLogger());
  baseUrl = `http://127.0.0.1:${running.port}`;
  browser = await launchChromium(userDataDir);
  page = browser.pages()[0] ?? (await browser.newPage());
  await page.setViewportSize({ width: 1280, height: 900 });
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(userDataDir, { recursive: true, force: true });
});

describe("web chat page", () => {
  it("shows the privacy notice first, answers with a vacancy card, follows a suggested action and passes axe", async () => {
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(`${baseUrl}/`);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Työ ja koulutus");

    // Privacy notice before the first message: no chat input until it is accepted.
    const accept = page.getByRole("button", { name: "Hyväksyn ja aloitan keskustelun" });
    await accept.waitFor();
    expect(await page.locator(".webchat__send-box-text-box__input").count()).toBe(0);
    expect(await seriousViolations()).toEqual([]);
    await accept.click();

    const input = page.locator(".webchat__send-box-text-box__input");
    await input.waitFor({ timeout: 60_000 });
    // The greeting arrives after the join event.
    await page.getByText("Olen Lähituki", { exact: false }).first().waitFor({ timeout: 30_000 });
    await input.fill("Onko Kaustisella avoimia hitsaajan töitä?");
    await input.press("Enter");

    const card = page.locator(".ac-adaptiveCard", { hasText: "Hitsaaja-asentaja" }).first();
    await card.waitFor({ timeout: 30_000 });
    expect(await card.textContent()).toMatch(/Hakuaika päättyy \d+ päivän päästä/);

    const suggested = page.getByRole("button", { name: "Rajaa kunnan mukaan" }).last();
    await suggested.waitFor();
    await suggested.click();
    await page.getByText("Minkä kunnan tuloksia haluat nähdä?").first().waitFor({ timeout: 30_000 });
    const veteli = page.getByRole("button", { name: "Veteli", exact: true }).last();
    await veteli.waitFor();
    await veteli.click();
    await page.locator(".ac-adaptiveCard", { hasText: "Hitsaaja, kaksivuorotyö" }).first().waitFor({ timeout: 30_000 });

    const violations = await seriousViolations();
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT_DIR, "webchat.png"), fullPage: true });
    expect(violations).toEqual([]);

    // Everything came from this server: the Web Chat bundle is served locally, never from a CDN.
    const foreign = requests.filter((url) => !url.startsWith(baseUrl) && !url.startsWith("ws://127.0.0.1") && !url.startsWith("data:") && !url.startsWith("blob:"));
    expect(foreign).toEqual([]);
    expect(requests).toContain(`${baseUrl}/webchat/webchat.js`);
  });

  it("switches the page and the chat to Swedish", async () => {
    await page.getByRole("button", { name: "På svenska" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Arbete och utbildning");
    await page.getByText("vi fortsätter på svenska", { exact: false }).first().waitFor({ timeout: 30_000 });
  });
});
