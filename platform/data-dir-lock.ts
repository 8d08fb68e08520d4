import { randomBytes } from "node:crypto";
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from "node:fs";
import path from "node:path";
import { DataDirLockedError } from "./errors.js";

/** What the holder of DATA_DIR publishes so that CLIs can reach it instead of opening the directory. */
export interface DataDirLockInfo {
  readonly pid: number;
  /** Port of the running server, once it listens. */
  readonly port?: number | undefined;
  /** Shared secret for the server's local-only CLI routes (file readable by the same user only). */
  readonly secret: string;
  readonly startedAt: string;
}

export interface DataDirLock {
  readonly info: DataDirLockInfo;
  /** Records the listening port for CLIs. */
  setPort(port: number): void;
  release(): void;
}

const LOCK_FILE = "lahituki.lock";
/** Directories this process holds: its own pid in the lock file must not count as "free". */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The live holder of `dataDir`, if any (a stale lock of a dead process counts as free). */
export function readDataDirLock(dataDir: string): DataDirLockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), "utf8")) as DataDirLockInfo;
    return info.pid !== process.pid && isAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the embedded database directory for this process. PGlite must never be opened twice on one
 * directory (it would corrupt it), so a second process gets `DataDirLockedError` naming the holder.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const key = path.resolve(dataDir);
  if (heldHere.has(key)) {
    throw new DataDirLockedError(
      `The embedded database in ${dataDir} is already open in this process (pid ${process.pid}); close it before opening it again.`,
      { pid: process.pid },
    );
  }
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  let info: DataDirLockInfo = {
    pid: process.pid,
    secret: randomBytes(24).toString("hex"),
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const descriptor = openSync(file, "wx", 0o600);
      writeFileSync(descriptor, JSON.stringify(info));
      closeSync(descriptor);
      let released = false;
      heldHere.add(key);
      const release = () => {
        if (released) return;
        released = true;
        heldHere.delete(key);
        try {
          const current = JSON.parse(readFileSync(file, "utf8")) as DataDirLockInfo;
          if (current.pid === process.pid) rmSync(file, { force: true });
        } catch {
          // Already gone.
        }
      };
      process.once("exit", release);
      return {
        get info() {
          return info;
        },
        setPort(port: number) {
          info = { ...info, port };
          writeFileSync(file, JSON.stringify(info), { mode: 0o600 });
        },
        release,
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readDataDirLock(dataDir);
      if (holder) {
        throw new DataDirLockedError(
          `The embedded database in ${dataDir} is in use by another Lähituki process (pid ${holder.pid}${holder.port ? `, server on port ${holder.port}` : ""}). Stop it first, or use a different DATA_DIR.`,
          { pid: holder.pid, port: holder.port },
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock ${dataDir}`, { pid: 0 });
}
