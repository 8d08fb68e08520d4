import { helsinkiDate } from "../knowledge/index.js";
import type { Database } from "../platform/index.js";
import { describeError } from "../platform/index.js";
import type { Logger } from "../platform/index.js";
import type { SqlSubmissionRepository } from "../ingest/index.js";
import type { AdminRepository } from "./admin-repository.js";
import { latestScheduledInstant, parseDigestSchedule, sendWeeklyDigests, type DigestSender } from "./digest.js";
import { applyRetention } from "./privacy.js";

export interface AdminJobsDeps {
  readonly database: Database;
  readonly repository: AdminRepository;
  readonly logger: Logger;
  readonly retentionDays: number;
  /** "mon 08:00" (Europe/Helsinki) or "off". */
  readonly digestSchedule: string;
  readonly digestSender?: DigestSender | undefined;
  readonly expiringDays: number;
  readonly staleDays: number;
  /** Link in the digest card, e.g. PUBLIC_BASE_URL + "/admin". */
  readonly adminUrl: string;
  readonly now?: () => Date;
  /** Pending vacancy submissions, listed in the digest once older than `submissionReviewDays`. */
  readonly submissions?: SqlSubmissionRepository | undefined;
  readonly submissionReviewDays?: number | undefined;
}

const DAY_MS = 86_400_000;

/**
 * Claims a job run for this instance: true when the job's last run is before `dueAfter` and this
 * call moved it to `now`. The conditional UPDATE makes two instances never both run the job.
 */
async function claimJob(database: Database, job: string, dueAfter: Date, now: Date): Promise<boolean> {
  await database.query(
    "INSERT INTO admin_job_runs (job, last_run_at) VALUES ($1, 'epoch'::timestamptz) ON CONFLICT (job) DO NOTHING",
    [job],
  );
  const claimed = await database.query("UPDATE admin_job_runs SET last_run_at = $2 WHERE job = $1 AND last_run_at < $3", [job, now, dueAfter]);
  return claimed.affectedRows > 0;
}

/** Runs whatever is due: retention once a day, the digest at its weekly time. */
export async function runDueAdminJobs(deps: AdminJobsDeps): Promise<{ retention: boolean; digest: boolean }> {
  const now = deps.now?.() ?? new Date();
  const ran = { retention: false, digest: false };
  if (await claimJob(deps.database, "retention", new Date(now.getTime() - DAY_MS + 60_000), now)) {
    const result = await applyRetention(deps, { days: deps.retentionDays, actor: "system:retention", now });
    deps.logger.info({ days: deps.retentionDays, total: result.total, rows: result.rows }, "admin.retention_done");
    ran.retention = true;
  }
  const schedule = parseDigestSchedule(deps.digestSchedule);
  if (schedule && deps.digestSender) {
    const due = latestScheduledInstant(schedule, now);
    // Only a run that is still this week's: a server that was down for days sends one digest, late.
    if (now.getTime() - due.getTime() < 6 * DAY_MS && (await claimJob(deps.database, "digest", new Date(due.getTime() + 1), now))) {
      const result = await sendWeeklyDigests(
        { repository: deps.repository, sender: deps.digestSender, submissions: deps.submissions },
        {
          today: helsinkiDate(now),
          now,
          expiringDays: deps.expiringDays,
          staleDays: deps.staleDays,
          adminUrl: deps.adminUrl,
          language: "fi",
          pendingDays: deps.submissionReviewDays,
        },
      );
      deps.logger.info({ sent: result.sent.length, skipped: result.skipped.length }, "admin.digest_done");
      ran.digest = true;
    }
  }
  return ran;
}

/** Checks for due jobs every `intervalMs` (default 10 minutes); the timer never keeps the process alive. */
export function startAdminJobs(deps: AdminJobsDeps, intervalMs = 10 * 60_000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = runDueAdminJobs(deps).catch((error: unknown) => {
      deps.logger.error({ err: error, message: describeError(error) }, "admin.jobs_failed");
    });
  };
  const first = setTimeout(tick, 5_000);
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
