import type { CanonicalItem } from "./item.js";
import { municipalityByCode } from "./municipalities.js";

/**
 * Extra index terms for an item that are searched but never shown: municipality names in Finnish
 * and Swedish, tags and the occupation code. Retrieval extends this with occupation labels from
 * the term file (knowledge/terms) so a Finnish item is found by "welder" or "svetsare".
 */
export function buildSearchText(item: CanonicalItem): string {
  const parts: string[] = [];
  if (item.municipality) {
    const municipality = municipalityByCode(item.municipality);
    if (municipality) parts.push(municipality.fi, municipality.sv ?? "");
  }
  if (item.organization) parts.push(item.organization);
  parts.push(...(item.tags ?? []));
  return parts.filter(Boolean).join(" ");
}
