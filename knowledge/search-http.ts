import express, { type Router } from "express";
import { z } from "zod";
import { ValidationError } from "../platform/index.js";
import type { Logger } from "../platform/index.js";
import { MAX_LIMIT, MAX_NEAR_KM, MAX_QUERY_LENGTH, toPublicResponse } from "./hybrid-search.js";
import { ITEM_KINDS } from "./item.js";
import type { Searcher } from "./search.js";

/** Where the composition root mounts the router. */
export const SEARCH_PATH = "/api/search";

/** `null` counts as absent so clients may send every key. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

/** The body of `POST /api/search`; field names are the public contract. */
const searchBodySchema = z
  .object({
    query: z
      .string({ error: "query must be a string" })
      .max(MAX_QUERY_LENGTH, `query must be at most ${MAX_QUERY_LENGTH} characters`)
      .refine((value) => value.trim().length > 0, "query must not be empty"),
    kind: optional(z.enum(ITEM_KINDS, { error: `kind must be one of ${ITEM_KINDS.join(", ")}` })),
    municipality: optional(z.string({ error: "municipality must be a string" }).max(100, "municipality is too long")),
    nearKm: optional(
      z
        .number({ error: "nearKm must be a number" })
        .min(0, "nearKm must not be negative")
        .max(MAX_NEAR_KM, `nearKm must be at most ${MAX_NEAR_KM}`),
    ),
    limit: optional(
      z
        .number({ error: "limit must be a number" })
        .int("limit must be an integer")
        .min(1, "limit must be at least 1")
        .max(MAX_LIMIT, `limit must be at most ${MAX_LIMIT}`),
    ),
    includeExpired: optional(z.boolean({ error: "includeExpired must be true or false" })),
  })
  .strict();

export type SearchBody = z.output<typeof searchBodySchema>;

/** Parses a body; throws `ValidationError` whose message and `field` name the first bad field. */
function parseSearchBody(body: unknown): SearchBody {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ValidationError("request body must be a JSON object with a query", { field: "body" });
  }
  const result = searchBodySchema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    throw new ValidationError(`unknown field ${issue.keys.join(", ")}`, { field: issue.keys[0] });
  }
  const field = String(issue.path[0] ?? "body");
  const message = issue.message.startsWith(field) ? issue.message : `${field}: ${issue.message}`;
  throw new ValidationError(message, { field });
}

export interface SearchRouterDeps {
  readonly searcher: Searcher;
  readonly logger?: Logger | undefined;
}

/**
 * `POST /api/search`: hybrid search over the knowledge base. Bad bodies get 400 naming the field
 * (through the app's central error handler); the response is `{query, results, tookMs}`.
 */
export function createSearchRouter(deps: SearchRouterDeps): Router {
  const router = express.Router();
  router.post("/", express.json({ limit: "64kb" }), async (request, response) => {
    const body = parseSearchBody(request.body);
    const result = await deps.searcher.search(body);
    deps.logger?.debug({ results: result.results.length, tookMs: result.tookMs }, "search.http");
    response.json(toPublicResponse(result));
  });
  return router;
}
