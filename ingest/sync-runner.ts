import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { helsinkiDate } from "../knowledge/index.js";
import type { SqlClient } from "../platform/index.js";
import { AppError, NotFoundError } from "../platform/index.js";
import type { SourceAdapter } from "./sources/source-adapter.js";
import { syncSource, type SyncDeps, type SyncStatus, type SyncSummary } from "./sync.js";

/**
 * Cluster-wide mutual exclusion of a source's sync: a lease row per source. A lease (not a
 * PostgreSQL advisory lock) because a pooled connection cannot hold a session lock across a sync
 * that spends minutes on the network, and because the row also keeps the last start time, so the
 * interval holds across instances and restarts. A crashed holder's lease simply expires.
 */
export interface SyncLeaseStore {
  /**
   * Takes the lease when it is free (or expired) and, when `dueAfterMs` is given, only if the last
   * start was at least that long ago. True when taken.
   */
  acquire(source: string, holder: string, options: { leaseMs: number; dueAfterMs?: number | undefined }): Promise<boolean>;
  renew(source: string, holder: string, leaseMs: number): Promise<void>;
  release(source: string, holder: string, status: SyncStatus): Promise<void>;
}

export class SqlSyncLeaseStore implements SyncLeaseStore {
  constructor(private readonly database: SqlClient) {}

  async acquire(source: string, holder: string, options: { leaseMs: number; dueAfterMs?: number | undefined }): Promise<boolean> {
    // One statement: ON CONFLICT DO UPDATE locks the row, so two instances cannot both win.
    const result = await this.database.query<{ source: string }>(
      `INSERT INTO source_sync_state AS state (source, lease_holder, lease_expires_at, last_started_at)
       VALUES ($1, $2, now() + $3::double precision * interval '1 millisecond', now())
       ON CONFLICT (source) DO UPDATE
         SET lease_holder = EXCLUDED.lease_holder, lease_expires_at = EXCLUDED.lease_expires_at, last_started_at = now()
         WHERE (state.lease_expires_at IS NULL OR state.lease_expires_at < now())
           AND ($4::double precision IS NULL OR state.last_started_at IS NULL
                OR state.last_started_at <= now() - $4::double precision * interval '1 millisecond')
       RETURNING source`,
      [source, holder, options.leaseMs, options.dueAfterMs ?? null],
    );
    return result.rows.length === 1;
  }

  async renew(source: string, holder: string, leaseMs: number): Promise<void> {
    await this.database.query(
      `UPDATE source_sync_state SET lease_expires_at = now() + $3::double precision * interval '1 millisecond'
       WHERE source = $1 AND lease_holder = $2`,
      [source, holder, leaseMs],
    );
  }

  async release(source: string, holder: string, status: SyncStatus): Promise<void> {
    await this.database.query(
      `UPDATE source_sync_state
       SET lease_holder = NULL, lease_expires_at = NULL, last_finished_at = now(), last_status = $3
       WHERE source = $1 AND lease_holder = $2`,
      [source, holder, status],
    );
  }
}

/** A sync of this source is running (here or in another instance). */
export class SyncBusyError extends AppError {
  constructor(source: string) {
    super(`A sync of ${source} is already running; try again when it has finished.`, {
      code: "sync_running",
      status: 409,
      expose: true,
    });
  }
}

export interface SyncRunnerDeps extends SyncDeps {
  readonly leases: SyncLeaseStore;
  /** Configured sources by name. */
  readonly adapters: ReadonlyMap<string, SourceAdapter>;
  /** Why a known source is not available (e.g. "TMT_SUBSCRIPTION_KEY is not set"). */
  readonly unavailable?: ReadonlyMap<string, string> | undefined;
  /** Lease length; renewed every third of it while a sync runs. Default 30 minutes. */
  readonly leaseMs?: number | undefined;
  readonly today?: (() => string) | undefined;
  /** This instance's lease holder id; default host:pid:random. */
  readonly holder?: string | undefined;
}

/** Runs syncs under the lease: now (CLI, admin) or when due (scheduler). */
export class SyncRunner {
  readonly holder: string;
  private readonly listeners = new Set<(source: string, ids: readonly string[]) => Promise<void> | void>();

  constructor(private readonly deps: SyncRunnerDeps) {
    this.holder = deps.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  }

  /**
   * Adds a listener for the ids each sync inserted or updated (job alerts hook in here, next to
   * `deps.onItemsChanged`). Returns a function that removes it.
   */
  addItemsChangedListener(listener: (source: string, ids: readonly string[]) => Promise<void> | void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get sources(): string[] {
    return [...this.deps.adapters.keys()];
  }

  adapter(source: string): SourceAdapter {
    const adapter = this.deps.adapters.get(source);
    if (adapter) return adapter;
    const reason = this.deps.unavailable?.get(source);
    if (reason) throw new NotFoundError(`Source ${source} is not configured: ${reason}`);
    const known = [...this.deps.adapters.keys(), ...(this.deps.unavailable?.keys() ?? [])];
    throw new NotFoundError(`Unknown source "${source}"; sources: ${known.join(", ")}`);
  }

  /** Runs now, unless a sync of the source is running anywhere (`SyncBusyError`). */
  async runNow(source: string, options: { actor?: string | undefined; signal?: AbortSignal | undefined } = {}): Promise<SyncSummary> {
    const adapter = this.adapter(source);
    const summary = await this.underLease(adapter, undefined, options);
    if (!summary) throw new SyncBusyError(source);
    return summary;
  }

  /** Runs when the last start is `intervalMs` ago and nobody holds the lease; undefined when skipped. */
  async runIfDue(source: string, intervalMs: number, options: { signal?: AbortSignal | undefined } = {}): Promise<SyncSummary | undefined> {
    return this.underLease(this.adapter(source), intervalMs, options);
  }

  private async underLease(
    adapter: SourceAdapter,
    dueAfterMs: number | undefined,
    options: { actor?: string | undefined; signal?: AbortSignal | undefined },
  ): Promise<SyncSummary | undefined> {
    const leaseMs = this.deps.leaseMs ?? 30 * 60_000;
    if (!(await this.deps.leases.acquire(adapter.name, this.holder, { leaseMs, dueAfterMs }))) return undefined;
    const heartbeat = setInterval(() => {
      this.deps.leases.renew(adapter.name, this.holder, leaseMs).catch((error: unknown) => {
        this.deps.logger.warn({ err: error, source: adapter.name }, "source_sync.lease_renew_failed");
      });
    }, Math.max(1000, Math.floor(leaseMs / 3)));
    heartbeat.unref();
    let status: SyncStatus = "failed";
    try {
      const onItemsChanged = async (source: string, ids: readonly string[]) => {
        // One failing listener must not keep the others from hearing about the change.
        for (const listener of [this.deps.onItemsChanged, ...this.listeners]) {
          if (!listener) continue;
          try {
            await listener(source, ids);
          } catch (error) {
            this.deps.logger.error({ err: error, source }, "source_sync.listener_failed");
          }
        }
      };
      const summary = await syncSource({ ...this.deps, onItemsChanged }, {
        adapter,
        today: (this.deps.today ?? helsinkiDate)(),
        actor: options.actor,
        signal: options.signal,
      });
      status = summary.status;
      return summary;
    } finally {
      clearInterval(heartbeat);
      await this.deps.leases.release(adapter.name, this.holder, status).catch((error: unknown) => {
        this.deps.logger.warn({ err: error, source: adapter.name }, "source_sync.lease_release_failed");
      });
    }
  }
}
