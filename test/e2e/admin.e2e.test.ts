import { createSqlInsightSource } from "../../bot/insight-source.js";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../support/chromium.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Server } from "node:http";
import { createApp } from "../../bot/app.js";
import { createAdminModule } from "../../admin/admin-module.js";
import { HybridSearcher } from "../../knowledge/hybrid-search.js";
import { openKnowledgeBase, type KnowledgeBase } from "../../knowledge/knowledge-base.js";
import { createSearchRouter, SEARCH_PATH } from "../../knowledge/search-http.js";
import { loadConfig } from "../../platform/config.js";
import { createSilentLogger } from "../../platform/logger.js";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-admin-e2e-"));
const userDataDir = mkdtempSync(path.join(tmpdir(), "lahituki-admin-chromium-"));

let knowledge: KnowledgeBase;
let server: Server;
let browser: BrowserContext;
let page: Page;
let baseUrl: string;
let token: string;
let adminToken: string;

const TITLE = "Metsäkoneenkuljettajan kesätyö Kaustisella";
const CSV = [
  "id,kind,title,description,municipality,validUntil",
  `e2e-1,vacancy,${TITLE},"Kesätyö metsäkoneenkuljettajana, harvesteri ja kuormatraktori.",Kaustinen,2099-06-30`,
  "e2e-2,vacancy,Rikkinäinen ilmoitus,Päivämäärä on väärässä muodossa.,Kaustinen,30.6.2099",
].join("\n");

