import { finnishHolidayOn } from "./finnish-holidays.js";

/**
 * Office hours as configured (`OFFICE_HOURS`): `always`, or comma-separated day ranges with a time
 * window, e.g. `mon-fri 08:00-16:00, sat 10:00-12:00`. Times are Europe/Helsinki wall-clock time;
 * Finnish public holidays (and Midsummer/Christmas Eve) are closed unless the spec is `always`.
 */
export type OfficeHours =
  | { readonly kind: "always" }
  | { readonly kind: "weekly"; readonly windows: readonly OfficeWindow[]; readonly source: string };

export interface OfficeWindow {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  readonly days: readonly number[];
  /** Minutes from local midnight, start inclusive, end exclusive. */
  readonly startMinute: number;
  readonly endMinute: number;
}

const DAY_NAMES: Record<string, number> = {
  mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7,
  ma: 1, ti: 2, ke: 3, to: 4, pe: 5, la: 6, su: 7,
};

export class OfficeHoursSyntaxError extends Error {}

function parseTime(text: string, spec: string): number {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(text);
  if (!match) throw new OfficeHoursSyntaxError(`Invalid time "${text}" in office hours "${spec}" (use HH:MM)`);
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) {
    throw new OfficeHoursSyntaxError(`Invalid time "${text}" in office hours "${spec}"`);
  }
  return hours * 60 + minutes;
}

function parseDays(text: string, spec: string): number[] {
  const days = new Set<number>();
  for (const part of text.split("/")) {
    const [from, to] = part.split("-").map((value) => value.trim().toLowerCase());
    const start = from ? DAY_NAMES[from] : undefined;
    const end = to === undefined ? start : DAY_NAMES[to];
    if (start === undefined || end === undefined) {
      throw new OfficeHoursSyntaxError(`Invalid days "${text}" in office hours "${spec}" (use mon-fri, sat, …)`);
    }
    for (let day = start; ; day = (day % 7) + 1) {
      days.add(day);
      if (day === end) break;
    }
  }
  return [...days].sort();
}

/** Parses an office-hours spec; throws `OfficeHoursSyntaxError` naming the bad part. */
export function parseOfficeHours(spec: string): OfficeHours {
  const trimmed = spec.trim().toLowerCase();
  if (trimmed === "always" || trimmed === "24/7") return { kind: "always" };
  const windows: OfficeWindow[] = [];
  for (const segment of trimmed.split(",").map((part) => part.trim()).filter(Boolean)) {
    const match = /^([a-z/-]+)\s+(\d{1,2}[:.]\d{2})\s*-\s*(\d{1,2}[:.]\d{2})$/.exec(segment);
    if (!match) {
      throw new OfficeHoursSyntaxError(`Invalid office hours "${spec}" (example: "mon-fri 08:00-16:00" or "always")`);
    }
    const startMinute = parseTime(match[2]!, spec);
    const endMinute = parseTime(match[3]!, spec);
    if (endMinute <= startMinute) throw new OfficeHoursSyntaxError(`Office hours end before they start in "${spec}"`);
    windows.push({ days: parseDays(match[1]!, spec), startMinute, endMinute });
  }
  if (windows.length === 0) throw new OfficeHoursSyntaxError(`Empty office hours "${spec}"`);
  return { kind: "weekly", windows, source: spec.trim() };
}

export interface HelsinkiTime {
  /** `YYYY-MM-DD` in Helsinki. */
  readonly date: string;
  /** ISO weekday, 1 = Monday. */
  readonly weekday: number;
  readonly minute: number;
}

const helsinkiFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Helsinki",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  weekday: "short",
  hourCycle: "h23",
});

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Wall-clock date, weekday and minute of an instant in Europe/Helsinki (DST handled by Intl). */
export function helsinkiTime(instant: Date): HelsinkiTime {
  const parts = Object.fromEntries(helsinkiFormat.formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday ?? "Mon"] ?? 1,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** True when advisors are on duty at `instant`. */
export function isWithinOfficeHours(hours: OfficeHours, instant: Date): boolean {
  if (hours.kind === "always") return true;
  const local = helsinkiTime(instant);
  if (finnishHolidayOn(local.date)) return false;
  return hours.windows.some(
    (window) => window.days.includes(local.weekday) && local.minute >= window.startMinute && local.minute < window.endMinute,
  );
}

const DAY_LABELS = {
  fi: ["ma", "ti", "ke", "to", "pe", "la", "su"],
  sv: ["mån", "tis", "ons", "tors", "fre", "lör", "sön"],
  en: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
} as const;

function formatMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}.${String(minute % 60).padStart(2, "0")}`;
}

/** Human-readable office hours for a person, e.g. "ma–pe 08.00–16.00". */
export function describeOfficeHours(hours: OfficeHours, language: "fi" | "sv" | "en"): string {
  if (hours.kind === "always") return language === "fi" ? "aina" : language === "sv" ? "alltid" : "always";
  const labels = DAY_LABELS[language];
  return hours.windows
    .map((window) => {
      const first = window.days[0]!;
      const last = window.days[window.days.length - 1]!;
      const contiguous = window.days.length === last - first + 1;
      const days = window.days.length === 1
        ? labels[first - 1]
        : contiguous
          ? `${labels[first - 1]}–${labels[last - 1]}`
          : window.days.map((day) => labels[day - 1]).join(", ");
      return `${days} ${formatMinute(window.startMinute)}–${formatMinute(window.endMinute)}`;
    })
    .join(", ");
}

/**
 * Office hours per employment area: `OFFICE_HOURS` is the default and `OFFICE_HOURS_BY_AREA`
 * (`area-id=spec; other-area=spec`) overrides it for single areas.
 */
export interface OfficeHoursPolicy {
  forArea(areaId: string | undefined): OfficeHours;
}

export function createOfficeHoursPolicy(defaultSpec: string, byAreaSpec: string | undefined): OfficeHoursPolicy {
  const fallback = parseOfficeHours(defaultSpec);
  const overrides = new Map<string, OfficeHours>();
  for (const entry of (byAreaSpec ?? "").split(";").map((part) => part.trim()).filter(Boolean)) {
    const separator = entry.indexOf("=");
    if (separator <= 0) throw new OfficeHoursSyntaxError(`Invalid OFFICE_HOURS_BY_AREA entry "${entry}" (use area-id=spec)`);
    overrides.set(entry.slice(0, separator).trim().toLowerCase(), parseOfficeHours(entry.slice(separator + 1)));
  }
  return {
    forArea(areaId) {
      return (areaId ? overrides.get(areaId.toLowerCase()) : undefined) ?? fallback;
    },
  };
}
