import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquireDataDirLock, readDataDirLock } from "./data-dir-lock.js";
import { DataDirLockedError } from "./errors.js";

const root = mkdtempSync(path.join(tmpdir(), "lahituki-lock-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("acquireDataDirLock", () => {
  it("refuses a second open of the same directory in the same process until released", () => {
    const dataDir = path.join(root, "same");
    const lock = acquireDataDirLock(dataDir);
    expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(`${dataDir}/`)).toThrow(/already open in this process/);
    lock.release();
    expect(existsSync(path.join(dataDir, "lahituki.lock"))).toBe(false);
    acquireDataDirLock(dataDir).release();
  });

  it("takes over the stale lock of a process that died", () => {
    const dataDir = path.join(root, "stale");
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
    acquireDataDirLock(dataDir).release();
    writeFileSync(path.join(dataDir, "lahituki.lock"), JSON.stringify({ pid: Number(dead), secret: "x", startedAt: "" }));
    expect(readDataDirLock(dataDir)).toBeUndefined();
    const lock = acquireDataDirLock(dataDir);
    expect(lock.info.pid).toBe(process.pid);
    lock.release();
  });

  it("publishes the server's port for CLIs", () => {
    const dataDir = path.join(root, "port");
    const lock = acquireDataDirLock(dataDir);
    lock.setPort(4321);
    expect(lock.info.port).toBe(4321);
    lock.release();
  });
});
