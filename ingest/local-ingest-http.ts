import { timingSafeEqual } from "node:crypto";
import express, { type Router } from "express";
import { z } from "zod";
import { helsinkiDate, ITEM_KINDS } from "../knowledge/index.js";
import { ValidationError } from "../platform/index.js";
import { ImportQueueFullError, type ImportQueue } from "./import-queue.js";
import { ingestFiles, type IngestFilesDeps, type IngestSummary } from "./ingest-files.js";

export const LOCAL_INGEST_PATH = "/api/local/ingest";
export const LOCAL_SECRET_HEADER = "x-lahituki-local-secret";

const bodySchema = z.object({
  paths: z.array(z.string().min(1)).min(1),
  source: z.string().min(1).optional(),
  kind: z.enum(ITEM_KINDS).optional(),
  prune: z.boolean().default(false),
});

/**
 * Lets `npm run ingest` go through the running server instead of opening the embedded database a
 * second time. Only loopback callers holding the secret from DATA_DIR's lock file get in.
 */
export function createLocalIngestRouter(
  deps: IngestFilesDeps & {
    secret: string;
    maxFileBytes: number;
    /** The server's one import queue, shared with admin uploads. */
    queue: ImportQueue;
    /** Told what the import wrote (job alerts); must not throw. */
    onIngested?: ((summary: IngestSummary) => void) | undefined;
  },
): Router {
  const router = express.Router();
  router.post("/", express.json({ limit: "1mb" }), async (request, response, next) => {
    try {
      const remote = request.socket.remoteAddress ?? "";
      const given = Buffer.from(String(request.get(LOCAL_SECRET_HEADER) ?? ""));
      const expected = Buffer.from(deps.secret);
      const loopback = remote === "127.0.0.1" || remote === "::1" || remote === "::ffff:127.0.0.1";
      if (!loopback || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        response.status(403).json({ error: { code: "forbidden", message: "Local CLI access only" } });
        return;
      }
      const parsed = bodySchema.safeParse(request.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ValidationError(`${issue?.path.join(".") || "body"}: ${issue?.message}`, { field: issue?.path.join(".") });
      }
      const refuse = () => {
        response.setHeader("retry-after", "30");
        return new ImportQueueFullError("The server is already importing other files; try again in a moment.");
      };
      const summary = await deps.queue.run(
        () =>
          ingestFiles(deps, {
            ...parsed.data,
            today: helsinkiDate(),
            maxFileBytes: deps.maxFileBytes,
            actor: "cli",
            keepServing: true,
          }),
        refuse,
      );
      deps.onIngested?.(summary);
      response.json(summary);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
