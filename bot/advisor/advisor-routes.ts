import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { Router, type NextFunction, type Request, type Response } from "express";
import { municipalityName } from "../../knowledge/index.js";
import { ForbiddenError, NotFoundError, type JwtVerifier, type Logger } from "../../platform/index.js";
import type { AreaDirectory } from "../handoff/employment-areas.js";
import type { HandoffRepository, StoredHandoff } from "../handoff/handoff-repository.js";
import type { AdvisorActionResult, HandoffService } from "../handoff/handoff-service.js";
import { authenticateAdvisor, canSeeArea, type AdvisorPrincipal } from "./advisor-auth.js";

export const ADVISOR_PATH = "/advisor";
const UI_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "ui");
const TEAMS_JS = createRequire(import.meta.url).resolve("@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js");

/** No inline script or style; Teams may frame the page as a static tab. */
const ADVISOR_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com",
].join("; ");

export interface AdvisorRoutesDeps {
  readonly service: HandoffService;
  readonly repository: HandoffRepository;
  readonly areas: AreaDirectory;
  readonly verifier: JwtVerifier | undefined;
  readonly areaMap: ReadonlyMap<string, readonly string[]>;
  readonly logger: Logger;
  readonly clock?: () => Date;
}

/** The queue entry an advisor sees; the transcript only where the person consented. */
function toView(handoff: StoredHandoff, now: Date) {
  const end = handoff.claimedAt ?? handoff.closedAt;
  return {
    id: handoff.id,
    state: handoff.state,
    mode: handoff.mode,
    municipality: handoff.municipality ?? null,
    municipalityName: handoff.municipality ? (municipalityName(handoff.municipality, "fi") ?? null) : null,
    areaId: handoff.areaId ?? null,
    language: handoff.language,
    topic: handoff.topic,
    summary: handoff.summary,
    botAnswers: handoff.botAnswers,
    createdAt: handoff.createdAt,
    waitedSeconds: Math.max(0, Math.round(((end ? new Date(end).getTime() : now.getTime()) - new Date(handoff.createdAt).getTime()) / 1000)),
    claimedBy: handoff.claimedBy ? { id: handoff.claimedBy.id, name: handoff.claimedBy.name } : null,
    claimedAt: handoff.claimedAt ?? null,
    closedAt: handoff.closedAt ?? null,
    escalated: Boolean(handoff.escalatedAt),
    callbackDone: handoff.callbackDone,
    consentToTranscript: handoff.consentToTranscript,
    contact: handoff.contact ?? null,
  };
}

/**
 * The advisor console: `/advisor` (page, also the Teams static tab) and its JSON API under
 * `/advisor/api`. Every API call needs a bearer token (Teams SSO or a signed-in token) verified
 * against AUTH_JWKS_URL; an advisor sees and acts on the handoffs of their own areas only.
 */
export function createAdvisorRouter(deps: AdvisorRoutesDeps): Router {
  const router = Router();
  const clock = deps.clock ?? (() => new Date());
  const areaIds = deps.areas.areas.map((area) => area.id);

  router.use((_request, response, next) => {
    response.setHeader("content-security-policy", ADVISOR_CONTENT_SECURITY_POLICY);
    response.setHeader("x-content-type-options", "nosniff");
    response.setHeader("referrer-policy", "no-referrer");
    next();
  });

  const api = Router();
  api.use(express.json({ limit: "16kb" }));
  api.use((request: Request, response: Response, next: NextFunction) => {
    response.setHeader("cache-control", "no-store");
    authenticateAdvisor(request.get("authorization"), { verifier: deps.verifier, areaMap: deps.areaMap, areaIds })
      .then((advisor) => {
        response.locals.advisor = advisor;
        next();
      })
      .catch(next);
  });

  const advisorOf = (response: Response) => response.locals.advisor as AdvisorPrincipal;

  async function visibleHandoff(id: string, advisor: AdvisorPrincipal): Promise<StoredHandoff> {
    const handoff = await deps.repository.getHandoff(id.slice(0, 100));
    if (!handoff) throw new NotFoundError("Handoff not found");
    if (!canSeeArea(advisor, handoff.areaId)) throw new ForbiddenError("This handoff belongs to another employment area");
    return handoff;
  }

  api.get("/me", (_request, response) => {
    const advisor = advisorOf(response);
    response.json({ id: advisor.id, name: advisor.name, areas: advisor.areas === "all" ? deps.areas.areas.map((area) => area.id) : advisor.areas });
  });

  api.get("/handoffs", async (_request, response) => {
    const advisor = advisorOf(response);
    const handoffs = await deps.repository.listHandoffs({ areaIds: "all", limit: 500 });
    const now = clock();
    response.json({
      handoffs: handoffs.filter((handoff) => canSeeArea(advisor, handoff.areaId)).slice(0, 200).map((handoff) => toView(handoff, now)),
    });
  });

  api.get("/handoffs/:id", async (request, response) => {
    const advisor = advisorOf(response);
    const handoff = await visibleHandoff(String(request.params.id), advisor);
    const messages = handoff.consentToTranscript ? await deps.repository.listMessages(handoff.id) : [];
    response.json({
      handoff: toView(handoff, clock()),
      transcript: handoff.consentToTranscript ? handoff.transcript : null,
      messages: handoff.consentToTranscript ? messages : null,
    });
  });

  async function act(request: Request, response: Response, action: (id: string, advisor: AdvisorPrincipal) => Promise<AdvisorActionResult>) {
    const advisor = advisorOf(response);
    const handoff = await visibleHandoff(String(request.params.id), advisor);
    const result = await action(handoff.id, advisor);
    if (result.outcome === "not_found") throw new NotFoundError("Handoff not found");
    if (result.outcome === "rejected") {
      response.status(409).json({
        error: { code: result.reason, message: result.notice },
        handoff: toView(result.handoff, clock()),
      });
      return;
    }
    deps.logger.info({ handoffId: handoff.id, action: request.path.split("/").pop() }, "advisor.console_action");
    response.json({ handoff: toView(result.handoff, clock()) });
  }

  const identity = (advisor: AdvisorPrincipal) => ({ id: advisor.id, name: advisor.name });
  api.post("/handoffs/:id/claim", (request, response) => act(request, response, (id, advisor) => deps.service.claim(id, identity(advisor))));
  api.post("/handoffs/:id/close", (request, response) => act(request, response, (id, advisor) => deps.service.close(id, identity(advisor))));
  api.post("/handoffs/:id/callback-done", (request, response) =>
    act(request, response, (id, advisor) => deps.service.callbackDone(id, identity(advisor))),
  );

  router.use("/api", api);
  router.get("/vendor/teams.js", (_request, response) => {
    response.sendFile(TEAMS_JS, { maxAge: "1d" });
  });
  router.use(express.static(UI_DIR, { index: "index.html", maxAge: 0 }));
  return router;
}
