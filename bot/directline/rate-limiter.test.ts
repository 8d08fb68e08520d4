import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter.js";

describe("RateLimiter", () => {
  it("allows the limit per window, rejects the rest, and reports the first rejection once", () => {
    let now = 0;
    const limiter = new RateLimiter(2, 60_000, () => now);
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a")).toMatchObject({ allowed: false, firstRejection: true, retryAfterSeconds: 60 });
    expect(limiter.take("a")).toMatchObject({ allowed: false, firstRejection: false });
    expect(limiter.take("b").allowed).toBe(true);
    now = 60_000;
    expect(limiter.take("a")).toMatchObject({ allowed: true });
  });
});
