import { describe, expect, it } from "vitest";
import { withConnectorRetry } from "./connector-retry.js";

const noSleep = async () => undefined;

describe("connector retry", () => {
  it("retries 429, 412, 502 and 504 and returns the later success", async () => {
    for (const status of [429, 412, 502, 504]) {
      let calls = 0;
      const result = await withConnectorRetry(
        async () => {
          calls += 1;
          if (calls === 1) throw Object.assign(new Error("transient"), { statusCode: status });
          return "ok";
        },
        { sleep: noSleep },
      );
      expect([status, result, calls]).toEqual([status, "ok", 2]);
    }
  });

  it("does not retry a 403 and gives up after the attempts", async () => {
    let calls = 0;
    await expect(
      withConnectorRetry(async () => {
        calls += 1;
        throw Object.assign(new Error("forbidden"), { statusCode: 403 });
      }, { sleep: noSleep }),
    ).rejects.toThrow("forbidden");
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withConnectorRetry(async () => {
        calls += 1;
        throw Object.assign(new Error("busy"), { statusCode: 429 });
      }, { sleep: noSleep, attempts: 3 }),
    ).rejects.toThrow("busy");
    expect(calls).toBe(3);
  });
});
