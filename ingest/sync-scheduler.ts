import type { Logger } from "../platform/index.js";
import type { SyncRunner } from "./sync-runner.js";

export interface ScheduledSource {
  readonly name: string;
  /** Minutes between syncs; 0 = not scheduled. */
  readonly intervalMinutes: number;
}

export interface SyncSchedulerOptions {
  readonly sources: readonly ScheduledSource[];
  /** How often a source is checked for being due; default min(interval, 5 min), ±20 % jitter. */
  readonly checkEveryMs?: number | undefined;
  /** The first check comes at a random moment within this window after start; default 60 s. */
  readonly firstCheckWithinMs?: number | undefined;
  readonly random?: (() => number) | undefined;
}

export interface SyncScheduler {
  /** Stops timers, cancels a running sync (it then writes nothing) and waits for it to end. */
  stop(): Promise<void>;
}

/**
 * Runs each configured source every `intervalMinutes`. Whether a source is due is decided by its
 * lease row (last start across all instances), so restarts and several instances keep the
 * interval, and the lease lets only one instance run a given sync. Checks are jittered so
 * instances and sources do not fire together, and this process runs one sync at a time (the
 * embedder and the two cores are shared with the chat).
 */
export function startSyncScheduler(
  deps: { readonly runner: SyncRunner; readonly logger: Logger },
  options: SyncSchedulerOptions,
): SyncScheduler {
  const random = options.random ?? Math.random;
  const controller = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  let queue: Promise<void> = Promise.resolve();
  const log = deps.logger.child({ module: "sync-scheduler" });

  const schedule = (source: ScheduledSource, delay: number) => {
    if (controller.signal.aborted) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      queue = queue.then(() => check(source));
    }, delay);
    timer.unref();
    timers.add(timer);
  };

  const check = async (source: ScheduledSource) => {
    if (controller.signal.aborted) return;
    const intervalMs = source.intervalMinutes * 60_000;
    try {
      const summary = await deps.runner.runIfDue(source.name, intervalMs, { signal: controller.signal });
      if (summary) log.info({ source: source.name, status: summary.status }, "sync_scheduler.ran");
    } catch (error) {
      log.error({ err: error, source: source.name }, "sync_scheduler.failed");
    }
    const every = options.checkEveryMs ?? Math.min(intervalMs, 5 * 60_000);
    schedule(source, Math.round(every * (0.8 + 0.4 * random())));
  };

  const active = options.sources.filter((source) => source.intervalMinutes > 0);
  for (const source of active) schedule(source, Math.round(random() * (options.firstCheckWithinMs ?? 60_000)));
  if (active.length > 0) {
    log.info({ sources: active.map((source) => `${source.name}/${source.intervalMinutes}min`) }, "sync_scheduler.started");
  }

  return {
    async stop() {
      controller.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await queue.catch(() => undefined);
    },
  };
}
