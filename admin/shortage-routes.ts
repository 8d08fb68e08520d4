import { z } from "zod";
import { isIsoDate } from "../knowledge/index.js";
import { municipalityCode } from "../knowledge/index.js";
import {
  employmentAreaIds,
  employmentAreaName,
  employmentAreaOf,
  iscoCodeSchema,
  occupationLabel,
  type ShortageList,
  type ShortageStore,
} from "../knowledge/index.js";
import { employmentAreas } from "../knowledge/index.js";
import type { AdminRepository } from "./admin-repository.js";
import { editorOf, languageOf, parseInput } from "./admin-router.js";
import type { AdminRouteExtension } from "./admin-routes-types.js";

/** Resolves an area written as its id, its name in any language, or a member municipality. */
function resolveArea(value: string): string | undefined {
  const wanted = value.trim().toLocaleLowerCase("fi");
  for (const area of employmentAreas()) {
    const id = area.id ?? area.key;
    const names = [id, area.key, area.fi, area.sv, area.en].filter((name): name is string => typeof name === "string");
    if (names.some((name) => name.toLocaleLowerCase("fi") === wanted)) return id;
  }
  const code = municipalityCode(value);
  return code ? employmentAreaOf(code) : undefined;
}

const areaSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .transform((value, context) => {
    const area = resolveArea(value);
    if (!area) {
      context.addIssue({ code: "custom", message: `unknown employment area "${value}" (known: ${employmentAreaIds().join(", ")})` });
      return z.NEVER;
    }
    return area;
  });

const occupationSchema = z.union([
  iscoCodeSchema.transform((isco) => ({ isco, label: undefined as string | undefined })),
  z
    .object({
      isco: iscoCodeSchema.optional(),
      code: iscoCodeSchema.optional(),
      label: z.string().trim().max(200).optional(),
    })
    .refine((value) => value.isco ?? value.code, { message: "isco is required" })
    .transform((value) => ({ isco: (value.isco ?? value.code)!, label: value.label || undefined })),
]);

/**
 * Body of `PUT /api/admin/shortage-occupations`: the whole list of one area, replacing the previous
 * one. `asOf` (alias `date`) is the date of the public source; `source` its name, or `{name, url}`.
 */
const shortageBodySchema = z
  .object({
    area: areaSchema.optional(),
    asOf: z.string().trim().optional(),
    date: z.string().trim().optional(),
    source: z.union([
      z.string().trim().min(1).max(300),
      z.object({ name: z.string().trim().min(1).max(300), url: z.string().trim().max(2000).optional() }),
    ]),
    sourceUrl: z.string().trim().max(2000).optional(),
    occupations: z.array(occupationSchema).max(200),
  })
  .transform((body, context) => {
    const asOf = body.asOf ?? body.date;
    if (!asOf || !isIsoDate(asOf)) {
      context.addIssue({ code: "custom", path: ["asOf"], message: "expected the source's date as YYYY-MM-DD" });
      return z.NEVER;
    }
    const source = typeof body.source === "string" ? { name: body.source, url: body.sourceUrl } : { name: body.source.name, url: body.source.url ?? body.sourceUrl };
    if (source.url && !/^https?:\/\/\S+$/i.test(source.url)) {
      context.addIssue({ code: "custom", path: ["source", "url"], message: "expected an http(s) URL" });
      return z.NEVER;
    }
    const unique = new Map(body.occupations.map((occupation) => [occupation.isco, occupation]));
    return { area: body.area, asOf, source, occupations: [...unique.values()] };
  });

const querySchema = z.object({ area: areaSchema.optional() });

function present(list: ShortageList | undefined, area: string, language: "fi" | "sv" | "en") {
  return {
    area,
    name: employmentAreaName(area, language),
    asOf: list?.asOf ?? null,
    source: list?.source ?? null,
    occupations: (list?.occupations ?? []).map((occupation) => ({
      isco: occupation.isco,
      label: occupation.label ?? occupationLabel(occupation, language),
    })),
    updatedBy: list?.updatedBy ?? null,
    updatedAt: list?.updatedAt ?? null,
  };
}

/**
 * `GET` and `PUT /api/admin/shortage-occupations`: the shortage occupations per employment area.
 * Area admins only (both routes), as the list steers every jobseeker of the area; each change is
 * written to the audit log.
 */
export function shortageRoutes(deps: { readonly store: ShortageStore; readonly audit: Pick<AdminRepository, "appendAudit"> }): AdminRouteExtension {
  return (router, helpers) => {
    router.get("/shortage-occupations", async (request, response) => {
      const language = languageOf(request);
      helpers.requireAreaAdmin(editorOf(response), language);
      const query = parseInput(querySchema, request.query);
      const lists = await deps.store.lists();
      const areas = query.area ? [query.area] : employmentAreaIds();
      response.json({ areas: areas.map((area) => present(lists.find((list) => list.area === area), area, language)) });
    });

    router.put("/shortage-occupations", helpers.json, async (request, response) => {
      const language = languageOf(request);
      const editor = editorOf(response);
      helpers.requireAreaAdmin(editor, language);
      const body = parseInput(shortageBodySchema, request.body);
      const area = body.area ?? employmentAreaIds()[0];
      if (!area) throw new Error("No employment areas in knowledge/geo/municipalities.json");
      const before = (await deps.store.lists()).find((list) => list.area === area);
      const saved = await deps.store.replace({
        area,
        asOf: body.asOf,
        source: body.source,
        occupations: body.occupations,
        updatedBy: editor.user,
      });
      await deps.audit.appendAudit({
        actor: editor.user,
        action: "shortage.replace",
        details: {
          area,
          asOf: saved.asOf,
          source: saved.source.name,
          before: before?.occupations.map((occupation) => occupation.isco) ?? [],
          after: saved.occupations.map((occupation) => occupation.isco),
        },
      });
      response.json(present(saved, area, language));
    });
  };
}
