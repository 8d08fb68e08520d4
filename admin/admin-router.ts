import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { z } from "zod";
import { helsinkiDate } from "../knowledge/index.js";
import { ITEM_KINDS } from "../knowledge/index.js";
import { municipalityCode, municipalityName } from "../knowledge/index.js";
import { NotFoundError, ValidationError } from "../platform/index.js";
import { ForbiddenError } from "../platform/index.js";
import { ConflictError, ItemValidationError } from "./admin-errors.js";
import {
  createAdminItem,
  deleteAdminItem,
  expireAdminItem,
  getAdminItem,
  listAdminItems,
  replaceAdminItem,
  type AdminItemsDeps,
} from "./admin-items.js";
import type { AdminRouteExtension } from "./admin-routes-types.js";
import type { AdminAuthenticator } from "./authenticate.js";
import { ADMIN_MESSAGES, languageFromHeader, type AdminLanguage } from "./messages.js";
import { buildOpenApiDocument } from "./openapi.js";
import { EDITOR_ROLES, isAreaAdmin, listingScope, type Editor } from "./roles.js";

export interface AdminRouterDeps extends AdminItemsDeps {
  readonly authenticator: AdminAuthenticator;
  readonly expiringDays: number;
  readonly staleDays: number;
  /** Today in Europe/Helsinki; injectable for tests. */
  readonly today?: () => string;
  /** Optional capabilities wired by the composition root (uploads, insights, privacy). */
  readonly extensions?: readonly AdminRouteExtension[] | undefined;
}

/** The signed-in editor of a request (set by the authentication middleware). */
export function editorOf(response: Response): Editor {
  return response.locals.editor as Editor;
}

export function languageOf(request: Request): AdminLanguage {
  const forced = typeof request.query.lang === "string" ? request.query.lang : undefined;
  if (forced === "fi" || forced === "sv" || forced === "en") return forced;
  return languageFromHeader(request.get("accept-language"));
}

/** Parses query or body values with zod; the first problem becomes a 400 naming the field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") || undefined;
  throw new ValidationError(`${field ?? "input"}: ${issue?.message ?? "invalid"}`, field ? { field } : {});
}

const municipalityList = z
  .string()
  .optional()
  .transform((value, context) => {
    if (!value) return undefined;
    const codes: string[] = [];
    for (const name of value.split(",").map((part) => part.trim()).filter(Boolean)) {
      const code = municipalityCode(name);
      if (!code) {
        context.addIssue({ code: "custom", message: `unknown municipality "${name}"` });
        return z.NEVER;
      }
      codes.push(code);
    }
    return codes;
  });

const itemQuerySchema = z.object({
  kind: z.enum(ITEM_KINDS).optional(),
  municipality: municipalityList,
  source: z.string().trim().min(1).max(300).optional(),
  validity: z.enum(["open", "expired", "upcoming"]).optional(),
  text: z.string().trim().max(200).optional(),
  q: z.string().trim().max(200).optional(),
  expiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  staleAfterDays: z.coerce.number().int().min(1).max(36500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const auditQuerySchema = z.object({
  municipality: municipalityList,
  source: z.string().trim().min(1).optional(),
  itemId: z.string().trim().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const editorBodySchema = z.object({
  user: z.string().trim().min(1).max(200),
  role: z.enum(EDITOR_ROLES).default("editor"),
  municipalities: z
    .union([z.literal("all"), z.array(z.string().min(1)).min(1)])
    .transform((value, context) => {
      if (value === "all") return "all" as const;
      const codes: string[] = [];
      for (const name of value) {
        const code = municipalityCode(name);
        if (!code) {
          context.addIssue({ code: "custom", message: `unknown municipality "${name}"` });
          return z.NEVER;
        }
        codes.push(code);
      }
      return [...new Set(codes)];
    }),
  entraObjectId: z.string().trim().min(1).max(100).optional(),
  principalName: z.string().trim().min(3).max(320).optional(),
});

function requireAreaAdmin(editor: Editor, language: AdminLanguage): void {
  if (!isAreaAdmin(editor)) throw new ForbiddenError(ADMIN_MESSAGES.forbiddenAdmin[language]);
}

/**
 * The admin API under /api/admin: items, sources, audit, freshness, editors; uploads, insights and
 * privacy operations come in through `extensions`. Every route except the OpenAPI document needs a
 * bearer token, and scope is checked per route on the server.
 */
