/**
 * Finnish public holidays (and the two de facto days off, Midsummer Eve and Christmas Eve, when
 * public offices are closed), computed rather than taken from a holiday package: the rules are
 * few and fixed by law (Act on the Church Holidays / Kirkkolaki), and computing them keeps the
 * office-hours check offline and dependency-free.
 */
export interface FinnishHoliday {
  /** Calendar date in Helsinki, `YYYY-MM-DD`. */
  readonly date: string;
  readonly fi: string;
  readonly sv: string;
  readonly en: string;
}

function iso(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Easter Sunday (Gregorian, anonymous algorithm by Meeus/Jones/Butcher). */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

function shift(year: number, month: number, day: number, days: number): string {
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return iso(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** The weekday (0 = Sunday … 6 = Saturday) that falls in [fromDay, fromDay + 6] of a month. */
function weekdayBetween(year: number, month: number, fromDay: number, weekday: number): string {
  for (let offset = 0; offset < 7; offset += 1) {
    const date = new Date(Date.UTC(year, month - 1, fromDay + offset));
    if (date.getUTCDay() === weekday) {
      return iso(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
    }
  }
  throw new Error("unreachable");
}

const cache = new Map<number, readonly FinnishHoliday[]>();

/** Every public holiday and de facto day off of a year, sorted by date. */
export function finnishHolidays(year: number): readonly FinnishHoliday[] {
  const cached = cache.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  const at = (days: number) => shift(year, easter.month, easter.day, days);
  const holidays: FinnishHoliday[] = [
    { date: iso(year, 1, 1), fi: "Uudenvuodenpäivä", sv: "Nyårsdagen", en: "New Year's Day" },
    { date: iso(year, 1, 6), fi: "Loppiainen", sv: "Trettondedagen", en: "Epiphany" },
    { date: at(-2), fi: "Pitkäperjantai", sv: "Långfredagen", en: "Good Friday" },
    { date: at(0), fi: "Pääsiäispäivä", sv: "Påskdagen", en: "Easter Sunday" },
    { date: at(1), fi: "2. pääsiäispäivä", sv: "Annandag påsk", en: "Easter Monday" },
    { date: iso(year, 5, 1), fi: "Vappu", sv: "Första maj", en: "May Day" },
    { date: at(39), fi: "Helatorstai", sv: "Kristi himmelsfärdsdag", en: "Ascension Day" },
    { date: at(49), fi: "Helluntaipäivä", sv: "Pingstdagen", en: "Whit Sunday" },
    // Midsummer Eve: the Friday between 19 and 25 June; Midsummer Day: the Saturday after.
    { date: weekdayBetween(year, 6, 19, 5), fi: "Juhannusaatto", sv: "Midsommarafton", en: "Midsummer Eve" },
    { date: weekdayBetween(year, 6, 20, 6), fi: "Juhannuspäivä", sv: "Midsommardagen", en: "Midsummer Day" },
    // All Saints' Day: the Saturday between 31 October and 6 November.
    { date: weekdayBetween(year, 10, 31, 6), fi: "Pyhäinpäivä", sv: "Alla helgons dag", en: "All Saints' Day" },
    { date: iso(year, 12, 6), fi: "Itsenäisyyspäivä", sv: "Självständighetsdagen", en: "Independence Day" },
    { date: iso(year, 12, 24), fi: "Jouluaatto", sv: "Julafton", en: "Christmas Eve" },
    { date: iso(year, 12, 25), fi: "Joulupäivä", sv: "Juldagen", en: "Christmas Day" },
    { date: iso(year, 12, 26), fi: "Tapaninpäivä", sv: "Annandag jul", en: "St Stephen's Day" },
  ];
  holidays.sort((left, right) => left.date.localeCompare(right.date));
  cache.set(year, holidays);
  return holidays;
}

/** The holiday on a Helsinki calendar date (`YYYY-MM-DD`), if any. */
export function finnishHolidayOn(date: string): FinnishHoliday | undefined {
  const year = Number.parseInt(date.slice(0, 4), 10);
  return finnishHolidays(year).find((holiday) => holiday.date === date);
}
