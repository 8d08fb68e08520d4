import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import express, { type Request, type Response, type Router } from "express";
import { z } from "zod";
import type { ActivityHandler } from "botbuilder";
import { detectDocumentLanguage } from "../../knowledge/index.js";
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError, type Logger } from "../../platform/index.js";
import { fixedReply } from "../conversation/compose-reply.js";
import { toActivity } from "../conversation/reply-activity.js";
import { CLIENT_KEY_FIELD } from "../conversation/lahituki-bot.js";
import { DIRECTLINE_CHANNEL_ID, BOT_ID, BOT_NAME, type DirectLineAdapter } from "./directline-adapter.js";
import type { DirectLineStore } from "./directline-store.js";
import type { DirectLineTokens, TokenClaims } from "./directline-tokens.js";
import type { RateLimiter } from "./rate-limiter.js";

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

function sameHash(left: string, right: string): boolean {
  return left.length === right.length && timingSafeEqual(Buffer.from(left), Buffer.from(right));
}

export const DIRECTLINE_PATH = "/v3/directline";


export interface DirectLineRouterDeps {
  readonly tokens: DirectLineTokens;
  readonly store: DirectLineStore;
  readonly adapter: DirectLineAdapter;
  readonly bot: ActivityHandler;
  /** Per token binding (conversation + user): messages per minute. */
  readonly activityLimiter: RateLimiter;
  /** Per client address: tokens/generate calls per minute. */
  readonly generateLimiter: RateLimiter;
  readonly logger: Logger;
}

const USER_ID = z.string().regex(/^dl_[A-Za-z0-9_-]{1,100}$/, 'user.id must start with "dl_" and use letters, digits, "_" or "-"');
const CONVERSATION_ID = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, "not a conversation id");

const generateBodySchema = z
  .object({
    user: z.object({ id: USER_ID, name: z.string().max(100).optional() }).loose().optional(),
    conversationId: CONVERSATION_ID.optional(),
    /** Proof of possession for resuming `conversationId`: the secret returned when it was created. */
    resumeSecret: z.string().min(20).max(200).optional(),
  })
  .loose();

const attachmentSchema = z
  .object({
    contentType: z.string().max(200),
    contentUrl: z.string().max(10_000).optional(),
    name: z.string().max(500).optional(),
    content: z.unknown().optional(),
  })
  .loose();

/** An activity as a client may post it; everything else (ids, channel, recipient) is ours to set. */
const incomingActivitySchema = z
  .object({
    type: z.enum(["message", "event", "typing", "invoke"]),
    text: z.string().max(50_000).optional(),
    textFormat: z.string().max(20).optional(),
    locale: z.string().max(20).optional(),
    from: z.object({ id: z.string().max(200), name: z.string().max(200).optional(), role: z.string().max(20).optional() }).loose().optional(),
    name: z.string().max(200).optional(),
    value: z.unknown().optional(),
    attachments: z.array(attachmentSchema).max(10).optional(),
    channelData: z.record(z.string(), z.unknown()).optional(),
    entities: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
    replyToId: z.string().max(200).optional(),
  })
  .loose();

function bearer(request: Request): string {
  const header = request.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new UnauthorizedError("Missing bearer token");
  return match[1]!;
}

function streamUrl(request: Request, conversationId: string, token: string, watermark?: string): string {
  const scheme = request.protocol === "https" ? "wss" : "ws";
  const query = new URLSearchParams({ watermark: watermark ?? "-", t: token });
  return `${scheme}://${request.get("host")}${DIRECTLINE_PATH}/conversations/${encodeURIComponent(conversationId)}/stream?${query.toString()}`;
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ValidationError(issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "Invalid body", {
      field: issue?.path.join("."),
    });
  }
  return result.data;
}

/**
 * The Direct Line 3.0-compatible API Web Chat talks to: tokens (generate, refresh),
 * conversations (start, reconnect), activities (post, get with watermark). The WebSocket stream
 * is attached to the HTTP server by directline-stream.ts. Errors use Direct Line's
 * `{"error":{"code","message"}}` shape through the app's central error handler.
 */