async function search(query: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/api/search`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, limit: 20 }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { results: Array<{ id: string }> };
  return body.results.map((result) => result.id);
}

/** axe-core in the page (evaluated through DevTools, so the page's strict CSP stays on). */
async function seriousViolations(): Promise<Array<{ id: string; impact: string; nodes: number }>> {
  await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(`axe.run(document, { resultTypes: ["violations"] })`)) as {
    violations: Array<{ id: string; impact: string; nodes: unknown[] }>;
  };
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.length }));
}

beforeAll(async () => {
  // The same route modules bot/main.ts mounts (admin API and UI, /api/search) over a fresh DATA_DIR.
  const config = loadConfig({ DATA_DIR: dataDir, SEED_DEMO: "false", LOG_LEVEL: "silent" });
  const logger = createSilentLogger();
  knowledge = await openKnowledgeBase(config, logger);
  const admin = createAdminModule({ ...knowledge, logger, config, insights: createSqlInsightSource(knowledge.database) });
  const searcher = new HybridSearcher({ database: knowledge.database, embedder: knowledge.embedder, logger });
  const app = createApp({ logger, isReady: () => true }, [
    { path: SEARCH_PATH, router: createSearchRouter({ searcher, logger }) },
    { path: "/api/admin", router: admin.apiRouter },
    { path: "/admin", router: admin.uiRouter },
  ]);
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  server.keepAliveTimeout = 120_000;
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  await admin.repository.upsertEditor({ user: "eeva", role: "editor", allMunicipalities: false, municipalities: ["236"] });
  token = (await admin.repository.createToken("eeva")).token;
  await admin.repository.upsertEditor({ user: "antti", role: "admin", allMunicipalities: true, municipalities: [] });
  adminToken = (await admin.repository.createToken("antti")).token;
  browser = await launchChromium(userDataDir);
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on("dialog", (dialog) => void dialog.accept());
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await knowledge?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(userDataDir, { recursive: true, force: true });
});

describe("admin UI", () => {
  it("serves /admin with a strict Content-Security-Policy", async () => {
    const response = await page.goto(`${baseUrl}/admin`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    expect(response?.headers()["content-security-policy"]).not.toContain("unsafe-inline");
    await page.locator("#language-select").selectOption("en");
    await expect.poll(() => page.getByRole("heading", { name: "Sign in" }).isVisible()).toBe(true);
    expect(await seriousViolations()).toEqual([]);
  });

  it("signs in with a token, previews a CSV with one bad row, imports, finds the item, expires it and search no longer finds it", async () => {
    await page.locator("#token-input").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Content", exact: true }).waitFor();
    expect(await seriousViolations()).toEqual([]);

    await page.getByRole("link", { name: "Import file", exact: true }).click();
    await page.locator("#upload-file").setInputFiles({ name: "kaustinen-kesatyot.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("heading", { name: "Preview: nothing has been saved yet" }).waitFor();
    const errorRow = page.getByRole("table", { name: "Errors by row" }).getByRole("row").nth(1);
    expect(await errorRow.innerText()).toMatch(/^3\s+validUntil\s+Valid until: must be a date/);
    expect(await page.locator("#upload-result").innerText()).toContain("New: 1");
    expect(await search("metsäkoneenkuljettaja kesätyö")).not.toContain("e2e-1");
    expect(await seriousViolations()).toEqual([]);

    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByRole("heading", { name: "Import done" }).waitFor();
    expect(await search("metsäkoneenkuljettaja kesätyö")).toContain("e2e-1");

    await page.getByRole("link", { name: "Content", exact: true }).click();
    await page.locator("#filter-text").fill("Metsäkone");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const row = page.getByRole("row", { name: new RegExp(TITLE) });
    await row.waitFor();
    expect(await row.innerText()).toContain("kaustinen-kesatyot.csv");
    expect(await seriousViolations()).toEqual([]);

    await page.getByRole("button", { name: `Expire today: ${TITLE}` }).click();
    await page.getByText("Expired: the item no longer appears in search results.").waitFor();
    expect(await search("metsäkoneenkuljettaja kesätyö")).not.toContain("e2e-1");
  });

  it("shows validation messages in the chosen language in the item editor", async () => {
    await page.locator("#language-select").selectOption("sv");
    await page.getByRole("button", { name: "Nytt objekt" }).click();
    await page.locator("#field-id").fill("e2e-3");
    await page.locator("#field-title").fill("Test");
    await page.locator("#field-description").fill("Beskrivning av testet.");
    await page.locator("#field-municipality").fill("Kaustinen");
    await page.locator("#field-url").fill("ftp://example.org");
    await page.getByRole("button", { name: "Spara" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "Rätta följande" });
    await summary.waitFor();
    expect(await summary.innerText()).toContain("Webbadress: ska vara en http(s)-adress");
    expect(await page.locator("#field-url").getAttribute("aria-invalid")).toBe("true");
    expect(await seriousViolations()).toEqual([]);
    await page.locator("#language-select").selectOption("en");
  });

  it("has no serious accessibility violations in the other views", async () => {
    for (const tab of ["Freshness", "Sources", "Audit log", "Insights"]) {
      await page.getByRole("link", { name: tab, exact: true }).click();
      await page.getByRole("heading", { name: tab, level: 2, exact: true }).waitFor();
      await page.waitForLoadState("networkidle");
      expect(await seriousViolations(), tab).toEqual([]);
    }
    expect(await page.locator("#audit-result, #insights-result").count()).toBe(2);
  });

  it("lets an area admin add an editor and give them a token that works", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.locator("#token-input").fill(adminToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Editors", exact: true }).click();
    await page.getByRole("heading", { name: "Editors", level: 2, exact: true }).waitFor();
    await page.locator("#new-editor-user").fill("pia");
    await page.locator("#new-editor-municipalities").fill("Perho, Halsua");
    await page.getByRole("button", { name: "Add editor", exact: true }).click();
    await page.getByRole("row", { name: /pia/ }).waitFor();
    await page.getByRole("button", { name: "New token: pia" }).click();
    const created = await page.locator("#created-token").inputValue();
    expect(created).toMatch(/^lt_/);
    const me = await fetch(`${baseUrl}/api/admin/me`, { headers: { authorization: `Bearer ${created}` } });
    expect(await me.json()).toMatchObject({ user: "pia", municipalities: ["584", "074"] });
    expect(await seriousViolations()).toEqual([]);
  });
});
