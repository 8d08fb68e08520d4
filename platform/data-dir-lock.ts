import { createHash, randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
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
const TAKEOVER_PREFIX = `${LOCK_FILE}.takeover-`;
/** A takeover marker older than this belongs to a finished takeover and may go. */
const TAKEOVER_MARKER_TTL_MS = 60_000;
/** Attempts while another process is halfway through taking over the same stale lock. */
const MAX_ATTEMPTS = 50;
/** Directories this process holds: its own pid in the lock file must not count as "free". */
const heldHere = new Set<string>();

/** Whether a process with this id exists (one of another user counts as alive). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parseLock(text: string): DataDirLockInfo | undefined {
  try {
    const info = JSON.parse(text) as DataDirLockInfo;
    return Number.isInteger(info.pid) && typeof info.secret === "string" ? info : undefined;
  } catch {
    return undefined;
  }
}

function readLockText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** The live holder of `dataDir`, if any (a stale lock of a dead process counts as free). */
export function readDataDirLock(dataDir: string): DataDirLockInfo | undefined {
  try {
    const info = parseLock(readLockText(path.join(dataDir, LOCK_FILE)) ?? "");
    return info && info.pid !== process.pid && isProcessAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `info` to a fresh file of its own, so that the lock file only ever appears complete. */
function writeTemporary(dataDir: string, info: DataDirLockInfo): string {
  const temporary = path.join(dataDir, `${LOCK_FILE}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  writeFileSync(temporary, JSON.stringify(info), { mode: 0o600, flag: "wx" });
  return temporary;
}

function pause(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/** Removes markers of takeovers long finished; a racer still holding the old text is long gone. */
function removeOldTakeoverMarkers(dataDir: string): void {
  for (const name of readdirSync(dataDir)) {
    if (!name.startsWith(TAKEOVER_PREFIX)) continue;
    const marker = path.join(dataDir, name);
    try {
      if (Date.now() - statSync(marker).mtimeMs > TAKEOVER_MARKER_TTL_MS) rmSync(marker, { force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}

/**
 * Takes the lock file for `info`: creates it when absent, or replaces a stale one. Both steps are
 * atomic, so of many processes racing for one directory exactly one gets it. Node has no flock(),
 * hence this own protocol: `link()` creates the complete file only if none exists; a stale lock
 * is replaced only by the one process that creates its takeover marker (named by a hash of the
 * stale file's exact text, with O_EXCL), after checking the file still holds that text.
 * Returns the live holder when another process has the directory.
 */
function takeLockFile(dataDir: string, info: DataDirLockInfo): DataDirLockInfo | undefined {
  const file = path.join(dataDir, LOCK_FILE);
  let lastMarker: string | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const temporary = writeTemporary(dataDir, info);
    try {
      linkSync(temporary, file);
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      rmSync(temporary, { force: true });
    }
    const staleText = readLockText(file);
    if (staleText === undefined) continue;
    const holder = parseLock(staleText);
    if (holder && holder.pid !== process.pid && isProcessAlive(holder.pid)) return holder;
    const marker = path.join(dataDir, `${TAKEOVER_PREFIX}${createHash("sha256").update(staleText).digest("hex").slice(0, 24)}`);
    try {
      writeFileSync(marker, String(process.pid), { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // Another process is taking over this very stale lock: let it finish, then look again.
      pause(5);
      lastMarker = marker;
      continue;
    }
    if (readLockText(file) !== staleText) continue;
    const replacement = writeTemporary(dataDir, info);
    renameSync(replacement, file);
    removeOldTakeoverMarkers(dataDir);
    return undefined;
  }
  removeOldTakeoverMarkers(dataDir);
  throw new DataDirLockedError(
    lastMarker
      ? `Could not lock ${dataDir}: a takeover of its stale lock did not finish (a process died during it?). Remove ${lastMarker} and start again.`
      : `Could not lock ${dataDir}: the lock file keeps changing`,
    { pid: 0 },
  );
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
  const holder = takeLockFile(dataDir, info);
  if (holder) {
    throw new DataDirLockedError(
      `The embedded database in ${dataDir} is in use by another Lähituki process (pid ${holder.pid}${holder.port ? `, server on port ${holder.port}` : ""}). Stop it first, or use a different DATA_DIR.`,
      { pid: holder.pid, port: holder.port },
    );
  }
  const ownsFile = () => {
    const current = parseLock(readLockText(file) ?? "");
    return current?.pid === process.pid && current.secret === info.secret;
  };
  let released = false;
  heldHere.add(key);
  const release = () => {
    if (released) return;
    released = true;
    heldHere.delete(key);
    try {
      if (ownsFile()) rmSync(file, { force: true });
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
      if (!ownsFile()) return;
      info = { ...info, port };
      renameSync(writeTemporary(dataDir, info), file);
    },
    release,
  };
}
