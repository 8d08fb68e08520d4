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
import { AdminRepository } from "../../admin/admin-repository.js";
import { shortageRoutes } from "../../admin/shortage-routes.js";
import { createSqlShortageStore } from "../../knowledge/sql-shortage-store.js";
import { openKnowledgeBase, type KnowledgeBase } from "../../knowledge/knowledge-base.js";
import { loadConfig } from "../../platform/config.js";
import { createSilentLogger } from "../../platform/logger.js";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-shortage-e2e-"));
const userDataDir = mkdtempSync(path.join(tmpdir(), "lahituki-shortage-chromium-"));

let knowledge: KnowledgeBase;
let server: Server;
let browser: BrowserContext;
let page: Page;
let baseUrl: string;
let token: string;

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
  // The admin API and UI with the shortage routes, as bot/main.ts mounts them, over a fresh DATA_DIR.
  const config = loadConfig({ DATA_DIR: dataDir, SEED_DEMO: "false", LOG_LEVEL: "silent" });
  const logger = createSilentLogger();
  knowledge = await openKnowledgeBase(config, logger);
  const admin = createAdminModule({ ...knowledge, logger, config, insights: createSqlInsightSource(knowledge.database) }, [
    shortageRoutes({ store: createSqlShortageStore(knowledge.database), audit: new AdminRepository(knowledge.database) }),
  ]);
  const app = createApp({ logger, isReady: () => true }, [
    { path: "/api/admin", router: admin.apiRouter },
    { path: "/admin", router: admin.uiRouter },
  ]);
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  server.keepAliveTimeout = 120_000;
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  await admin.repository.upsertEditor({ user: "antti", role: "admin", allMunicipalities: true, municipalities: [] });
  token = (await admin.repository.createToken("antti")).token;
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

describe("shortage occupations in the admin UI", () => {
  it("lets an area admin set an area's shortage occupations with source and date, accessibly", async () => {
    await page.goto(`${baseUrl}/admin`);
    await page.locator("#language-select").selectOption("en");
    await page.locator("#token-input").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Shortage occupations", exact: true }).click();
    await page.getByRole("heading", { name: "Shortage occupations by employment area", level: 2 }).waitFor();
    const area = page.getByRole("region", { name: "Central Ostrobothnia Employment Area" });
    await area.getByLabel("Date of the source").fill("2026-09-01");
    await area.getByLabel("Source", { exact: true }).fill("Ammattibarometri, Keski-Pohjanmaa");
    await area.getByLabel("Occupations (ISCO-08 code, one per line)").fill("5321\n7212");
    await area.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved. The bot uses the list in its next answers.").waitFor();
    const table = page.getByRole("table", { name: "Current list: Central Ostrobothnia Employment Area" });
    expect(await table.innerText()).toContain("practical nurse");
    expect(await table.innerText()).toContain("welder");
    expect(await seriousViolations()).toEqual([]);
    const stored = await createSqlShortageStore(knowledge.database).lists();
    expect(stored[0]).toMatchObject({ area: "keski-pohjanmaa", asOf: "2026-09-01", updatedBy: "antti" });
  });
});
