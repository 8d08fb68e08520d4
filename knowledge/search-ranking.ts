import type { Audience, ItemKind } from "./item.js";
import { distanceKm } from "./municipalities.js";

/**
 * Fusion and ranking of hybrid-search candidates: pure functions (no I/O), unit-tested.
 * docs/decisions/0010-hybrid-retrieval.md explains the scale and the relevance gate.
 */

/** One item found by the lexical list, the vector list or both (its best chunk already chosen in SQL). */
export interface Candidate {
  readonly key: string;
  /** 1-based rank in the lexical list, when the item is in it. */
  readonly lexicalRank?: number | undefined;
  /** Summed weight of the query groups the item's best chunk matched. */
  readonly matchedWeight: number;
  /** Summed weight of the query groups its title matched. */
  readonly titleWeight: number;
  /** 1-based rank in the vector list, when the item is in it. */
  readonly vectorRank?: number | undefined;
  /** Cosine distance of its best chunk (0 = same direction, 2 = opposite). */
  readonly distance?: number | undefined;
  readonly kind: ItemKind;
  readonly municipality?: string | undefined;
  readonly validFrom?: string | undefined;
  /** Whom the item is for (copied to chunks like kind and municipality). */
  readonly audience?: Audience | undefined;
}

/** What the ranking needs to know about the query. */
export interface RankingContext {
  /** Total weight of the query's content groups; 0 for a facet-only query ("jobs in Kokkola"). */
  readonly totalWeight: number;
  /** Kinds the query asks for softly (detected or `preferKind`). */
  readonly preferKinds: readonly ItemKind[];
  /** Municipality the query prefers softly (detected or `preferMunicipality`). */
  readonly preferMunicipality?: { readonly code: string; readonly near: boolean } | undefined;
  /** Whom the asker is (an employer or a jobseeker); items for the other audience fall behind. */
  readonly preferAudience?: "jobseeker" | "employer" | undefined;
  readonly today: string;
  readonly calibration: VectorCalibration;
}

/**
 * Cosine similarities of the embedder in use that mean "unrelated" (floor) and "clearly the same
 * topic" (ceiling). They turn a similarity into evidence in [0, 1]; each embedder has its own spread.
 */
export interface VectorCalibration {
  readonly floor: number;
  readonly ceiling: number;
}

export const DEFAULT_CALIBRATION: Readonly<Record<string, VectorCalibration>> = {
  // Character n-gram hashing: unrelated texts share common n-grams, so the floor is high.
  local: { floor: 0.12, ceiling: 0.5 },
  // Semantic models (OpenAI text-embedding-3-*): unrelated ≈ 0.1–0.2, same topic ≈ 0.45+.
  openai: { floor: 0.2, ceiling: 0.55 },
};

/** The RRF constant of Cormack et al. (2009); large k keeps fusion robust to either list's quirks. */
const RRF_K = 60;
const LEXICAL_WEIGHT = 0.6;
const VECTOR_WEIGHT = 0.4;
/** A result below this score is never returned: too little evidence to show a jobseeker. */
export const MIN_SCORE = 0.2;
/**
 * Search results below this share of the best score are dropped, so a list is not padded with weak
 * matches. Looser than the conversation's cut (ANSWER_SHARE_OF_BEST_SCORE 0.5 in
 * bot/conversation/turns/search-turn.ts), because search also serves "show more" and the search
 * API; chosen on the development questions, where retrieval recall@5 and @10 stay 1.000 with it.
 */
const SEARCH_SHARE_OF_BEST_SCORE = 0.25;
/** Without any lexical match an item needs this much vector evidence (near-identical wording). */
const VECTOR_ONLY_EVIDENCE = 0.7;
const UPCOMING_FACTOR = 0.85;
const OTHER_KIND_FACTOR = 0.7;
const NO_MUNICIPALITY_FACTOR = 0.8;
/**
 * An item for the other audience (the employer's wage-subsidy page for a jobseeker, or the other
 * way round) still shows when it is the only match, but behind the asker's own version of the topic.
 */
const OTHER_AUDIENCE_FACTOR = 0.6;

export interface RankedCandidate<C extends Candidate = Candidate> {
  readonly candidate: C;
  /** Final score in [0, 1]: evidence-weighted RRF × preference factors. */
  readonly score: number;
  /** Evidence before preferences, in [0, 1]. */
  readonly relevance: number;
  readonly upcoming: boolean;
}

/** Lexical evidence in [0, 1]: two matched query concepts (or all, if fewer) is full evidence. */
export function lexicalEvidence(matchedWeight: number, totalWeight: number): number {
  if (totalWeight <= 0) return matchedWeight > 0 ? 1 : 0;
  return Math.min(1, matchedWeight / Math.min(totalWeight, 2));
}

export function vectorEvidence(distance: number | undefined, calibration: VectorCalibration): number {
  if (distance === undefined || !Number.isFinite(distance)) return 0;
  const similarity = 1 - distance;
  const evidence = (similarity - calibration.floor) / (calibration.ceiling - calibration.floor);
  return Math.max(0, Math.min(1, evidence));
}

/** Rank damping of reciprocal rank fusion, scaled so that rank 1 gives 1. */
export function rrfDamping(rank: number | undefined): number {
  return rank === undefined ? 0 : (RRF_K + 1) / (RRF_K + rank);
}

