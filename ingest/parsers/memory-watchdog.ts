import { readFileSync } from "node:fs";

/** How often a child's memory is read: fast enough that a runaway inflate overshoots by little. */
const POLL_INTERVAL_MS = 20;
/** Share of the limit at which the child is killed, so that growth between two reads stays under it. */
const KILL_AT_SHARE = 0.9;

export interface MemoryWatchdog {
  /** Whether the child went over the limit and was killed for it. */
  exceeded(): boolean;
  /** Highest resident memory seen, in MB (the kernel's high-water mark when it exposes one). */
  peakMb(): number;
  stop(): void;
}

/** Resident and peak resident memory of a process from /proc, in kB; undefined once it is gone. */
function readResidentKb(pid: number): { current: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "latin1");
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
    const current = field("VmRSS");
    return Number.isNaN(current) ? undefined : { current, peak: Math.max(current, field("VmHWM") || 0) };
  } catch {
    return undefined;
  }
}

/**
 * Kills a child process with SIGKILL before its resident memory passes `limitMb`. V8's heap flags do
 * not bound it: parsers decompress into typed arrays and native buffers outside the heap (a 1.5 MB
 * PDF can inflate to gigabytes). Reads /proc, so it watches on Linux (the deployment platform);
 * elsewhere only the heap limit and the time limit apply.
 */
export function watchMemory(child: { readonly pid?: number | undefined; kill(signal: NodeJS.Signals): boolean }, limitMb: number): MemoryWatchdog {
  let peakKb = 0;
  let over = false;
  const check = () => {
    if (child.pid === undefined) return;
    const resident = readResidentKb(child.pid);
    if (!resident) return;
    peakKb = Math.max(peakKb, resident.peak);
    if (resident.current > limitMb * 1024 * KILL_AT_SHARE && !over) {
      over = true;
      child.kill("SIGKILL");
    }
  };
  const timer = setInterval(check, POLL_INTERVAL_MS);
  timer.unref();
  return {
    exceeded: () => over,
    peakMb: () => Math.round(peakKb / 1024),
    stop: () => {
      check();
      clearInterval(timer);
    },
  };
}
