import { timingSafeEqual } from "node:crypto";
import express, { type Router } from "express";
import { ValidationError } from "../platform/index.js";
import { LOCAL_SECRET_HEADER } from "../ingest/index.js";
import { adminCommandSchema, runAdminCommand, type AdminCommandDeps } from "./admin-commands.js";

export const LOCAL_ADMIN_PATH = "/api/local/admin";

/**
 * Lets `npm run admin` act through the running server that holds DATA_DIR instead of opening the
 * embedded database a second time. Loopback callers holding the lock file's secret only.
 */
export function createLocalAdminRouter(deps: Omit<AdminCommandDeps, "actor"> & { secret: string }): Router {
  const router = express.Router();
  router.post("/", express.json({ limit: "64kb" }), async (request, response) => {
    const remote = request.socket.remoteAddress ?? "";
    const given = Buffer.from(String(request.get(LOCAL_SECRET_HEADER) ?? ""));
    const expected = Buffer.from(deps.secret);
    const loopback = remote === "127.0.0.1" || remote === "::1" || remote === "::ffff:127.0.0.1";
    if (!loopback || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      response.status(403).json({ error: { code: "forbidden", message: "Local CLI access only" } });
      return;
    }
    const parsed = adminCommandSchema.safeParse(request.body?.command ? request.body : undefined);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ValidationError(`${issue?.path.join(".") || "command"}: ${issue?.message}`, { field: issue?.path.join(".") || "command" });
    }
    const actor = typeof request.body.actor === "string" ? `cli:${String(request.body.actor).slice(0, 100)}` : "cli";
    response.json(await runAdminCommand({ ...deps, actor }, parsed.data));
  });
  return router;
}
