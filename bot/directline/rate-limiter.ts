/**
 * Fixed-window counters per key (token or client address). In memory per instance on purpose:
 * a limit is a flood guard, not an accounting record, and behind a load balancer each instance
 * enforcing it alone still bounds the total. Old windows are dropped as keys are touched.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number; noticed: boolean }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a request; `allowed` false when over the limit, `firstRejection` once per window. */
  take(key: string): { allowed: boolean; firstRejection: boolean; retryAfterSeconds: number } {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0, noticed: false };
      this.windows.set(key, window);
      if (this.windows.size > 50_000) this.prune(now);
    }
    window.count += 1;
    const retryAfterSeconds = Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
    if (window.count <= this.limit) return { allowed: true, firstRejection: false, retryAfterSeconds };
    const firstRejection = !window.noticed;
    window.noticed = true;
    return { allowed: false, firstRejection, retryAfterSeconds };
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
  }
}
