import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AdminRepository } from "../../admin/index.js";
import { startServer, type RunningServer } from "../../bot/main.js";
import { addDays, helsinkiDate } from "../../knowledge/index.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";
import { call } from "../support/admin-test-server.js";
import { startSmtpTestServer } from "../support/smtp-test-server.js";
import { DirectLineTestClient, type ChatActivity } from "./directline-client.js";

/**
 * An employer's whole path on the running server: an employer question in Swedish answered from
 * services for employers, the vacancy form with a field error and then a pending submission, the
 * municipality's review (scope, concurrent approval, rejection with a reason), publication to
 * search and to a web subscriber's alert, the decision e-mail at a local SMTP server and in the
 * chat, duplicates, the rate limit and erasure.
 */
let running: RunningServer;
let dataDir: string;
let smtp: Awaited<ReturnType<typeof startSmtpTestServer>>;
let baseUrl: string;
const tokens = { veteli: "", kaustinen: "", areaAdmin: "" };
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

/** Services written for employers in the demo data (audience employer or both). */
const EMPLOYER_SERVICES = ["demo-svc-006", "demo-svc-031", "demo-svc-036", "demo-emp-001", "demo-emp-002", "demo-emp-003", "demo-emp-004", "demo-emp-005", "demo-emp-006", "demo-emp-007", "demo-emp-008"];

function form(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    action: "submitVacancy",
    title: "Svetsare till verkstaden",
    municipality: "924",
    description: "Vi söker en svetsare (MIG/MAG) till vår lilla verkstad i Vetil. Arbetet börjar i januari, heltid.",
    occupation: "svetsare",
    employmentType: "full-time",
    startDate: addDays(helsinkiDate(), 30),
    lastApplicationDate: addDays(helsinkiDate(), 14),
    howToApply: "rekry@verkstad.example",
    employerName: "Exempelverkstad Ab (demo)",
    businessId: "0112038-9",
    contactPerson: "Test Person",
    contactEmail: "kontakt@verkstad.example",
    consent: "true",
    ...overrides,
  };
}

function inputsOf(activity: ChatActivity): Array<Record<string, unknown>> {
  const card = activity.attachments?.find((attachment) => attachment.contentType === "application/vnd.microsoft.card.adaptive");
  return ((card?.content.body as Array<Record<string, unknown>>) ?? []).filter((element) => typeof element.id === "string");
}

async function botTexts(client: DirectLineTestClient): Promise<string[]> {
  const response = await client.activities();
  const page = (await response.json()) as { activities: ChatActivity[] };
  return page.activities.filter((activity) => activity.from.role === "bot").map((activity) => `${activity.text ?? ""} ${JSON.stringify(activity.attachments ?? [])}`);
}

/** Moves the client's watermark past everything so far (proactive messages are not the next reply). */
async function skipToNow(client: DirectLineTestClient): Promise<void> {
  const response = await client.activities({ watermark: client.watermark });
  client.watermark = ((await response.json()) as { watermark: string }).watermark;
}

async function pendingFor(token: string): Promise<Array<{ id: string; title: string; reference: string }>> {
  const listed = await call(baseUrl, "GET", "/api/admin/submissions?status=pending", { token });
  expect(listed.status).toBe(200);
  return listed.body.submissions;
}

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-employer-"));
  running = await startServer(
    loadConfig({
      DATA_DIR: dataDir,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      SEED_DEMO: "true",
      ALERT_INTERVAL_SECONDS: "3600",
      SMTP_URL: smtp.url,
      SUBMISSIONS_PER_CONVERSATION_PER_DAY: "3",
    }),
    createSilentLogger(),
  );
  baseUrl = `http://127.0.0.1:${running.port}`;
  await running.alerts.service.runOnce();
  const repository = new AdminRepository(running.knowledge.database);
  await repository.upsertEditor({ user: "veteli-editor", role: "editor", allMunicipalities: false, municipalities: ["924"] });
  await repository.upsertEditor({ user: "kaustinen-editor", role: "editor", allMunicipalities: false, municipalities: ["236"] });
  await repository.upsertEditor({ user: "area-admin", role: "admin", allMunicipalities: true, municipalities: [] });
  tokens.veteli = (await repository.createToken("veteli-editor")).token;
  tokens.kaustinen = (await repository.createToken("kaustinen-editor")).token;
  tokens.areaAdmin = (await repository.createToken("area-admin")).token;
});

