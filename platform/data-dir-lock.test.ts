import { fork, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquireDataDirLock, readDataDirLock } from "./data-dir-lock.js";
import { DataDirLockedError } from "./errors.js";

const RACE_CHILD = path.resolve(import.meta.dirname, "../test/support/lock-race-child.ts");

function deadPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString());
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off("message", listener);
      resolve(message as T);
    };
    child.on("message", listener);
  });
}

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

  it("lets exactly one of many processes take over a stale lock at the same moment", async () => {
    const dataDir = path.join(root, "race");
    const racers = Array.from({ length: 8 }, () =>
      fork(RACE_CHILD, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] }),
    );
    try {
      await Promise.all(racers.map((child) => nextMessage(child, "ready")));
      const winnersPerRound: number[] = [];
      for (let round = 0; round < 10; round += 1) {
        acquireDataDirLock(dataDir).release();
        writeFileSync(path.join(dataDir, "lahituki.lock"), JSON.stringify({ pid: deadPid(), secret: `stale-${round}`, startedAt: "" }));
        const results = racers.map((child) => nextMessage<{ won: boolean; message?: string }>(child, "result"));
        const startAt = Date.now() + 300;
        for (const child of racers) child.send({ type: "race", dataDir, startAt });
        const outcomes = await Promise.all(results);
        winnersPerRound.push(outcomes.filter((outcome) => outcome.won).length);
        for (const outcome of outcomes.filter((entry) => !entry.won)) expect(outcome.message).toMatch(/in use by another Lähituki process/);
        const released = racers.map((child) => nextMessage(child, "released"));
        for (const child of racers) child.send({ type: "release" });
        await Promise.all(released);
      }
      expect(winnersPerRound).toEqual(Array.from({ length: 10 }, () => 1));
    } finally {
      for (const child of racers) child.kill();
    }
  }, 120_000);

  it("publishes the server's port for CLIs", () => {
    const dataDir = path.join(root, "port");
    const lock = acquireDataDirLock(dataDir);
    lock.setPort(4321);
    expect(lock.info.port).toBe(4321);
    lock.release();
  });
});
