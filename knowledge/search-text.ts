import type { CanonicalItem } from "./item.js";
import { municipalityByCode } from "./municipalities.js";
import { splitCompound, tokenize } from "./query-understanding.js";
import { loadVocabulary, type Vocabulary } from "./terms.js";

/** A label shared by more occupations than this says too little about any one of them ("hoitaja"). */
const MAX_OCCUPATIONS_PER_LABEL = 2;

/**
 * Extra index terms for an item that are searched but never shown: municipality names in Finnish
 * and Swedish, organisation, tags, the labels of its occupation code in Finnish, Swedish and English
 * (from the term file, so a Finnish "Hitsaaja" is found by "welder" or "svetsare"), and the parts of
 * compound words in title and tags that the term file knows ("Lähihoitajakoulutus" → "lähihoitaja
 * koulutus"), because PostgreSQL's stemmers do not split Finnish compounds.
 * Called at ingest (ingest/chunk-item.ts): items ingested before a term file change need `npm run reindex`.
 */
export function buildSearchText(item: CanonicalItem, vocabulary: Vocabulary = loadVocabulary()): string {
  const parts: string[] = [];
  if (item.municipality) {
    const municipality = municipalityByCode(item.municipality);
    if (municipality) parts.push(municipality.fi, municipality.sv ?? "");
  }
  if (item.organization) parts.push(item.organization);
  parts.push(...(item.tags ?? []));
  if (item.occupation) parts.push(...occupationIndexLabels(item.occupation, vocabulary));
  parts.push(...compoundParts([item.title, ...(item.tags ?? [])].join(" "), vocabulary));
  return [...new Set(parts.filter(Boolean))].join(" ");
}

/** The occupation's labels in all three languages, leaving out labels many occupations share. */
function occupationIndexLabels(isco: string, vocabulary: Vocabulary): string[] {
  const entry = vocabulary.byIsco.get(isco);
  if (!entry) return [];
  const labels = [...entry.labels.fi, ...entry.labels.sv, ...entry.labels.en];
  return labels.filter((label) => {
    const owners = (vocabulary.byLabel.get(label) ?? []).filter((owner) => owner.isco);
    return owners.length <= MAX_OCCUPATIONS_PER_LABEL;
  });
}

function compoundParts(text: string, vocabulary: Vocabulary): string[] {
  const parts: string[] = [];
  for (const token of tokenize(text)) {
    const split = splitCompound(token, vocabulary);
    if (split) parts.push(...split);
  }
  return parts;
}