/**
 * Soft municipality preference: the named municipality scores 1, others fall off with distance
 * between centres (clearly behind at 20 km), items without a municipality (national services,
 * online courses) sit in between. "near X" is gentler within 30 km.
 */
export function municipalityFactor(
  itemMunicipality: string | undefined,
  prefer: { readonly code: string; readonly near: boolean } | undefined,
): number {
  if (!prefer) return 1;
  if (!itemMunicipality) return NO_MUNICIPALITY_FACTOR;
  if (itemMunicipality === prefer.code) return 1;
  const km = distanceKm(prefer.code, itemMunicipality);
  if (km === undefined) return 0.55;
  if (prefer.near) return km <= 30 ? 0.95 : km <= 60 ? 0.8 : 0.6;
  return Math.max(0.55, 0.75 - km / 400);
}

/**
 * Ranks in each list counted among the items for the asker's audience only: an item for the other
 * audience keeps its own rank but takes no place from the asker's items (an employer's page of the
 * same topic must not push a jobseeker's registration page below the relevance gate).
 */
export function ranksForAudience<C extends Candidate>(candidates: readonly C[], prefer: "jobseeker" | "employer" | undefined): C[] {
  if (!prefer) return [...candidates];
  const fits = (candidate: C) => !candidate.audience || candidate.audience === "both" || candidate.audience === prefer;
  const recount = (rankOf: (candidate: C) => number | undefined) => {
    const ordered = candidates.filter((candidate) => fits(candidate) && rankOf(candidate) !== undefined).sort((left, right) => rankOf(left)! - rankOf(right)!);
    return new Map(ordered.map((candidate, index) => [candidate.key, index + 1]));
  };
  const lexical = recount((candidate) => candidate.lexicalRank);
  const vector = recount((candidate) => candidate.vectorRank);
  return candidates.map((candidate) =>
    fits(candidate) ? { ...candidate, lexicalRank: lexical.get(candidate.key) ?? candidate.lexicalRank, vectorRank: vector.get(candidate.key) ?? candidate.vectorRank } : candidate,
  );
}

/**
 * Fuses the two lists by evidence-weighted reciprocal rank fusion, applies the soft preferences
 * (kind, municipality, upcoming after open) and the relevance gate; best first.
 */
export function rankCandidates<C extends Candidate>(
  candidates: readonly C[],
  context: RankingContext,
): Array<RankedCandidate<C>> {
  const scored: Array<RankedCandidate<C>> = [];
  for (const candidate of candidates) {
    const lexical = lexicalEvidence(candidate.matchedWeight, context.totalWeight);
    const vector = vectorEvidence(candidate.distance, context.calibration);
    if (lexical === 0 && vector < VECTOR_ONLY_EVIDENCE) continue;
    const fused =
      (LEXICAL_WEIGHT * lexical * rrfDamping(candidate.lexicalRank) +
        VECTOR_WEIGHT * vector * rrfDamping(candidate.vectorRank)) /
      (LEXICAL_WEIGHT + VECTOR_WEIGHT);
    const title = lexicalEvidence(candidate.titleWeight, context.totalWeight);
    const relevance = Math.min(1, fused * (0.75 + 0.25 * title));
    const upcoming = Boolean(candidate.validFrom && candidate.validFrom > context.today);
    let factor = municipalityFactor(candidate.municipality, context.preferMunicipality);
    if (context.preferKinds.length > 0 && !context.preferKinds.includes(candidate.kind)) factor *= OTHER_KIND_FACTOR;
    if (upcoming) factor *= UPCOMING_FACTOR;
    if (context.preferAudience && candidate.audience && candidate.audience !== "both" && candidate.audience !== context.preferAudience) {
      factor *= OTHER_AUDIENCE_FACTOR;
    }
    scored.push({ candidate, score: round(relevance * factor), relevance: round(relevance), upcoming });
  }
  scored.sort((left, right) => right.score - left.score || right.relevance - left.relevance);
  const best = scored[0]?.score ?? 0;
  return scored.filter((entry) => entry.score >= MIN_SCORE && entry.score >= best * SEARCH_SHARE_OF_BEST_SCORE);
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/**
 * A short excerpt of a chunk around the first place one of `terms` occurs (whole text when short),
 * cut at word boundaries.
 */
export function makeSnippet(content: string, terms: readonly string[], maxChars = 300): string {
  const text = content.replace(/\s+/g, " ").trim();
  if (text.length <= maxChars) return text;
  const lower = text.toLowerCase();
  let position = -1;
  for (const term of terms) {
    if (term.length < 3) continue;
    const found = lower.indexOf(term.toLowerCase());
    if (found >= 0 && (position < 0 || found < position)) position = found;
  }
  let start = position < 0 ? 0 : Math.max(0, position - Math.floor(maxChars / 3));
  if (start > 0) {
    const space = text.indexOf(" ", start);
    start = space >= 0 && space < position ? space + 1 : start;
  }
  let end = Math.min(text.length, start + maxChars);
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > start + maxChars / 2) end = space;
  }
  return `${start > 0 ? "…" : ""}${text.slice(start, end)}${end < text.length ? "…" : ""}`;
}
