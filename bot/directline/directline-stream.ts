import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { Logger } from "../../platform/index.js";
import type { DirectLineNotifier } from "./directline-notifier.js";
import type { DirectLineStore } from "./directline-store.js";
import type { DirectLineTokens } from "./directline-tokens.js";
import { DIRECTLINE_PATH } from "./directline-router.js";

export interface DirectLineStreamDeps {
  readonly tokens: DirectLineTokens;
  readonly store: DirectLineStore;
  readonly notifier: DirectLineNotifier;
  readonly logger: Logger;
  /** How often a stream re-reads the database for activities written by other instances. */
  readonly pollIntervalMs?: number;
}

const STREAM_PATH = new RegExp(`^${DIRECTLINE_PATH}/conversations/([A-Za-z0-9_-]{8,100})/stream$`);

/** Whether a WebSocket upgrade request is for a Direct Line stream (the only upgrade path we serve). */
export function isDirectLineStreamPath(requestUrl: string | undefined): boolean {
  return STREAM_PATH.test(new URL(requestUrl ?? "/", "http://localhost").pathname);
}

/**
 * The Direct Line WebSocket stream (`streamUrl`): sends `{"activities":[…],"watermark":"n"}` sets
 * as they are stored. Authenticated by the conversation's token in `t=` (or an Authorization
 * header); a stream can only read its own conversation. Returns a function that closes all streams.
 */
export function attachDirectLineStream(server: Server, deps: DirectLineStreamDeps): () => Promise<void> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const pollIntervalMs = deps.pollIntervalMs ?? 1000;

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return; // another module may own this upgrade path
    const conversationId = match[1]!;
    const headerToken = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
    const token = url.searchParams.get("t") ?? headerToken;
    const reject = (status: number, text: string) => {
      socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    if (!token) return reject(401, "Unauthorized");
    deps.tokens.verify(token).then(
      (claims) => {
        if (claims.conversationId !== conversationId) return reject(403, "Forbidden");
        const rawWatermark = url.searchParams.get("watermark");
        const watermark = rawWatermark && /^\d{1,15}$/.test(rawWatermark) ? Number(rawWatermark) : undefined;
        wss.handleUpgrade(request, socket, head, (ws) => serve(ws, conversationId, watermark, claims.expiresAt));
      },
      () => reject(401, "Unauthorized"),
    );
  };

  function serve(ws: WebSocket, conversationId: string, startWatermark: number | undefined, expiresAt: number): void {
    let watermark = startWatermark;
    let sending = false;
    let again = false;
    const flush = async () => {
      if (sending) {
        again = true;
        return;
      }
      sending = true;
      try {
        do {
          again = false;
          const page = await deps.store.list(conversationId, watermark);
          if (page.activities.length > 0 && ws.readyState === ws.OPEN) {
            ws.send(JSON.stringify({ activities: page.activities, watermark: page.watermark }));
            watermark = Number(page.watermark);
          }
        } while (again);
      } catch (error) {
        deps.logger.warn({ err: error, conversationId }, "directline.stream_read_failed");
      } finally {
        sending = false;
      }
    };
    const unsubscribe = deps.notifier.subscribe(conversationId, {
      stored: () => void flush(),
      ephemeral: (activity) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ activities: [activity] }));
      },
    });
    const poll = setInterval(() => void flush(), pollIntervalMs);
    const ping = setInterval(() => {
      if (ws.readyState === ws.OPEN) ws.ping();
    }, 30_000);
    // A stream lives no longer than its token: Web Chat reconnects with a refreshed one.
    const expiry = setTimeout(() => ws.close(1008, "token expired"), Math.max(0, expiresAt * 1000 - Date.now()));
    expiry.unref();
    ws.on("close", () => {
      unsubscribe();
      clearInterval(poll);
      clearInterval(ping);
      clearTimeout(expiry);
    });
    ws.on("error", () => ws.terminate());
    // Clients never need to send on the stream; ignore anything they do.
    ws.on("message", () => undefined);
    void flush();
  }

  server.on("upgrade", onUpgrade);
  return async () => {
    server.off("upgrade", onUpgrade);
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}
