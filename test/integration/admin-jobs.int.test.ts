import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdvisorChannelDigestSender } from "../../bot/teams/advisor-channel-digest-sender.js";
import { runDueAdminJobs, type AdminJobsDeps } from "../../admin/admin-jobs.js";
import { latestScheduledInstant } from "../../admin/digest.js";
import { helsinkiDate, addDays } from "../../knowledge/dates.js";
import { createSilentLogger } from "../../platform/logger.js";
import { call, startAdminTestServer, type AdminTestServer } from "../support/admin-test-server.js";

let server: AdminTestServer;
/** The latest Monday 10:00 in Helsinki: two hours after the digest's "mon 08:00". */
const monday = latestScheduledInstant({ weekday: 1, hour: 10, minute: 0 }, new Date());
const posted: Array<{ channel: string; card: Record<string, unknown> }> = [];

beforeAll(async () => {
  server = await startAdminTestServer();
  await server.database.query(
    `INSERT INTO advisor_channels (channel_id, service_url, municipalities, registered_at)
     VALUES ('19:kaustinen@thread.tacv2', 'https://smba.example/', '["236"]'::jsonb, now()),
            ('19:unregistered@thread.tacv2', 'https://smba.example/', '["924"]'::jsonb, NULL)`,
  );
  const soon = addDays(helsinkiDate(monday), 2);
  for (const [id, municipality] of [["k-soon", "Kaustinen"], ["v-soon", "Veteli"]]) {
    const created = await call(server.baseUrl, "POST", "/api/admin/items", {
      token: server.tokens.areaAdmin,
      body: { id, kind: "vacancy", title: `Haku päättyy ${id}`, description: "Pian.", municipality, validUntil: soon },
    });
    expect(created.status).toBe(201);
  }
});

afterAll(async () => {
  await server?.close();
});

function deps(now: Date): AdminJobsDeps {
  return {
    database: server.database,
    repository: server.admin.repository,
    logger: createSilentLogger(),
    retentionDays: 90,
    digestSchedule: "mon 08:00",
    digestSender: createAdvisorChannelDigestSender({
      database: server.database,
      postCard: async (channel, card) => {
        posted.push({ channel: channel.channelId, card: card as Record<string, unknown> });
      },
    }),
    expiringDays: 7,
    staleDays: 180,
    adminUrl: "https://lahituki.example/admin",
    now: () => now,
  };
}

describe("scheduled admin jobs", () => {
  it("sends the weekly digest once, to the registered channel of the municipality with items to report", async () => {
    const first = await runDueAdminJobs(deps(monday));
    expect(first.digest).toBe(true);
    expect(posted.map((entry) => entry.channel)).toEqual(["19:kaustinen@thread.tacv2"]);
    expect(JSON.stringify(posted[0]!.card)).toContain("Haku päättyy k-soon");
    expect(JSON.stringify(posted[0]!.card)).not.toContain("v-soon");
    const again = await runDueAdminJobs(deps(new Date(monday.getTime() + 60_000)));
    expect(again.digest).toBe(false);
    expect(posted).toHaveLength(1);
  });

  it("runs retention once a day", async () => {
    const now = new Date(monday.getTime() + 10 * 86_400_000);
    const audit = async () =>
      (await server.database.query<{ count: number }>("SELECT count(*) AS count FROM admin_audit_log WHERE action = 'retention.run'")).rows[0]!.count;
    const before = await audit();
    expect((await runDueAdminJobs(deps(now))).retention).toBe(true);
    expect((await runDueAdminJobs(deps(new Date(now.getTime() + 2 * 60_000)))).retention).toBe(false);
    expect((await runDueAdminJobs(deps(new Date(now.getTime() + 86_400_000 + 120_000)))).retention).toBe(true);
    expect(await audit()).toBe(before + 2);
  });
});
