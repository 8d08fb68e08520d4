import express, { type ErrorRequestHandler, type Express, type Router } from "express";
import { randomUUID } from "node:crypto";
import { isAppError, type Logger } from "../platform/index.js";

export interface AppDeps {
  readonly logger: Logger;
  /** True once the database is migrated and seeded. */
  readonly isReady: () => boolean;
}

/** A capability's HTTP routes, mounted by the composition root. */
export interface RouteModule {
  readonly path: string;
  readonly router: Router;
}

/**
 * The Express application: health, the capabilities' routers, and one error handler that never
 * shows internals of a 5xx to users. Body parsing is per router (Direct Line, admin uploads differ).
 */
export function createApp(deps: AppDeps, modules: readonly RouteModule[]): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use((request, response, next) => {
    const correlationId = request.get("x-correlation-id")?.slice(0, 64) || randomUUID();
    response.locals.correlationId = correlationId;
    response.setHeader("x-correlation-id", correlationId);
    next();
  });
  app.get("/healthz", (_request, response) => {
    if (deps.isReady()) response.status(200).json({ status: "ok" });
    else response.status(503).json({ status: "starting" });
  });
  for (const module of modules) app.use(module.path, module.router);
  app.use((_request, response) => {
    response.status(404).json({ error: { code: "not_found", message: "Not found" } });
  });
  const errorHandler: ErrorRequestHandler = (error, _request, response, _next) => {
    const correlationId = String(response.locals.correlationId ?? "");
    const bodyError = error as { type?: string; status?: number; message?: string };
    if (bodyError.type === "entity.parse.failed") {
      response.status(400).json({ error: { code: "invalid_json", message: "Request body is not valid JSON" } });
      return;
    }
    if (bodyError.type === "entity.too.large") {
      response.status(413).json({ error: { code: "too_large", message: "Request body is too large" } });
      return;
    }
    if (isAppError(error) && error.expose) {
      response.status(error.status).json({
        error: { code: error.code, message: error.message, ...("field" in error && error.field ? { field: error.field } : {}) },
      });
      return;
    }
    deps.logger.error({ err: error, correlationId }, "http.unhandled_error");
    if (response.headersSent) return;
    response.status(500).json({ error: { code: "internal_error", message: "Internal error", correlationId } });
  };
  app.use(errorHandler);
  return app;
}