export function createDirectLineRouter(deps: DirectLineRouterDeps): Router {
  const router = express.Router();
  router.use(express.json({ limit: "200kb", type: () => true }));

  async function claimsFor(request: Request, conversationId?: string): Promise<TokenClaims> {
    const claims = await deps.tokens.verify(bearer(request));
    if (conversationId !== undefined && claims.conversationId !== conversationId) {
      throw new ForbiddenError("This token is not valid for that conversation");
    }
    return claims;
  }

  router.post("/tokens/generate", async (request: Request, response: Response) => {
    const limit = deps.generateLimiter.take(request.ip ?? "unknown");
    if (!limit.allowed) {
      response.setHeader("Retry-After", String(limit.retryAfterSeconds));
      response.status(429).json({ error: { code: "rate_limited", message: "Too many new conversations from this address; try again shortly" } });
      return;
    }
    const body = parseBody(generateBodySchema, request.body);
    const userId = body.user?.id ?? `dl_${randomUUID().replace(/-/g, "")}`;
    let conversationId = body.conversationId;
    let resumeSecret: string | undefined;
    if (conversationId) {
      // Resume: the conversation must exist, belong to the same user id, and the caller must hold
      // its resume secret; both ids are readable in every token, so they prove nothing.
      const existing = await deps.store.findConversation(conversationId);
      if (!existing) throw new NotFoundError("Conversation not found");
      if (existing.userId !== userId) throw new ForbiddenError("This conversation belongs to another user");
      if (!existing.resumeSecretHash || !body.resumeSecret || !sameHash(hashSecret(body.resumeSecret), existing.resumeSecretHash)) {
        throw new ForbiddenError("Resuming this conversation needs its resume secret");
      }
      resumeSecret = body.resumeSecret;
    } else {
      conversationId = randomUUID().replace(/-/g, "");
      resumeSecret = randomBytes(32).toString("base64url");
      await deps.store.createConversation(conversationId, userId, hashSecret(resumeSecret));
    }
    const { token, expiresIn } = await deps.tokens.issue({ conversationId, userId });
    response.status(200).json({ conversationId, token, expires_in: expiresIn, userId, resumeSecret });
  });

  router.post("/tokens/refresh", async (request: Request, response: Response) => {
    const claims = await claimsFor(request);
    const { token, expiresIn } = await deps.tokens.issue({ conversationId: claims.conversationId, userId: claims.userId });
    response.status(200).json({ conversationId: claims.conversationId, token, expires_in: expiresIn, userId: claims.userId });
  });

  router.post("/conversations", async (request: Request, response: Response) => {
    const token = bearer(request);
    const claims = await deps.tokens.verify(token);
    const conversation = await deps.store.findConversation(claims.conversationId);
    if (!conversation) await deps.store.createConversation(claims.conversationId, claims.userId);
    const first = await deps.store.markStarted(claims.conversationId);
    response.status(first ? 201 : 200).json({
      conversationId: claims.conversationId,
      token,
      expires_in: Math.max(0, claims.expiresAt - Math.floor(Date.now() / 1000)),
      streamUrl: streamUrl(request, claims.conversationId, token),
    });
  });

  router.get("/conversations/:conversationId", async (request: Request, response: Response) => {
    const conversationId = String(request.params.conversationId);
    const token = bearer(request);
    const claims = await claimsFor(request, conversationId);
    const watermark = typeof request.query.watermark === "string" ? request.query.watermark : undefined;
    response.status(200).json({
      conversationId,
      token,
      expires_in: Math.max(0, claims.expiresAt - Math.floor(Date.now() / 1000)),
      streamUrl: streamUrl(request, conversationId, token, watermark),
    });
  });

  router.get("/conversations/:conversationId/activities", async (request: Request, response: Response) => {
    const conversationId = String(request.params.conversationId);
    await claimsFor(request, conversationId);
    const raw = request.query.watermark;
    let watermark: number | undefined;
    if (typeof raw === "string" && raw !== "" && raw !== "-") {
      if (!/^\d{1,15}$/.test(raw)) throw new ValidationError("watermark must be a number", { field: "watermark" });
      watermark = Number(raw);
    }
    response.status(200).json(await deps.store.list(conversationId, watermark));
  });

  router.post("/conversations/:conversationId/activities", async (request: Request, response: Response) => {
    const conversationId = String(request.params.conversationId);
    const claims = await claimsFor(request, conversationId);
    const body = parseBody(incomingActivitySchema, request.body);
    if (body.from?.id !== undefined && body.from.id !== claims.userId) {
      throw new ForbiddenError("from.id does not match the token's user");
    }
    if (body.type === "typing") {
      response.status(200).json({ id: "" });
      return;
    }
    const limit = deps.activityLimiter.take(`${claims.conversationId}:${claims.userId}`);
    if (!limit.allowed) {
      if (limit.firstRejection) {
        const language = detectDocumentLanguage((body.text ?? "").slice(0, 500), "fi");
        await deps.adapter.deliver(conversationId, claims.userId, [toActivity(fixedReply("rateLimited", language, "clarify"))]);
      }
      response.setHeader("Retry-After", String(limit.retryAfterSeconds));
      response.status(429).json({ error: { code: "rate_limited", message: "Too many messages; please wait a moment" } });
      return;
    }
    const activity: Record<string, unknown> = {
      ...body,
      // Set by us, never taken from the client: the keyed hash of its address (per-address limits).
      channelData: { ...(body.channelData ?? {}), [CLIENT_KEY_FIELD]: deps.tokens.clientKey(request.ip ?? "unknown") },
      channelId: DIRECTLINE_CHANNEL_ID,
      conversation: { id: conversationId },
      from: { id: claims.userId, name: body.from?.name, role: "user" },
      recipient: { id: BOT_ID, name: BOT_NAME, role: "bot" },
      serviceUrl: `${request.protocol}://${request.get("host")}${DIRECTLINE_PATH}`,
      timestamp: new Date().toISOString(),
      // Only names and types reach the bot: we never fetch or keep attachment contents.
      attachments: body.attachments?.map((attachment) => ({ contentType: attachment.contentType, name: attachment.name })),
    };
    const stored = await deps.store.append(conversationId, "user", activity);
    // The bot sees the unredacted text (a callback contact during a handoff needs it); the stored
    // copy (the transcript) is redacted.
    try {
      await deps.adapter.processActivity({ ...activity, id: stored.id } as never, deps.bot);
    } catch (error) {
      deps.logger.error({ err: error, conversationId }, "directline.process_failed");
    }
    response.status(200).json({ id: stored.id });
  });

  router.post("/conversations/:conversationId/upload", async (request: Request, response: Response) => {
    const conversationId = String(request.params.conversationId);
    await claimsFor(request, conversationId);
    response.status(415).json({ error: { code: "unsupported", message: "Attachments are not accepted" } });
  });

  return router;
}
