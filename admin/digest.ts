import { buildDigestCard } from "../adaptive-cards/index.js";
import type { SqlSubmissionRepository } from "../ingest/index.js";
import type { AdminRepository } from "./admin-repository.js";
import type { AdminLanguage } from "./messages.js";
import { addDays } from "../knowledge/index.js";

/**
 * Sends the weekly freshness digest to a municipality's registered Teams channel(s). Implemented
 * over the Teams capability's advisor channels (see advisor-channel-digest-sender.ts); a fake in tests.
 */
export interface DigestSender {
  /** Statistics Finland codes that have at least one registered channel. */
  municipalitiesWithChannels(): Promise<readonly string[]>;
  /** Posts the card to every channel registered for the municipality. */
  send(municipality: string, card: Readonly<Record<string, unknown>>): Promise<void>;
}

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

export interface DigestSchedule {
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
  readonly hour: number;
  readonly minute: number;
}

/** "mon 08:00" → schedule; "off" → undefined. The config schema has checked the shape. */
export function parseDigestSchedule(value: string): DigestSchedule | undefined {
  const match = /^(mon|tue|wed|thu|fri|sat|sun) (\d{2}):(\d{2})$/i.exec(value.trim());
  if (!match) return undefined;
  return {
    weekday: WEEKDAYS.indexOf(match[1]!.toLowerCase() as (typeof WEEKDAYS)[number]),
    hour: Number(match[2]),
    minute: Number(match[3]),
  };
}

const HELSINKI_PARTS = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Helsinki",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** Wall-clock parts of an instant in Europe/Helsinki. */
function helsinkiParts(instant: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = Object.fromEntries(HELSINKI_PARTS.formatToParts(instant).map((part) => [part.type, part.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute) };
}

/** The instant at which Helsinki wall-clock time is the given local time (DST-aware). */
export function helsinkiInstant(isoDate: string, hour: number, minute: number): Date {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wanted - 2 * 3_600_000;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const parts = helsinkiParts(new Date(guess));
    const shown = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
    guess += wanted - shown;
  }
  return new Date(guess);
}

/** The latest scheduled instant at or before `now` (within the past week). */
export function latestScheduledInstant(schedule: DigestSchedule, now: Date): Date {
  const parts = helsinkiParts(now);
  const today = `${parts.year}-${String(parts.month).padStart(2, "0")}-${String(parts.day).padStart(2, "0")}`;
  for (let back = 0; back <= 7; back += 1) {
    const date = addDays(today, -back);
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (weekday !== schedule.weekday) continue;
    const instant = helsinkiInstant(date, schedule.hour, schedule.minute);
    if (instant.getTime() <= now.getTime()) return instant;
  }
  return helsinkiInstant(addDays(today, -7), schedule.hour, schedule.minute);
}

/** Items listed per section of a digest card. */
const LIST_LIMIT = 10;

/**
 * Sends each municipality with a registered channel its digest; municipalities with nothing to
 * report get no message (a weekly "all fine" would teach people to ignore the channel).
 */
export async function sendWeeklyDigests(
  deps: { repository: AdminRepository; sender: DigestSender; submissions?: Pick<SqlSubmissionRepository, "pendingBefore"> | undefined },
  options: { today: string; now: Date; expiringDays: number; staleDays: number; adminUrl: string; language: AdminLanguage; pendingDays?: number | undefined },
): Promise<{ sent: string[]; skipped: string[] }> {
  const sent: string[] = [];
  const skipped: string[] = [];
  const pendingDays = options.pendingDays ?? 3;
  const waiting = deps.submissions ? await deps.submissions.pendingBefore(new Date(options.now.getTime() - pendingDays * 86_400_000)) : [];
  for (const municipality of await deps.sender.municipalitiesWithChannels()) {
    const ownWaiting = waiting.filter((submission) => submission.draft.municipality === municipality);
    const pending = {
      items: ownWaiting.map((submission) => ({ title: submission.draft.title, employerName: submission.draft.employerName, createdAt: submission.createdAt })),
      total: ownWaiting.length,
    };
    const base = { municipalities: [municipality], includeAreaWide: false, today: options.today, limit: LIST_LIMIT, offset: 0 };
    const expiring = await deps.repository.listItems({ ...base, expiringBy: addDays(options.today, options.expiringDays) });
    const stale = await deps.repository.listItems({ ...base, updatedBefore: new Date(options.now.getTime() - options.staleDays * 86_400_000) });
    if (expiring.total === 0 && stale.total === 0 && pending.total === 0) {
      skipped.push(municipality);
      continue;
    }
    await deps.sender.send(
      municipality,
      buildDigestCard({ municipality, language: options.language, expiring, stale, expiringDays: options.expiringDays, staleDays: options.staleDays, adminUrl: options.adminUrl, pending, pendingDays }),
    );
    sent.push(municipality);
  }
  return { sent, skipped };
}
