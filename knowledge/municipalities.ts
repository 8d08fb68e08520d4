import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { trimTrailing } from "../platform/index.js";

const municipalitySchema = z.object({
  code: z.string().regex(/^\d{3}$/),
  fi: z.string(),
  sv: z.string().nullable().optional(),
  lat: z.number(),
  lon: z.number(),
  region: z.string().optional(),
  employmentArea: z.string().nullable().optional(),
  forms: z.array(z.string()).default([]),
});

const employmentAreaSchema = z.object({
  id: z.string().optional(),
  key: z.string().optional(),
  responsible: z.string().optional(),
  responsibleCode: z.string().optional(),
  fi: z.string().optional(),
  sv: z.string().optional(),
  en: z.string().optional(),
  name: z.unknown().optional(),
  members: z.array(z.string()).default([]),
}).loose();

const fileSchema = z.object({
  source: z.string().optional(),
  municipalities: z.array(municipalitySchema),
  employmentAreas: z.array(employmentAreaSchema).default([]),
}).loose();

export type Municipality = z.infer<typeof municipalitySchema>;
export type EmploymentArea = z.infer<typeof employmentAreaSchema>;

const GEO_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "geo", "municipalities.json");

interface Gazetteer {
  readonly byCode: ReadonlyMap<string, Municipality>;
  readonly byForm: ReadonlyMap<string, string>;
  readonly stems: ReadonlyArray<readonly [string, string]>;
  readonly areas: readonly EmploymentArea[];
}

let cached: Gazetteer | undefined;

function normaliseWord(value: string): string {
  return value.normalize("NFC").toLowerCase().trim().replace(/\s+/g, " ");
}

/** Finnish case endings seen on place names (inessive, adessive, elative, ablative, illative, allative, genitive). */
const CASE_ENDINGS = [
  "ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "seen", "hin", "iin", "aan", "ään", "een", "n", "s",
];

function loadGazetteer(): Gazetteer {
  if (cached) return cached;
  const parsed = fileSchema.parse(JSON.parse(readFileSync(GEO_FILE, "utf8")));
  const byCode = new Map<string, Municipality>();
  const byForm = new Map<string, string>();
  const stems: Array<[string, string]> = [];
  for (const municipality of parsed.municipalities) {
    byCode.set(municipality.code, municipality);
    const names = [municipality.fi, municipality.sv ?? undefined, ...municipality.forms].filter(
      (name): name is string => Boolean(name),
    );
    for (const name of names) {
      const form = normaliseWord(name).replace(/^i /, "");
      if (!byForm.has(form)) byForm.set(form, municipality.code);
    }
    byForm.set(municipality.code, municipality.code);
    // Stems for endings the data file does not list: "kaustinen" → "kaustise", "veteli" → "veteli".
    for (const name of [municipality.fi, municipality.sv ?? undefined]) {
      if (!name) continue;
      const lower = normaliseWord(name);
      stems.push([lower, municipality.code]);
      if (lower.endsWith("nen")) stems.push([`${lower.slice(0, -3)}se`, municipality.code]);
    }
  }
  cached = { byCode, byForm, stems, areas: parsed.employmentAreas };
  return cached;
}

/**
 * Statistics Finland code for a municipality written in Finnish or Swedish, in base or a common
 * inflected form ("Kokkola", "Karleby", "Kaustisella", "i Vetil"), or a 3-digit code; else undefined.
 */
export function municipalityCode(name: string): string | undefined {
  const gazetteer = loadGazetteer();
  const form = trimTrailing(normaliseWord(name.slice(0, 200)).replace(/^i /, ""), ".,!?;:");
  if (!form) return undefined;
  if (/^\d{1,3}$/.test(form)) {
    const code = form.padStart(3, "0");
    return gazetteer.byCode.has(code) ? code : undefined;
  }
  const direct = gazetteer.byForm.get(form);
  if (direct) return direct;
  for (const [stem, code] of gazetteer.stems) {
    if (!form.startsWith(stem)) continue;
    const ending = form.slice(stem.length);
    if (ending === "" || CASE_ENDINGS.includes(ending)) return code;
  }
  return undefined;
}

export function municipalityByCode(code: string): Municipality | undefined {
  return loadGazetteer().byCode.get(code);
}

export function allMunicipalities(): Municipality[] {
  return [...loadGazetteer().byCode.values()];
}

export function employmentAreas(): readonly EmploymentArea[] {
  return loadGazetteer().areas;
}

/** Display name of a municipality in a language ("sv" falls back to Finnish where no Swedish name exists). */
export function municipalityName(code: string, language: "fi" | "sv" | "en" = "fi"): string | undefined {
  const municipality = municipalityByCode(code);
  if (!municipality) return undefined;
  return language === "sv" && municipality.sv ? municipality.sv : municipality.fi;
}

/** Every written form known for municipalities (for detecting place names in free text). */
export function municipalityForms(): ReadonlyMap<string, string> {
  return loadGazetteer().byForm;
}

/** Straight-line (great-circle) distance between two municipality centres, in kilometres. */
export function distanceKm(fromCode: string, toCode: string): number | undefined {
  const from = municipalityByCode(fromCode);
  const to = municipalityByCode(toCode);
  if (!from || !to) return undefined;
  return haversineKm(from.lat, from.lon, to.lat, to.lon);
}

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const deltaLat = radians(lat2 - lat1);
  const deltaLon = radians(lon2 - lon1);
  const a =
    Math.sin(deltaLat / 2) ** 2 + Math.cos(radians(lat1)) * Math.cos(radians(lat2)) * Math.sin(deltaLon / 2) ** 2;
  return 6371.0088 * 2 * Math.asin(Math.sqrt(a));
}

/** Codes of municipalities whose centres lie within `km` of the given municipality's centre (itself included). */
export function municipalitiesWithinKm(code: string, km: number): string[] {
  const origin = municipalityByCode(code);
  if (!origin) return [];
  return allMunicipalities()
    .filter((candidate) => haversineKm(origin.lat, origin.lon, candidate.lat, candidate.lon) <= km)
    .map((candidate) => candidate.code);
}
