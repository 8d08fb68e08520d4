import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueAdminJobs } from "../../admin/admin-jobs.js";
import { latestScheduledInstant } from "../../admin/digest.js";
import { applyRetention, publishApprovedLeftovers } from "../../admin/index.js";
import { SqlSubmissionRepository, validateSubmission, type VacancyDraft } from "../../ingest/index.js";
import { addDays, helsinkiDate } from "../../knowledge/index.js";
import { createSilentLogger } from "../../platform/index.js";
import { startAdminTestServer, type AdminTestServer } from "../support/admin-test-server.js";

/**
 * The jobs around vacancy submissions on a real database: the digest lists pending ones that have
 * waited too long, retention deletes or strips them by status, and an approval interrupted before
 * its item was written is published at the next start.
 */
let server: AdminTestServer;
let submissions: SqlSubmissionRepository;
const limits = { perConversationPerDay: 100, perClientPerDay: 100, duplicateDays: 30 };

function draft(title: string, municipality: string): VacancyDraft {
  const result = validateSubmission(
    {
      title,
      municipality,
      description: "Työ alkaa pian, kokoaikainen, hakemukset sähköpostilla.",
      employmentType: "full-time",
      lastApplicationDate: addDays(helsinkiDate(), 20),
      howToApply: "rekry@example.fi",
      employerName: "Esimerkki Oy (demo)",
      businessId: "0112038-9",
      contactPerson: "Testi Henkilö",
      contactEmail: "yhteys@example.fi",
      consent: "true",
    },
    { today: helsinkiDate() },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.draft;
}

async function create(title: string, municipality: string, options: { daysAgo?: number; conversationId?: string } = {}): Promise<string> {
  const created = await submissions.create(
    { draft: draft(title, municipality), language: "fi", conversationId: options.conversationId ?? `c-${title}`, channel: "directline" },
    limits,
  );
  if (created.outcome !== "created") throw new Error(created.outcome);
  if (options.daysAgo) {
    await server.database.query("UPDATE vacancy_submissions SET created_at = now() - make_interval(days => $2::int) WHERE id = $1", [created.submission.id, options.daysAgo]);
  }
  return created.submission.id;
}

beforeAll(async () => {
  server = await startAdminTestServer();
  submissions = new SqlSubmissionRepository(server.database);
  await server.database.query(
    `INSERT INTO advisor_channels (channel_id, service_url, municipalities, registered_at)
     VALUES ('19:kaustinen@thread.tacv2', 'https://smba.example/', '["236"]'::jsonb, now())`,
  );
});

afterAll(async () => {
  await server?.close();
});

describe("jobs around vacancy submissions", () => {
  it("lists pending submissions older than the review time in the municipality's weekly digest", async () => {
    await create("Vanha odottava Kaustinen", "236", { daysAgo: 5 });
    await create("Uusi odottava Kaustinen", "236");
    await create("Vanha odottava Veteli", "924", { daysAgo: 5 });
    const posted: Array<Record<string, unknown>> = [];
    const { createAdvisorChannelDigestSender } = await import("../../bot/teams/advisor-channel-digest-sender.js");
    const monday = latestScheduledInstant({ weekday: 1, hour: 10, minute: 0 }, new Date());
    const ran = await runDueAdminJobs({
      database: server.database,
      repository: server.admin.repository,
      logger: createSilentLogger(),
      retentionDays: 90,
      digestSchedule: "mon 08:00",
      digestSender: createAdvisorChannelDigestSender({ database: server.database, postCard: async (_channel, card) => void posted.push(card as Record<string, unknown>) }),
      expiringDays: 7,
      staleDays: 180,
      adminUrl: "https://lahituki.example/admin",
      now: () => new Date(Math.max(monday.getTime(), Date.now())),
      submissions,
      submissionReviewDays: 3,
    });
    expect(ran.digest).toBe(true);
    const card = JSON.stringify(posted);
    expect(card).toContain("Vanha odottava Kaustinen");
    expect(card).not.toContain("Uusi odottava Kaustinen");
    expect(card).not.toContain("Vanha odottava Veteli");
  });

  it("deletes rejected and never-reviewed submissions after the retention time and strips contact details from approved ones", async () => {
    await server.database.query("DELETE FROM vacancy_submissions");
    const oldRejected = await create("Hylätty vanha", "236");
    const oldApproved = await create("Hyväksytty vanha", "236");
    const oldPending = await create("Odottava vanha", "236", { daysAgo: 120 });
    const recentRejected = await create("Hylätty uusi", "236");
    await submissions.decide(oldRejected, { status: "rejected", by: "eeva", reason: "puutteellinen" });
    await submissions.decide(oldApproved, { status: "approved", by: "eeva", itemId: `employer-${oldApproved}` });
    await submissions.decide(recentRejected, { status: "rejected", by: "eeva", reason: "puutteellinen" });
    await server.database.query("UPDATE vacancy_submissions SET decided_at = now() - interval '100 days' WHERE id = ANY($1::text[])", [[oldRejected, oldApproved]]);
    const result = await applyRetention({ database: server.database, repository: server.admin.repository }, { days: 90, actor: "test" });
    expect(result.rows.vacancy_submissions).toBe(3);
    expect(await submissions.get(oldRejected)).toBeUndefined();
    expect(await submissions.get(oldPending)).toBeUndefined();
    expect(await submissions.get(recentRejected)).toBeDefined();
    const approved = await submissions.get(oldApproved);
    expect(approved?.draft).toMatchObject({ title: "Hyväksytty vanha", contactPerson: "", contactEmail: "" });
    expect(approved?.conversationId).toBeUndefined();
  });

  it("publishes an approval that stopped before its item was written", async () => {
    await server.database.query("DELETE FROM vacancy_submissions");
    const id = await create("Keskeytynyt hyväksyntä", "236");
    await submissions.decide(id, { status: "approved", by: "eeva", itemId: `employer-${id}` });
    expect(await server.store.getItem("employer", `employer-${id}`)).toBeUndefined();
    const published = await publishApprovedLeftovers({
      submissions,
      store: server.store,
      embedder: server.embedder,
      audit: server.admin.repository,
      logger: createSilentLogger(),
      today: () => helsinkiDate(),
    });
    expect(published).toBe(1);
    expect((await server.store.getItem("employer", `employer-${id}`))?.title).toBe("Keskeytynyt hyväksyntä");
    expect(await publishApprovedLeftovers({ submissions, store: server.store, embedder: server.embedder, audit: server.admin.repository, logger: createSilentLogger(), today: () => helsinkiDate() })).toBe(0);
  });
});