export function createAdminRouter(deps: AdminRouterDeps): Router {
  const router = express.Router();
  const today = deps.today ?? (() => helsinkiDate());
  router.use((_request, response, next) => {
    response.setHeader("cache-control", "no-store");
    next();
  });
  router.get("/openapi.json", (_request, response) => {
    response.json(buildOpenApiDocument());
  });
  router.use(async (request, response, next) => {
    response.locals.editor = await deps.authenticator.authenticate(request.get("authorization"));
    next();
  });
  const json = express.json({ limit: "1mb" });

  router.get("/me", (_request, response) => {
    const editor = editorOf(response);
    response.json({
      user: editor.user,
      role: editor.role,
      allMunicipalities: editor.allMunicipalities,
      municipalities: editor.municipalities,
      municipalityNames: editor.municipalities.map((code) => municipalityName(code) ?? code),
      areaAdmin: isAreaAdmin(editor),
      via: editor.via,
    });
  });

  router.get("/items", async (request, response) => {
    const query = parseInput(itemQuerySchema, request.query);
    const result = await listAdminItems(
      deps,
      editorOf(response),
      {
        kind: query.kind,
        municipalities: query.municipality,
        source: query.source,
        validity: query.validity,
        text: query.text || query.q || undefined,
        expiringWithinDays: query.expiringWithinDays,
        staleAfterDays: query.staleAfterDays,
        limit: query.limit,
        offset: query.offset,
      },
      { today: today(), language: languageOf(request) },
    );
    response.json(result);
  });

  router.post("/items", json, async (request, response) => {
    const item = await createAdminItem(deps, editorOf(response), request.body, {
      today: today(),
      language: languageOf(request),
    });
    response.status(201).location(`/api/admin/items/${encodeURIComponent(item.source)}/${encodeURIComponent(item.id)}`).json(item);
  });

  router.get("/items/:source/:id", async (request, response) => {
    const { source, id } = request.params as { source: string; id: string };
    response.json(await getAdminItem(deps, editorOf(response), { source, id }, languageOf(request)));
  });

  router.put("/items/:source/:id", json, async (request, response) => {
    const { source, id } = request.params as { source: string; id: string };
    response.json(
      await replaceAdminItem(deps, editorOf(response), { source, id }, request.body, {
        today: today(),
        language: languageOf(request),
      }),
    );
  });

  router.delete("/items/:source/:id", async (request, response) => {
    const { source, id } = request.params as { source: string; id: string };
    await deleteAdminItem(deps, editorOf(response), { source, id }, languageOf(request));
    response.status(204).end();
  });

  router.post("/items/:source/:id/expire", async (request, response) => {
    const { source, id } = request.params as { source: string; id: string };
    response.json(
      await expireAdminItem(deps, editorOf(response), { source, id }, { today: today(), language: languageOf(request) }),
    );
  });

  router.get("/freshness", async (request, response) => {
    const editor = editorOf(response);
    const municipalities = parseInput(z.object({ municipality: municipalityList }), request.query).municipality;
    const context = { today: today(), language: languageOf(request) };
    const base = { municipalities, limit: 200, offset: 0 };
    const [expiringSoon, stale] = await Promise.all([
      listAdminItems(deps, editor, { ...base, expiringWithinDays: deps.expiringDays }, context),
      listAdminItems(deps, editor, { ...base, staleAfterDays: deps.staleDays }, context),
    ]);
    response.json({
      today: context.today,
      expiringDays: deps.expiringDays,
      staleDays: deps.staleDays,
      expiringSoon: { items: expiringSoon.items, total: expiringSoon.total },
      stale: { items: stale.items, total: stale.total },
    });
  });

  router.get("/sources", async (request, response) => {
    const editor = editorOf(response);
    const municipalities = parseInput(z.object({ municipality: municipalityList }), request.query).municipality;
    const sources = await deps.store.sources();
    const scope = listingScope(editor, municipalities);
    if (scope === "forbidden") throw new ForbiddenError(ADMIN_MESSAGES.forbiddenMunicipality[languageOf(request)]);
    if (!scope.municipalities) {
      response.json({ sources });
      return;
    }
    // Within the caller's scope (or the municipalities asked for): the sources holding its items, counted for it.
    const counts = await deps.repository.sourceCounts(scope.municipalities, scope.includeAreaWide);
    response.json({
      sources: sources.filter((source) => counts.has(source.source)).map((source) => ({ ...source, items: counts.get(source.source) ?? 0 })),
    });
  });

  router.get("/audit", async (request, response) => {
    const editor = editorOf(response);
    const query = parseInput(auditQuerySchema, request.query);
    const scope = listingScope(editor, query.municipality);
    if (scope === "forbidden") throw new ForbiddenError(ADMIN_MESSAGES.forbiddenMunicipality[languageOf(request)]);
    response.json(
      await deps.repository.listAudit({
        municipalities: scope.municipalities,
        onlyMunicipalities: query.municipality,
        actor: editor.user,
        source: query.source,
        itemId: query.itemId,
        limit: query.limit,
        offset: query.offset,
      }),
    );
  });

  router.get("/editors", async (request, response) => {
    requireAreaAdmin(editorOf(response), languageOf(request));
    response.json({ editors: await deps.repository.listEditors(), tokens: await deps.repository.listTokens() });
  });

  router.post("/editors", json, async (request, response) => {
    const editor = editorOf(response);
    requireAreaAdmin(editor, languageOf(request));
    const body = parseInput(editorBodySchema, request.body);
    if (body.role === "admin" && body.municipalities !== "all") {
      throw new ValidationError("An area admin needs municipalities \"all\"", { field: "municipalities" });
    }
    const before = await deps.repository.getEditor(body.user);
    const record = await deps.repository.upsertEditor({
      user: body.user,
      role: body.role,
      allMunicipalities: body.municipalities === "all",
      municipalities: body.municipalities === "all" ? [] : body.municipalities,
      entraObjectId: body.entraObjectId,
      principalName: body.principalName,
    });
    await deps.repository.appendAudit({
      actor: editor.user,
      action: before ? "editor.update" : "editor.create",
      details: { user: record.user, role: record.role, scope: record.allMunicipalities ? "all" : record.municipalities.join(",") },
    });
    response.status(before ? 200 : 201).json(record);
  });

  router.delete("/editors/:user", async (request, response) => {
    const editor = editorOf(response);
    requireAreaAdmin(editor, languageOf(request));
    const user = String(request.params.user);
    if (user === editor.user) throw new ConflictError("You cannot remove yourself", "user");
    if (!(await deps.repository.deleteEditor(user))) throw new NotFoundError(`No editor "${user}"`);
    await deps.repository.appendAudit({ actor: editor.user, action: "editor.delete", details: { user } });
    response.status(204).end();
  });

  router.post("/editors/:user/tokens", async (request, response) => {
    const editor = editorOf(response);
    requireAreaAdmin(editor, languageOf(request));
    const user = String(request.params.user);
    if (!(await deps.repository.getEditor(user))) throw new NotFoundError(`No editor "${user}"`);
    const created = await deps.repository.createToken(user);
    await deps.repository.appendAudit({ actor: editor.user, action: "token.create", details: { user, prefix: created.record.prefix } });
    response.status(201).json({ token: created.token, ...created.record });
  });

  router.delete("/editors/:user/tokens", async (request, response) => {
    const editor = editorOf(response);
    requireAreaAdmin(editor, languageOf(request));
    const user = String(request.params.user);
    const revoked = await deps.repository.revokeTokens(user);
    await deps.repository.appendAudit({ actor: editor.user, action: "token.revoke", details: { user, revoked } });
    response.json({ user, revoked });
  });

  for (const extend of deps.extensions ?? []) extend(router, { json, today, requireAreaAdmin });

  router.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    // A refused request whose body was not read (e.g. a big upload without a token): close the
    // connection after the answer rather than letting the server read and discard the rest.
    if (!request.complete && !response.headersSent) response.setHeader("connection", "close");
    // Item validation carries every field's message; the central handler would show only the first.
    if (error instanceof ItemValidationError) {
      response.status(400).json({
        error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}), issues: error.issues },
      });
      return;
    }
    next(error);
  });
  return router;
}
