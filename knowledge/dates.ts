/** Calendar dates in Europe/Helsinki, as ISO strings (YYYY-MM-DD): the validity of items is judged by the local day. */
export const TIME_ZONE = "Europe/Helsinki";

const formatter = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Today's date in Helsinki, e.g. "2026-11-28". */
export function helsinkiDate(now: Date = new Date()): string {
  return formatter.format(now);
}

/** Adds whole days to an ISO date (calendar arithmetic in UTC, so no DST drift). */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both ISO dates); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const DATE_TOKEN = /^today(?:\s*([+-])\s*(\d{1,5}))?$/i;

/**
 * Resolves the evaluation sets' relative date tokens ("today", "today+30", "today-10") against
 * `today`; any other value is returned unchanged for the schema to judge.
 */
export function resolveDateToken(value: string, today: string): string {
  const match = DATE_TOKEN.exec(value.trim());
  if (!match) return value;
  const sign = match[1] === "-" ? -1 : 1;
  return addDays(today, sign * Number(match[2] ?? 0));
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
