/**
 * Child process for the data-directory lock race test: on each "race" message it waits for the
 * shared start time, tries to take the lock, reports the outcome and holds the lock until told
 * to release it, so that slower racers still see a live holder.
 */
import { acquireDataDirLock, type DataDirLock } from "../../platform/data-dir-lock.js";

interface RaceMessage {
  readonly type: "race" | "release";
  readonly dataDir?: string;
  readonly startAt?: number;
}

let held: DataDirLock | undefined;

process.on("message", (message: RaceMessage) => {
  if (message.type === "release") {
    held?.release();
    held = undefined;
    process.send?.({ type: "released" });
    return;
  }
  // Sleep most of the wait, then spin, so that every racer starts within a few microseconds.
  const startAt = message.startAt ?? Date.now();
  const sleepMs = startAt - Date.now() - 15;
  if (sleepMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, sleepMs);
  while (Date.now() < startAt) {
    // Spin until the start time.
  }
  try {
    held = acquireDataDirLock(message.dataDir!);
    process.send?.({ type: "result", won: true });
  } catch (error) {
    process.send?.({ type: "result", won: false, message: (error as Error).message });
  }
});
process.send?.({ type: "ready" });
