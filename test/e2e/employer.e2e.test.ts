import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { launchChromium } from "../support/chromium.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminRepository } from "../../admin/index.js";
import { startServer, type RunningServer } from "../../bot/main.js";
import { addDays, helsinkiDate } from "../../knowledge/index.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";
import { DirectLineTestClient } from "../integration/directline-client.js";

/**
 * An employer's vacancy from the web chat to publication, in a real browser: the Adaptive Card
 * form in Web Chat (a refused business ID keeps what was typed), the pending confirmation, and the
 * municipality's review in the admin UI (the queue, corrections with field errors, rejection with
 * a reason, approval) until search finds the vacancy. axe-core checks both pages.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const OUTPUT_DIR = path.resolve("test-output");
const dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-employer-e2e-"));
const userDataDir = mkdtempSync(path.join(tmpdir(), "lahituki-employer-chromium-"));

const TITLE = "MIG-hitsaaja Vetelin konepajaan";
const SECOND_TITLE = "Kesätyöntekijä Vetelin varastoon";
const SECOND_APPLY_URL = "https://varasto.example/hae?paikka=kesa";
const REJECT_REASON = "Palkkaus ja työajat puuttuvat: lisää ne ja lähetä ilmoitus uudelleen.";

let running: RunningServer;
let browser: BrowserContext;
let chat: Page;
let admin: Page;
let baseUrl: string;
let veteliToken = "";
let reference = "";

/**
 * axe-core in the page (evaluated through DevTools, so strict CSPs stay on). `wcagOnly` limits it to
 * the WCAG 2.1 A/AA rules, as the web chat test does (Web Chat's own markup is not ours to change);
 * the admin UI is ours and gets every rule, as in the admin tests.
 */
async function seriousViolations(page: Page, wcagOnly: boolean): Promise<Array<{ id: string; impact: string; nodes: string[] }>> {
  await page.evaluate(AXE_SOURCE);
  const options = wcagOnly ? `{ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] }` : `{ resultTypes: ["violations"] }`;
  const results = (await page.evaluate(`axe.run(document, ${options})`)) as {
    violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[]; failureSummary?: string }> }>;
  };
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      // Where, and axe's own words (e.g. the measured contrast), so a failure explains itself.
      nodes: violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary ?? ""}`),
    }));
}

/** The newest vacancy form in the transcript (a refused submission brings a new one). */
function newestForm(): Locator {
  return chat.locator(".ac-adaptiveCard", { has: field(chat, "Y-tunnus") }).last();
}

/** A card input by its label; the card marks a required one with " *" (hidden from its accessible name). */
function field(scope: Page | Locator, label: string): Locator {
  return scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\*)?$`));
}

async function searchIds(query: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/api/search`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, limit: 20 }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: Array<{ id: string }> }).results.map((result) => result.id);
}

async function pendingSubmissions(): Promise<Array<{ id: string; title: string; reference: string }>> {
  const response = await fetch(`${baseUrl}/api/admin/submissions?status=pending`, { headers: { authorization: `Bearer ${veteliToken}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { submissions: Array<{ id: string; title: string; reference: string }> }).submissions;
}

