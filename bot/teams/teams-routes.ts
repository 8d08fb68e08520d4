import express, { Router } from "express";
import { AuthenticationError } from "botframework-connector";
import type { Activity } from "botframework-schema";
import type { TurnContext } from "botbuilder";
import type { Logger } from "../../platform/index.js";
import type { BotAuthMode } from "./bot-authentication.js";
import type { LahitukiCloudAdapter } from "./teams-adapter.js";

export const TEAMS_MESSAGES_PATH = "/api/messages";

/**
 * `POST /api/messages`, the Bot Framework endpoint Teams calls. With no app id (and no
 * development flag) it answers 503: botbuilder would otherwise turn inbound authentication off.
 */
export function createTeamsRouter(deps: {
  readonly mode: BotAuthMode;
  readonly adapter: LahitukiCloudAdapter | undefined;
  readonly logic: (context: TurnContext) => Promise<void>;
  readonly logger: Logger;
}): Router {
  const router = Router();
  router.post("/", express.json({ limit: "1mb" }), async (request, response, next) => {
    if (deps.mode === "disabled" || !deps.adapter) {
      response.status(503).json({
        error: {
          code: "bot_not_configured",
          message:
            "The Teams channel is not configured: set MicrosoftAppId and MicrosoftAppPassword (or BOT_ALLOW_ANONYMOUS=true for local development only). The web chat is not affected.",
        },
      });
      return;
    }
    const body = request.body as unknown;
    if (!body || typeof body !== "object" || Array.isArray(body) || typeof (body as { type?: unknown }).type !== "string") {
      response.status(400).json({ error: { code: "invalid_activity", message: "Body must be a Bot Framework activity with a type" } });
      return;
    }
    try {
      const invoke = await deps.adapter.processInbound(request.get("authorization") ?? "", body as Activity, deps.logic);
      response.status(invoke?.status ?? 200);
      if (invoke?.body !== undefined) response.json(invoke.body);
      else response.end();
    } catch (error) {
      if (error instanceof AuthenticationError) {
        deps.logger.warn({ reason: error.message.slice(0, 200) }, "teams.unauthorized");
        response.status(401).json({ error: { code: "unauthorized", message: "A valid Bot Framework token is required" } });
        return;
      }
      next(error);
    }
  });
  router.all("/", (_request, response) => {
    response.status(405).json({ error: { code: "method_not_allowed", message: "Use POST" } });
  });
  return router;
}
