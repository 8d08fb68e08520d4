import { describe, expect, it } from "vitest";
import { helsinkiInstant, latestScheduledInstant, parseDigestSchedule } from "./digest.js";

describe("weekly digest", () => {
  it("parses the schedule", () => {
    expect(parseDigestSchedule("mon 08:00")).toEqual({ weekday: 1, hour: 8, minute: 0 });
    expect(parseDigestSchedule("FRI 16:30")).toEqual({ weekday: 5, hour: 16, minute: 30 });
    expect(parseDigestSchedule("off")).toBeUndefined();
  });

  it("converts Helsinki wall-clock time in winter and summer time", () => {
    expect(helsinkiInstant("2026-11-30", 8, 0).toISOString()).toBe("2026-11-30T06:00:00.000Z");
    expect(helsinkiInstant("2026-06-01", 8, 0).toISOString()).toBe("2026-06-01T05:00:00.000Z");
  });

  it("finds the latest scheduled run at or before now", () => {
    const schedule = { weekday: 1, hour: 8, minute: 0 };
    expect(latestScheduledInstant(schedule, new Date("2026-11-30T06:30:00Z")).toISOString()).toBe("2026-11-30T06:00:00.000Z");
    expect(latestScheduledInstant(schedule, new Date("2026-11-30T05:59:00Z")).toISOString()).toBe("2026-11-23T06:00:00.000Z");
    expect(latestScheduledInstant(schedule, new Date("2026-12-03T12:00:00Z")).toISOString()).toBe("2026-11-30T06:00:00.000Z");
  });
});