afterAll(async () => {
  await running?.stop();
  await smtp?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("employers in the chat and the municipality's review", () => {
  let employer: DirectLineTestClient;
  let approvedId = "";

  it("answers an employer's Swedish question about wage subsidy from services for employers and offers the form", async () => {
    employer = new DirectLineTestClient(baseUrl);
    await employer.start();
    const answer = await employer.ask("Hej, vi är ett litet företag i Vetil och funderar på att anställa en arbetslös. Kan vi som arbetsgivare få lönesubvention?");
    expect(answer.channelData?.lahituki?.outcome).toBe("answer");
    const sources = answer.channelData?.lahituki?.sources ?? [];
    expect(sources.some((source) => EMPLOYER_SERVICES.includes(source))).toBe(true);
    expect(sources[0] && EMPLOYER_SERVICES.includes(sources[0])).toBe(true);
    expect(JSON.stringify(answer.suggestedActions)).toContain('"openVacancyForm"');
  });

  it("shows the form, refuses a bad business ID with a field message in Swedish and keeps the values", async () => {
    const opened = await employer.ask(undefined, { value: { action: "openVacancyForm" } });
    expect(inputsOf(opened).map((input) => input.id)).toContain("businessId");
    const refused = await employer.ask(undefined, { value: form({ businessId: "1234567-8" }) });
    const inputs = inputsOf(refused);
    expect(inputs.find((input) => input.id === "businessId")?.value).toBe("1234567-8");
    expect(inputs.find((input) => input.id === "title")?.value).toBe("Svetsare till verkstaden");
    expect(inputs.find((input) => input.id === "businessId")?.errorMessage).toMatch(/FO-numret är inte giltigt/);
    expect(JSON.stringify(refused.attachments)).toContain("FO-numret är inte giltigt");
    expect(await pendingFor(tokens.areaAdmin)).toHaveLength(0);
  });

  it("saves a corrected submission as pending, visible only to its municipality's editors", async () => {
    const saved = await employer.ask(undefined, { value: form() });
    expect(saved.text).toMatch(/väntar på granskning/);
    const queue = await pendingFor(tokens.veteli);
    expect(queue.map((submission) => submission.title)).toEqual(["Svetsare till verkstaden"]);
    expect(saved.text).toContain(queue[0]!.reference);
    expect(await pendingFor(tokens.kaustinen)).toHaveLength(0);
    approvedId = queue[0]!.id;
    // Nothing is published before approval.
    const search = await call(baseUrl, "POST", "/api/search", { body: { query: "svetsare verkstad Vetil" } });
    expect(JSON.stringify(search.body)).not.toContain(`employer-${approvedId}`);
  });

  it("refuses another municipality's editor, approves once when two approvals race, publishes, alerts and tells the employer", async () => {
    const subscriber = new DirectLineTestClient(baseUrl);
    await subscriber.start();
    const answer = await subscriber.ask("Onko Vetelissä hitsaajan töitä?");
    expect(JSON.stringify(answer.attachments)).toContain('{"action":"subscribeAlert"}');
    await subscriber.ask(undefined, { value: { action: "subscribeAlert" } });

    const foreign = await call(baseUrl, "POST", `/api/admin/submissions/${approvedId}/approve`, { token: tokens.kaustinen, body: {} });
    expect(foreign.status).toBe(403);

    const [first, second] = await Promise.all([
      call(baseUrl, "POST", `/api/admin/submissions/${approvedId}/approve`, { token: tokens.veteli, body: {} }),
      call(baseUrl, "POST", `/api/admin/submissions/${approvedId}/approve`, { token: tokens.areaAdmin, body: {} }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const items = await running.knowledge.database.query<{ id: string }>("SELECT id FROM items WHERE source = 'employer'");
    expect(items.rows.map((row) => row.id)).toEqual([`employer-${approvedId}`]);

    const search = await call(baseUrl, "POST", "/api/search", { body: { query: "svetsare Vetil", kind: "vacancy" } });
    expect(search.body.results.map((result: { id: string }) => result.id)).toContain(`employer-${approvedId}`);

    await expect.poll(async () => (await botTexts(subscriber)).filter((text) => text.includes("Svetsare till verkstaden")).length, { timeout: 15_000, interval: 200 }).toBe(1);
    await expect
      .poll(() => smtp.received.filter((mail) => mail.to.includes("kontakt@verkstad.example")).length, { timeout: 15_000, interval: 200 })
      .toBe(1);
    const mail = smtp.received.find((message) => message.to.includes("kontakt@verkstad.example"))!;
    expect(mail.raw).toContain(approvedId.slice(0, 8).toUpperCase());
    await expect.poll(async () => (await botTexts(employer)).some((text) => /har godkänts och publicerats/.test(text)), { timeout: 15_000, interval: 200 }).toBe(true);
    await skipToNow(employer);

    const audit = await call(baseUrl, "GET", "/api/admin/audit", { token: tokens.veteli });
    expect(JSON.stringify(audit.body)).toContain("submission.approve");
    const hidden = await call(baseUrl, "GET", "/api/admin/audit", { token: tokens.kaustinen });
    expect(JSON.stringify(hidden.body)).not.toContain("submission.approve");
  });

  it("answers a duplicate clearly and saves nothing", async () => {
    const duplicate = await employer.ask(undefined, { value: form({ title: "  SVETSARE till verkstaden! " }) });
    expect(duplicate.text).toMatch(/redan anmälts/);
    expect(await pendingFor(tokens.veteli)).toHaveLength(0);
  });

  it("rejects with a reason that reaches the employer by e-mail and in the chat", async () => {
    const saved = await employer.ask(undefined, { value: form({ title: "Sommarjobbare till lagret", employmentType: "seasonal" }) });
    expect(saved.text).toMatch(/väntar på granskning/);
    const [pending] = await pendingFor(tokens.veteli);
    const badEdit = await call(baseUrl, "PATCH", `/api/admin/submissions/${pending!.id}`, { token: tokens.veteli, body: { businessId: "1234567-8" } });
    expect(badEdit.status).toBe(400);
    expect(badEdit.body.error.field).toBe("businessId");
    const foreignEdit = await call(baseUrl, "PATCH", `/api/admin/submissions/${pending!.id}`, { token: tokens.kaustinen, body: { occupation: "varastotyöntekijä" } });
    expect(foreignEdit.status).toBe(403);
    const edited = await call(baseUrl, "PATCH", `/api/admin/submissions/${pending!.id}`, { token: tokens.veteli, body: { occupation: "svetsare" } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ occupationText: "svetsare", occupation: "7212", title: "Sommarjobbare till lagret" });
    const noReason = await call(baseUrl, "POST", `/api/admin/submissions/${pending!.id}/reject`, { token: tokens.veteli, body: {} });
    expect(noReason.status).toBe(400);
    const rejected = await call(baseUrl, "POST", `/api/admin/submissions/${pending!.id}/reject`, { token: tokens.veteli, body: { reason: "Salary information is missing" } });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe("rejected");
    await expect.poll(() => smtp.received.filter((mail) => mail.raw.includes("Salary information is missing")).length, { timeout: 15_000, interval: 200 }).toBe(1);
    await expect.poll(async () => (await botTexts(employer)).some((text) => text.includes("Salary information is missing")), { timeout: 15_000, interval: 200 }).toBe(true);
    await skipToNow(employer);
    const again = await call(baseUrl, "POST", `/api/admin/submissions/${pending!.id}/approve`, { token: tokens.veteli, body: {} });
    expect(again.status).toBe(409);
  });

  it("stops a conversation over its daily limit with a clear answer", async () => {
    const third = await employer.ask(undefined, { value: form({ title: "Truckförare till lagret" }) });
    expect(third.text).toMatch(/väntar på granskning/);
    const fourth = await employer.ask(undefined, { value: form({ title: "Städare till kontoret" }) });
    expect(fourth.text).toMatch(/redan skickats i dag/);
    expect((await pendingFor(tokens.veteli)).map((submission) => submission.title)).toEqual(["Truckförare till lagret"]);
  });

  it("erasing the conversation removes its pending submission and keeps the published vacancy", async () => {
    const erased = await call(baseUrl, "DELETE", `/api/admin/conversations/${encodeURIComponent(employer.conversationId)}`, { token: tokens.areaAdmin });
    expect(erased.status).toBe(200);
    expect(await pendingFor(tokens.veteli)).toHaveLength(0);
    const approved = await call(baseUrl, "GET", `/api/admin/submissions/${approvedId}`, { token: tokens.veteli });
    expect(approved.status).toBe(200);
    const rows = await running.knowledge.database.query<{ linked: number }>(
      "SELECT count(*)::int AS linked FROM vacancy_submissions WHERE source_conversation_id = $1",
      [employer.conversationId],
    );
    expect(rows.rows[0]?.linked).toBe(0);
    const items = await running.knowledge.database.query<{ id: string }>("SELECT id FROM items WHERE source = 'employer'");
    expect(items.rows).toHaveLength(1);
  });
});

describe("employer insights", () => {
  it("count employer conversations and submissions per municipality and month, with time to decision", async () => {
    const response = await call(baseUrl, "GET", "/api/admin/insights?municipality=Veteli", { token: tokens.veteli });
    expect(response.status).toBe(200);
    const month = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Helsinki", year: "numeric", month: "2-digit" }).format(new Date()).slice(0, 7);
    const veteli = response.body.employers.find((entry: { month: string; municipality: string }) => entry.month === month && entry.municipality === "924");
    // Approved, rejected, and the pending one erased with its conversation.
    expect(veteli).toMatchObject({ submitted: 2, approved: 1, rejected: 1, municipalityName: "Veteli" });
    expect(veteli.medianHoursToDecision).toBeGreaterThanOrEqual(0);
    const kaustinen = await call(baseUrl, "GET", "/api/admin/insights", { token: tokens.kaustinen });
    expect(kaustinen.body.employers.filter((entry: { submitted: number }) => entry.submitted > 0)).toEqual([]);
    const area = await call(baseUrl, "GET", "/api/admin/insights", { token: tokens.areaAdmin });
    const conversations = area.body.employers.reduce((sum: number, entry: { conversations: number }) => sum + entry.conversations, 0);
    // The employer's conversation was erased; a fresh one speaking as an employer is counted.
    expect(conversations).toBe(0);
    const another = new DirectLineTestClient(baseUrl);
    await another.start();
    await another.ask("Olen yrittäjä Vetelissä ja tarvitsisin kesätyöntekijän, miten ilmoitan paikan?");
    const after = await call(baseUrl, "GET", "/api/admin/insights", { token: tokens.areaAdmin });
    expect(after.body.employers.reduce((sum: number, entry: { conversations: number }) => sum + entry.conversations, 0)).toBe(1);
    const csv = await call(baseUrl, "GET", "/api/admin/insights.csv", { token: tokens.areaAdmin });
    expect(csv.text).toContain("employer");
  });
});
