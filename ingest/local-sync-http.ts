import { timingSafeEqual } from "node:crypto";
import express, { type Router } from "express";
import { z } from "zod";
import { isAppError, ValidationError } from "../platform/index.js";
import type { Logger } from "../platform/index.js";
import { LOCAL_SECRET_HEADER } from "./local-ingest-http.js";
import type { SyncRunner } from "./sync-runner.js";

export const LOCAL_SYNC_PATH = "/api/local/sync";

const bodySchema = z.object({ source: z.string().min(1).max(100) });

/** Whitespace sent while a long sync runs, so no HTTP client times out waiting (JSON ignores it). */
const KEEPALIVE_MS = 20_000;

/**
 * Lets `npm run sync` run through the server that holds DATA_DIR instead of opening the embedded
 * database a second time. Loopback callers with the lock file's secret only, like the ingest route.
 * The answer is the sync summary, or `{error: {code, message}}` when the sync could not start.
 */
export function createLocalSyncRouter(deps: { runner: SyncRunner; secret: string; logger: Logger }): Router {
  const router = express.Router();
  router.post("/", express.json({ limit: "16kb" }), async (request, response, next) => {
    const remote = request.socket.remoteAddress ?? "";
    const given = Buffer.from(String(request.get(LOCAL_SECRET_HEADER) ?? ""));
    const expected = Buffer.from(deps.secret);
    const loopback = remote === "127.0.0.1" || remote === "::1" || remote === "::ffff:127.0.0.1";
    if (!loopback || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      response.status(403).json({ error: { code: "forbidden", message: "Local CLI access only" } });
      return;
    }
    let source: string;
    try {
      const parsed = bodySchema.safeParse(request.body);
      if (!parsed.success) throw new ValidationError("body must be {\"source\": NAME}", { field: "source" });
      source = parsed.data.source;
      deps.runner.adapter(source);
    } catch (error) {
      next(error);
      return;
    }
    response.status(200).type("application/json");
    response.flushHeaders();
    const keepalive = setInterval(() => response.write("\n"), KEEPALIVE_MS);
    try {
      const summary = await deps.runner.runNow(source);
      response.end(JSON.stringify(summary));
    } catch (error) {
      deps.logger.warn({ err: error, source }, "local_sync.failed");
      const exposed = isAppError(error) && error.expose;
      response.end(
        JSON.stringify({
          error: exposed ? { code: error.code, message: error.message } : { code: "internal_error", message: "Sync failed; see the server log" },
        }),
      );
    } finally {
      clearInterval(keepalive);
    }
  });
  return router;
}
