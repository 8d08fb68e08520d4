import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { z } from "zod";

/** ESCO occupation URI → ISCO-08 unit group (4 digits). */
export type EscoIscoMapping = ReadonlyMap<string, string>;

const MAPPING_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "esco-isco.json");

const fileSchema = z.object({
  source: z.string(),
  occupations: z.record(z.string(), z.string().regex(/^\d{4}$/)),
});

const ISCO_GROUP_URI = /^https?:\/\/data\.europa\.eu\/esco\/isco\/C(\d{1,4})$/i;

/** Canonical form for lookups: https and no trailing slash, since sources vary in both. */
function normaliseUri(uri: string): string {
  return uri.trim().replace(/^https:/i, "http:").replace(/\/+$/, "");
}

/**
 * The shipped mapping (esco-isco.json), optionally merged with ESCO's own `occupations_<lang>.csv`
 * download (columns `conceptUri`, `iscoGroup`) so operators can cover every occupation.
 */
export function loadEscoMapping(options: { csvFile?: string | undefined } = {}): EscoIscoMapping {
  const parsed = fileSchema.parse(JSON.parse(readFileSync(MAPPING_FILE, "utf8")));
  const mapping = new Map<string, string>();
  for (const [uri, isco] of Object.entries(parsed.occupations)) mapping.set(normaliseUri(uri), isco);
  if (options.csvFile) {
    const rows = parse(readFileSync(options.csvFile), { columns: true, bom: true, skip_empty_lines: true }) as Array<
      Record<string, string | undefined>
    >;
    for (const row of rows) {
      const uri = row.conceptUri?.trim();
      const isco = row.iscoGroup?.trim();
      if (uri && isco && /^\d{4}$/.test(isco)) mapping.set(normaliseUri(uri), isco);
    }
  }
  return mapping;
}

/** ISCO-08 code of an ESCO occupation or ISCO group URI; undefined when neither the URI nor the mapping says. */
export function iscoCodeOf(uri: string | null | undefined, mapping: EscoIscoMapping): string | undefined {
  if (!uri) return undefined;
  const group = ISCO_GROUP_URI.exec(uri.trim().replace(/\/+$/, ""));
  if (group) return group[1];
  return mapping.get(normaliseUri(uri));
}
