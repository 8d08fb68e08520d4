import { DatabaseError, type Database } from "../../platform/index.js";
import type { ItemChanges } from "./alert-delivery.js";

/**
 * Finds items written since the last scan, whatever wrote them (ingest CLI, admin API, uploads,
 * source syncs): the safety net under the direct `onItemsChanged` calls. Reads the knowledge
 * `items` table's `updated_at`, which every insert and content change sets.
 */
export interface ItemScanner {
  /** Changes since the stored watermark (minus `overlapMs`), and the watermark to store after handling them. */
  changesSinceLastScan(): Promise<{ readonly changes: ItemChanges[]; readonly scannedUntil: Date }>;
  saveWatermark(scannedUntil: Date): Promise<void>;
}

/**
 * Rows committed late by a transaction that started before the last scan carry an older
 * `updated_at`; re-reading this window catches them. Queuing is idempotent, so re-reads are harmless.
 */
const OVERLAP_MS = 10 * 60_000;

export function createSqlItemScanner(database: Database): ItemScanner {
  return {
    async changesSinceLastScan() {
      try {
        // The database's clock, the same one that stamps items.updated_at.
        const clock = await database.query<{ now: Date | string }>("SELECT now() AS now");
        const now = new Date(clock.rows[0]!.now);
        const state = await database.query<{ scanned_until: Date | string }>("SELECT scanned_until FROM alert_scan_state WHERE id = 1");
        const last = state.rows[0] ? new Date(state.rows[0].scanned_until) : undefined;
        // First run: start from now, so a fresh install does not treat the whole base as new.
        if (!last) return { changes: [], scannedUntil: now };
        const rows = await database.query<{ source: string; id: string }>(
          "SELECT source, id FROM items WHERE updated_at > $1 ORDER BY source, id LIMIT 20000",
          [new Date(last.getTime() - OVERLAP_MS)],
        );
        const bySource = new Map<string, string[]>();
        for (const row of rows.rows) bySource.set(row.source, [...(bySource.get(row.source) ?? []), row.id]);
        return { changes: [...bySource.entries()].map(([source, ids]) => ({ source, ids })), scannedUntil: now };
      } catch (error) {
        throw new DatabaseError("Scanning items for alerts failed", { cause: error });
      }
    },
    async saveWatermark(scannedUntil) {
      await database.query(
        `INSERT INTO alert_scan_state (id, scanned_until) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET scanned_until = GREATEST(alert_scan_state.scanned_until, EXCLUDED.scanned_until)`,
        [scannedUntil],
      );
    },
  };
}