beforeAll(async () => {
  const config = loadConfig({ DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", SEED_DEMO: "true" });
  running = await startServer(config, createSilentLogger());
  baseUrl = `http://127.0.0.1:${running.port}`;
  const repository = new AdminRepository(running.knowledge.database);
  await repository.upsertEditor({ user: "veteli-editor", role: "editor", allMunicipalities: false, municipalities: ["924"] });
  veteliToken = (await repository.createToken("veteli-editor")).token;
  browser = await launchChromium(userDataDir);
  chat = browser.pages()[0] ?? (await browser.newPage());
  await chat.setViewportSize({ width: 1280, height: 900 });
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(userDataDir, { recursive: true, force: true });
});

describe("an employer's vacancy from the web chat to publication", () => {
  it("lets an employer fill the vacancy form in Web Chat, keeps the values when the business ID is refused, and confirms a pending submission", async () => {
    await chat.goto(`${baseUrl}/`);
    await chat.getByRole("button", { name: "Hyväksyn ja aloitan keskustelun" }).click();
    const input = chat.locator(".webchat__send-box-text-box__input");
    await input.waitFor({ timeout: 60_000 });
    await chat.getByText("Olen Lähituki", { exact: false }).first().waitFor({ timeout: 30_000 });
    await input.fill("Olen yrittäjä Vetelissä ja tarvitsisin hitsaajan");
    await input.press("Enter");

    const offer = chat.getByRole("button", { name: "Ilmoita avoin työpaikka" }).last();
    await offer.waitFor({ timeout: 30_000 });
    await offer.click();
    const form = newestForm();
    await field(form, "Y-tunnus").waitFor({ timeout: 30_000 });
    expect(await seriousViolations(chat, true)).toEqual([]);

    await field(form, "Tehtävänimike").fill(TITLE);
    await field(form, "Työpaikan kunta").selectOption({ label: "Veteli" });
    await field(form, "Työn kuvaus").fill("MIG/MAG-hitsausta teräsrakenteisiin pienessä konepajassa Vetelissä. Päivätyö, perehdytys järjestetään.");
    await field(form, "Työsuhteen tyyppi").selectOption({ label: "Kokoaikainen" });
    const lastDay = field(form, "Viimeinen hakupäivä");
    expect(await lastDay.getAttribute("type")).toBe("date");
    await lastDay.fill(addDays(helsinkiDate(), 21));
    await field(form, "Näin haet: verkko-osoite, sähköposti tai puhelinnumero").fill("rekry@konepaja.example");
    await field(form, "Työnantajan nimi").fill("Konepaja Esimerkki Oy (demo)");
    await field(form, "Y-tunnus").fill("1234567-8");
    await field(form, "Yhteyshenkilö").fill("Testi Henkilö");
    await field(form, "Yhteyshenkilön sähköposti (päätöstä varten, ei julkaista)").fill("yhteys@konepaja.example");
    await form.getByRole("checkbox").check();
    await form.getByRole("button", { name: "Lähetä tarkistettavaksi" }).click();

    // The corrected form comes back with the business ID's message under the field and everything kept.
    await chat.getByText("Lomakkeessa on 1 korjattavaa kohtaa", { exact: false }).first().waitFor({ timeout: 30_000 });
    const refused = newestForm();
    const businessIdError = refused.getByText("Y-tunnus ei ole kelvollinen", { exact: false }).first();
    await businessIdError.waitFor({ timeout: 30_000 });
    expect(await field(refused, "Tehtävänimike").inputValue()).toBe(TITLE);
    expect(await field(refused, "Y-tunnus").inputValue()).toBe("1234567-8");
    expect(await field(refused, "Työpaikan kunta").inputValue()).toBe("924");
    expect(await refused.getByRole("checkbox").isChecked()).toBe(true);
    // In view, so axe measures the message's contrast (text scrolled out of the transcript is skipped).
    await businessIdError.scrollIntoViewIfNeeded();
    const violations = await seriousViolations(chat, true);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await chat.screenshot({ path: path.join(OUTPUT_DIR, "employer-form.png"), fullPage: true });
    expect(violations).toEqual([]);
    expect(await pendingSubmissions()).toEqual([]);

    await field(refused, "Y-tunnus").fill("0112038-9");
    await refused.getByRole("button", { name: "Lähetä tarkistettavaksi" }).click();
    const confirmation = chat.getByText("odottaa tarkistusta", { exact: false }).last();
    await confirmation.waitFor({ timeout: 30_000 });
    const [pending] = await pendingSubmissions();
    expect(pending?.title).toBe(TITLE);
    reference = pending!.reference;
    expect(await confirmation.textContent()).toContain(`viite ${reference}`);
    // Nothing reaches jobseekers before a municipality's editor approves it.
    expect((await searchIds(TITLE)).some((id) => id.startsWith("employer-"))).toBe(false);
  });

  it("shows the municipality's editor the queue, with how to apply as plain text, accessibly", async () => {
    // A second vacancy, sent the way Web Chat posts the form, to reject later.
    const employer = new DirectLineTestClient(baseUrl);
    await employer.start();
    await employer.ask(undefined, { value: { action: "openVacancyForm" } });
    const saved = await employer.ask(undefined, {
      value: {
        action: "submitVacancy",
        title: SECOND_TITLE,
        municipality: "924",
        description: "Kesätyötä varastossa kesä–elokuussa: keräilyä, pakkaamista ja trukilla ajoa.",
        employmentType: "seasonal",
        lastApplicationDate: addDays(helsinkiDate(), 30),
        howToApply: SECOND_APPLY_URL,
        employerName: "Varasto Esimerkki Oy (demo)",
        businessId: "0112038-9",
        contactPerson: "Toinen Henkilö",
        contactEmail: "yhteys@varasto.example",
        consent: "true",
      },
    });
    expect(saved.text).toMatch(/odottaa tarkistusta/);

    admin = await browser.newPage();
    await admin.setViewportSize({ width: 1280, height: 900 });
    await admin.goto(`${baseUrl}/admin`);
    await admin.locator("#language-select").selectOption("fi");
    await admin.locator("#token-input").fill(veteliToken);
    await admin.getByRole("button", { name: "Kirjaudu", exact: true }).click();
    await admin.getByRole("link", { name: "Työnantajien ilmoitukset", exact: true }).click();
    await admin.getByRole("heading", { name: "Työnantajien ilmoitukset", level: 2 }).waitFor();

    const first = admin.getByRole("article", { name: TITLE });
    const second = admin.getByRole("article", { name: SECOND_TITLE });
    await first.waitFor();
    await second.waitFor();
    const details = await first.innerText();
    for (const expected of [reference, "Veteli", "Konepaja Esimerkki Oy (demo)", "0112038-9", "Kokoaikainen", "Sähköposti: rekry@konepaja.example", "Testi Henkilö", "yhteys@konepaja.example"]) {
      expect(details).toContain(expected);
    }
    // How to apply is plain text until approval: no link anywhere in the queue.
    expect(await second.innerText()).toContain(`Verkko-osoite: ${SECOND_APPLY_URL}`);
    expect(await admin.locator("#submissions-result a").count()).toBe(0);
    expect(await seriousViolations(admin, false)).toEqual([]);

    // The tab speaks the editor's language.
    await admin.locator("#language-select").selectOption("sv");
    await admin.getByRole("heading", { name: "Arbetsgivares annonser", level: 2 }).waitFor();
    expect(await admin.getByRole("article", { name: TITLE }).innerText()).toContain("Heltid");
    await admin.locator("#language-select").selectOption("en");
    await admin.getByRole("link", { name: "Employers' vacancies", exact: true }).waitFor();
    expect(await admin.getByRole("article", { name: TITLE }).innerText()).toContain("Waiting for review");
    await admin.locator("#language-select").selectOption("fi");
    await admin.getByRole("heading", { name: "Työnantajien ilmoitukset", level: 2 }).waitFor();
    await first.getByText("Odottaa tarkistusta").waitFor();
  });

  it("saves an editor's correction and shows a refused field's message beside the field", async () => {
    const first = admin.getByRole("article", { name: TITLE });
    await first.getByRole("button", { name: `Muokkaa: ${TITLE}` }).click();
    expect(await first.getByLabel("Otsikko", { exact: true }).evaluate((node) => node === document.activeElement)).toBe(true);
    const businessId = first.getByLabel("Y-tunnus", { exact: true });
    await businessId.fill("1234567-8");
    await first.getByRole("button", { name: "Tallenna", exact: true }).click();
    await expect.poll(() => businessId.getAttribute("aria-invalid")).toBe("true");
    const fieldError = first.locator(`#${await businessId.getAttribute("id")}-error`);
    expect(await fieldError.textContent()).toBe("Y-tunnuksen tarkistusnumero ei täsmää");
    expect(await first.getByRole("alert").innerText()).toContain("Y-tunnus: Y-tunnuksen tarkistusnumero ei täsmää");
    expect(await seriousViolations(admin, false)).toEqual([]);

    await businessId.fill("0112038-9");
    await first.getByLabel("Ammatti", { exact: true }).fill("hitsaaja");
    await first.getByRole("button", { name: "Tallenna", exact: true }).click();
    await expect.poll(() => admin.locator("#status").textContent()).toBe(`Muutokset tallennettu: "${TITLE}" (viite ${reference}).`);
    expect(await first.innerText()).toContain("hitsaaja (ISCO 7212)");
  });

  it("rejects one vacancy with a reason and approves the other, which search then finds", async () => {
    const first = admin.getByRole("article", { name: TITLE });
    const second = admin.getByRole("article", { name: SECOND_TITLE });
    const status = admin.locator("#status");
    expect(await status.getAttribute("role")).toBe("status");

    // Rejection needs a reason; the employer gets it.
    await second.getByRole("button", { name: `Hylkää: ${SECOND_TITLE}` }).click();
    const reason = second.getByLabel("Hylkäyksen perustelu (lähetetään työnantajalle)", { exact: true });
    expect(await reason.evaluate((node) => node === document.activeElement)).toBe(true);
    await second.getByRole("button", { name: "Lähetä hylkäys", exact: true }).click();
    await expect.poll(() => reason.getAttribute("aria-invalid")).toBe("true");
    expect(await second.innerText()).toContain("Kirjoita perustelu (vähintään 3 merkkiä).");
    await reason.fill(REJECT_REASON);
    await second.getByRole("button", { name: "Lähetä hylkäys", exact: true }).click();
    await expect.poll(() => status.textContent()).toMatch(new RegExp(`^Ilmoitus "${SECOND_TITLE}" \\(viite [0-9A-F]{8}\\) hylättiin\\. Perustelu lähetetään työnantajalle\\.$`));
    await second.waitFor({ state: "detached" });

    await first.getByRole("button", { name: `Hyväksy ja julkaise: ${TITLE}` }).click();
    await first.getByRole("group").getByRole("button", { name: "Hyväksy ja julkaise", exact: true }).click();
    await expect.poll(() => status.textContent()).toBe(`Ilmoitus "${TITLE}" (viite ${reference}) hyväksyttiin ja julkaistiin. Työnantajalle lähetetään tieto.`);
    await admin.getByText("Ei ilmoituksia tässä tilassa.").waitFor();
    expect(await pendingSubmissions()).toEqual([]);

    await admin.getByLabel("Tila", { exact: true }).selectOption("approved");
    await admin.getByRole("button", { name: "Näytä", exact: true }).click();
    const approved = admin.getByRole("article", { name: TITLE });
    await approved.waitFor();
    expect(await approved.innerText()).toMatch(/Julkaistu kohde\s+employer \/ employer-/);
    await admin.getByLabel("Tila", { exact: true }).selectOption("rejected");
    await admin.getByRole("button", { name: "Näytä", exact: true }).click();
    const rejected = admin.getByRole("article", { name: SECOND_TITLE });
    await rejected.waitFor();
    expect(await rejected.innerText()).toContain(REJECT_REASON);
    expect(await seriousViolations(admin, false)).toEqual([]);
    await admin.screenshot({ path: path.join(OUTPUT_DIR, "employer-review.png"), fullPage: true });

    expect((await searchIds(TITLE)).filter((id) => id.startsWith("employer-"))).toHaveLength(1);
    expect((await searchIds(SECOND_TITLE)).some((id) => id.startsWith("employer-"))).toBe(false);
    // The month's employer figures in the insights, as the municipality's editor sees them.
    await admin.getByRole("link", { name: "Oivallukset", exact: true }).click();
    const employers = admin.getByRole("table", { name: "Työnantajat kuukausittain" });
    const veteliRow = employers.getByRole("row").filter({ hasText: "Veteli" });
    await veteliRow.waitFor();
    const cells = await veteliRow.getByRole("cell").allTextContents();
    // month, municipality, conversations, submitted, approved, rejected, median hours
    expect(cells.slice(3, 6)).toEqual(["2", "1", "1"]);
    expect(Number(cells[2])).toBeGreaterThanOrEqual(1);
    expect(await seriousViolations(admin, false)).toEqual([]);

    // The employer hears of the approval in the chat that is still open.
    await chat.bringToFront();
    await chat.getByText(new RegExp(`\\(viite ${reference}\\) on hyväksytty ja julkaistu`)).first().waitFor({ timeout: 30_000 });
  });
});
