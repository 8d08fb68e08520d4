import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { embeddingSpace, HashedNgramEmbedder, SqlKnowledgeStore } from "../../knowledge/index.js";
import { applyMigrations, createSilentLogger, openPgliteDatabase, type Database } from "../../platform/index.js";
import type { SourceAdapter, SourceFetchContext, SourceFetchResult } from "../../ingest/sources/source-adapter.js";
import { SourceFetchError } from "../../ingest/sources/source-fetch-error.js";
import { SqlSyncLeaseStore, SyncBusyError, SyncRunner } from "../../ingest/sync-runner.js";
import { startSyncScheduler } from "../../ingest/sync-scheduler.js";

const logger = createSilentLogger();
const embedder = new HashedNgramEmbedder(64);
let database: Database;
let store: SqlKnowledgeStore;

beforeAll(async () => {
  database = await openPgliteDatabase({});
  await applyMigrations(database);
  store = new SqlKnowledgeStore(database);
  await store.ensureEmbeddingSpace({ space: embeddingSpace(embedder), dimensions: embedder.dimensions });
});

afterAll(async () => {
  await database?.close();
});

/** A source that returns one item; `hold()` makes the next fetch wait until released or cancelled. */
class ScriptedAdapter implements SourceAdapter {
  readonly allowEmpty = true;
  calls = 0;
  private gate: { promise: Promise<void>; release: () => void } | undefined;

  constructor(readonly name: string) {}

  hold(): () => void {
    let release = () => {};
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.gate = { promise, release };
    return release;
  }

  async fetchAll(context: SourceFetchContext): Promise<SourceFetchResult> {
    this.calls += 1;
    const gate = this.gate;
    this.gate = undefined;
    if (gate) {
      await new Promise<void>((resolve, reject) => {
        gate.promise.then(resolve, reject);
        context.signal?.addEventListener("abort", () => reject(new SourceFetchError("cancelled")), { once: true });
      });
    }
    return {
      records: [{ position: "#1", raw: { id: `${this.name}-1`, kind: "service", title: "Työnhakupaja", description: "Apua työnhakuun." } }],
      rejected: [],
      requests: 1,
    };
  }
}

function runner(adapter: SourceAdapter, holder: string): SyncRunner {
  return new SyncRunner({
    store,
    embedder,
    logger,
    leases: new SqlSyncLeaseStore(database),
    adapters: new Map([[adapter.name, adapter]]),
    unavailable: new Map([["tyomarkkinatori", "TMT_SUBSCRIPTION_KEY is not set"]]),
    holder,
    today: () => "2026-11-28",
  });
}

describe("sync lease", () => {
  it("lets only one instance run a source's sync at a time, and the interval counts across instances", async () => {
    const adapter = new ScriptedAdapter("lease-a");
    const first = runner(adapter, "instance-1");
    const second = runner(adapter, "instance-2");
    const release = adapter.hold();
    const running = first.runNow("lease-a");
    await vi.waitFor(() => expect(adapter.calls).toBe(1));
    await expect(second.runNow("lease-a")).rejects.toBeInstanceOf(SyncBusyError);
    expect(await second.runIfDue("lease-a", 0)).toBeUndefined();
    release();
    expect((await running).status).toBe("succeeded");
    // Just ran: not due for an hour, in any instance; due at once with a zero interval.
    expect(await second.runIfDue("lease-a", 60 * 60_000)).toBeUndefined();
    expect((await second.runIfDue("lease-a", 0))?.status).toBe("succeeded");
    expect(adapter.calls).toBe(2);
  });

  it("takes over the lease of a holder that died and tells listeners which items changed", async () => {
    const leases = new SqlSyncLeaseStore(database);
    // A crashed instance's lease, already past its expiry.
    expect(await leases.acquire("lease-b", "crashed", { leaseMs: -1000 })).toBe(true);
    const adapter = new ScriptedAdapter("lease-b");
    const subject = runner(adapter, "instance-3");
    const heard: Array<[string, readonly string[]]> = [];
    subject.addItemsChangedListener(() => {
      throw new Error("a broken listener");
    });
    subject.addItemsChangedListener((source, ids) => void heard.push([source, ids]));
    expect((await subject.runNow("lease-b")).status).toBe("succeeded");
    // Changed ids reach every listener, even after one of them failed.
    expect(heard).toEqual([["lease-b", ["lease-b-1"]]]);
  });

  it("names the missing setting of a known source that is not configured, and unknown sources", async () => {
    const subject = runner(new ScriptedAdapter("lease-c"), "instance-4");
    await expect(subject.runNow("tyomarkkinatori")).rejects.toThrow(/TMT_SUBSCRIPTION_KEY/);
    await expect(subject.runNow("nosuch")).rejects.toThrow(/Unknown source "nosuch"/);
  });
});

describe("sync scheduler", () => {
  it("runs a due source once per interval however often it checks", async () => {
    const adapter = new ScriptedAdapter("scheduled-a");
    const real = runner(adapter, "instance-5");
    let checks = 0;
    const counting = {
      runIfDue: (...args: Parameters<SyncRunner["runIfDue"]>) => {
        checks += 1;
        return real.runIfDue(...args);
      },
    } as unknown as SyncRunner;
    const scheduler = startSyncScheduler(
      { runner: counting, logger },
      { sources: [{ name: "scheduled-a", intervalMinutes: 60 }, { name: "off", intervalMinutes: 0 }], checkEveryMs: 5, firstCheckWithinMs: 0 },
    );
    await vi.waitFor(() => expect(checks).toBeGreaterThanOrEqual(4), { timeout: 10_000 });
    await scheduler.stop();
    expect(adapter.calls).toBe(1);
    expect((await store.sources()).find((status) => status.source === "scheduled-a")?.lastRun).toMatchObject({
      actor: "sync:scheduled-a",
      status: "succeeded",
    });
  });

  it("cancels a running sync on stop: it fails, writes nothing and frees the lease", async () => {
    const adapter = new ScriptedAdapter("scheduled-b");
    adapter.hold();
    const scheduler = startSyncScheduler(
      { runner: runner(adapter, "instance-6"), logger },
      { sources: [{ name: "scheduled-b", intervalMinutes: 1 }], checkEveryMs: 5, firstCheckWithinMs: 0 },
    );
    await vi.waitFor(() => expect(adapter.calls).toBe(1));
    await scheduler.stop();
    expect(await store.itemIds("scheduled-b")).toEqual([]);
    expect((await store.sources()).find((status) => status.source === "scheduled-b")?.lastRun?.status).toBe("failed");
    expect((await runner(adapter, "instance-7").runNow("scheduled-b")).status).toBe("succeeded");
  });
});
