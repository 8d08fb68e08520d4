import { describe, expect, it } from "vitest";
import { easterSunday, finnishHolidayOn, finnishHolidays } from "./finnish-holidays.js";
import {
  createOfficeHoursPolicy,
  describeOfficeHours,
  helsinkiTime,
  isWithinOfficeHours,
  OfficeHoursSyntaxError,
  parseOfficeHours,
} from "./office-hours.js";

describe("Finnish holidays", () => {
  it("computes Easter for known years", () => {
    expect(easterSunday(2024)).toEqual({ month: 3, day: 31 });
    expect(easterSunday(2025)).toEqual({ month: 4, day: 20 });
    expect(easterSunday(2026)).toEqual({ month: 4, day: 5 });
  });

  it("places the movable holidays of 2026 on the right days", () => {
    const dates = finnishHolidays(2026).map((holiday) => `${holiday.date} ${holiday.en}`);
    expect(dates).toContain("2026-04-03 Good Friday");
    expect(dates).toContain("2026-04-06 Easter Monday");
    expect(dates).toContain("2026-05-14 Ascension Day");
    expect(dates).toContain("2026-06-19 Midsummer Eve");
    expect(dates).toContain("2026-06-20 Midsummer Day");
    expect(dates).toContain("2026-10-31 All Saints' Day");
  });

  it("moves All Saints' Day to the Saturday between 31 October and 6 November", () => {
    expect(finnishHolidayOn("2025-11-01")?.en).toBe("All Saints' Day");
    expect(finnishHolidayOn("2027-11-06")?.en).toBe("All Saints' Day");
    expect(finnishHolidayOn("2025-06-20")?.en).toBe("Midsummer Eve");
  });
});

describe("office hours", () => {
  const weekdays = parseOfficeHours("mon-fri 08:00-16:00");

  it("uses Helsinki wall-clock time across daylight saving", () => {
    expect(helsinkiTime(new Date("2026-01-14T06:30:00Z"))).toMatchObject({ weekday: 3, minute: 8 * 60 + 30 });
    expect(helsinkiTime(new Date("2026-07-15T05:30:00Z"))).toMatchObject({ weekday: 3, minute: 8 * 60 + 30 });
  });

  it("is open on a working day inside the window and closed outside it", () => {
    expect(isWithinOfficeHours(weekdays, new Date("2026-01-14T06:30:00Z"))).toBe(true);
    expect(isWithinOfficeHours(weekdays, new Date("2026-01-14T05:30:00Z"))).toBe(false);
    expect(isWithinOfficeHours(weekdays, new Date("2026-01-14T14:00:00Z"))).toBe(false);
    expect(isWithinOfficeHours(weekdays, new Date("2026-01-17T09:00:00Z"))).toBe(false);
  });

  it("is closed on a public holiday that falls on a weekday", () => {
    expect(isWithinOfficeHours(weekdays, new Date("2026-12-07T09:00:00Z"))).toBe(true);
    expect(isWithinOfficeHours(weekdays, new Date("2026-04-03T09:00:00Z"))).toBe(false);
    expect(isWithinOfficeHours(weekdays, new Date("2026-06-19T09:00:00Z"))).toBe(false);
  });

  it("is always open with 'always', holidays included", () => {
    expect(isWithinOfficeHours(parseOfficeHours("always"), new Date("2026-12-25T23:00:00Z"))).toBe(true);
  });

  it("parses several windows and Finnish day names", () => {
    const hours = parseOfficeHours("ma-to 09:00-15:00, pe 09.00-12.00");
    expect(isWithinOfficeHours(hours, new Date("2026-01-16T09:30:00Z"))).toBe(true);
    expect(isWithinOfficeHours(hours, new Date("2026-01-16T10:30:00Z"))).toBe(false);
    expect(describeOfficeHours(hours, "fi")).toBe("ma–to 09.00–15.00, pe 09.00–12.00");
  });

  it("rejects a malformed spec with a message naming it", () => {
    expect(() => parseOfficeHours("weekdays 8-16")).toThrow(OfficeHoursSyntaxError);
    expect(() => parseOfficeHours("mon-fri 16:00-08:00")).toThrow(/end before/);
  });

  it("lets one employment area override the default", () => {
    const policy = createOfficeHoursPolicy("mon-fri 08:00-16:00", "pohjoinen-keski-suomi=always");
    const saturday = new Date("2026-01-17T09:00:00Z");
    expect(isWithinOfficeHours(policy.forArea("pohjoinen-keski-suomi"), saturday)).toBe(true);
    expect(isWithinOfficeHours(policy.forArea("keski-pohjanmaa"), saturday)).toBe(false);
  });
});
