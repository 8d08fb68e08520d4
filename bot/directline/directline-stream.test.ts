import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { createSilentLogger } from "../../platform/index.js";
import { DirectLineNotifier } from "./directline-notifier.js";
import { DIRECTLINE_PATH } from "./directline-router.js";
import type { DirectLineStore } from "./directline-store.js";
import { attachDirectLineStream } from "./directline-stream.js";
import { DirectLineTokens } from "./directline-tokens.js";

let server: Server | undefined;
let closeStreams: (() => Promise<void>) | undefined;

afterEach(async () => {
  await closeStreams?.();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe("Direct Line stream", () => {
  it("closes a stream when its token expires, so a revoked or stolen token does not keep reading", async () => {
    // A 2-second token; the configuration allows no less than 60 s, which is too long for a test.
    const tokens = await DirectLineTokens.create({ database: undefined as never, secret: "s".repeat(32), ttlSeconds: 2 });
    const conversationId = "conv-expiry-0001";
    const { token } = await tokens.issue({ conversationId, userId: "dl_user" });
    const store = { list: async () => ({ activities: [], watermark: "0" }) } as unknown as DirectLineStore;
    server = createServer();
    closeStreams = attachDirectLineStream(server, { tokens, store, notifier: new DirectLineNotifier(), logger: createSilentLogger(), pollIntervalMs: 100_000 });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", () => resolve()));
    const { port } = server.address() as AddressInfo;
    const ws = new WebSocket(`ws://127.0.0.1:${port}${DIRECTLINE_PATH}/conversations/${conversationId}/stream?t=${encodeURIComponent(token)}`);
    const opened = await new Promise<boolean>((resolve) => {
      ws.once("open", () => resolve(true));
      ws.once("error", () => resolve(false));
    });
    expect(opened).toBe(true);
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    expect(closed).toEqual({ code: 1008, reason: "token expired" });
    // Reconnecting with the expired token is refused.
    const again = new WebSocket(`ws://127.0.0.1:${port}${DIRECTLINE_PATH}/conversations/${conversationId}/stream?t=${encodeURIComponent(token)}`);
    const status = await new Promise<number | undefined>((resolve) => {
      again.once("unexpected-response", (_request, response) => resolve(response.statusCode));
      again.once("open", () => resolve(undefined));
      again.once("error", () => resolve(undefined));
    });
    expect(status).toBe(401);
  }, 15_000);
});
