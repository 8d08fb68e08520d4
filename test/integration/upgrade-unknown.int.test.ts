import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../bot/main.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";

let running: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-upgrade-"));
  running = await startServer(loadConfig({ DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", SEED_DEMO: "false" }), createSilentLogger());
});

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Sends a raw WebSocket upgrade request and resolves with what came back once the server closed the socket. */
function rawUpgrade(pathname: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(running.port, "127.0.0.1", () => {
      socket.write(
        `GET ${pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      );
    });
    let received = "";
    socket.on("data", (chunk) => (received += chunk.toString()));
    socket.on("close", () => resolve(received));
    socket.on("error", reject);
  });
}

describe("WebSocket upgrades", () => {
  it("answers an upgrade to an unknown path with 404 and closes the socket", async () => {
    expect(await rawUpgrade("/nope")).toMatch(/^HTTP\/1\.1 404 Not Found/);
  });

  it("still refuses a Direct Line stream without a token with 401", async () => {
    expect(await rawUpgrade("/v3/directline/conversations/abcdefgh1234/stream")).toMatch(/^HTTP\/1\.1 401/);
  });
});
