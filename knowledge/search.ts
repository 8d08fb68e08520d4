import type { Audience, ItemKind, Language } from "./item.js";

/** A search as the bot, the CLI and `POST /api/search` ask it. */
export interface SearchRequest {
  readonly query: string;
  /** Hard filter on kind. */
  readonly kind?: ItemKind | undefined;
  /** Hard filter: a municipality name in any supported form, or its code. */
  readonly municipality?: string | undefined;
  /** With `municipality`: include items of municipalities whose centre is within this many km. */
  readonly nearKm?: number | undefined;
  /** Default 10, at most 50. */
  readonly limit?: number | undefined;
  /** Default 0; for "show more". */
  readonly offset?: number | undefined;
  /** Include items whose validUntil is before today (admin use; never for jobseekers). */
  readonly includeExpired?: boolean | undefined;
  /** Soft preference (boost, not filter) for a municipality, e.g. the page's or the person's home; a place named in the query text wins. */
  readonly preferMunicipality?: string | undefined;
  /** Soft preference for a kind; a kind named in the query text wins. */
  readonly preferKind?: ItemKind | undefined;
  /**
   * Soft preference for whom items are for: the chat passes "employer" once a person speaks as an
   * employer and "jobseeker" otherwise; items for "both" always count as matching.
   */
  readonly preferAudience?: Exclude<Audience, "both"> | undefined;
  /** ISO date in Europe/Helsinki; default today. */
  readonly today?: string | undefined;
}

/** One item in a result list; field names are the public JSON contract of the search CLI and API. */
export interface SearchResult {
  /** The item's own id from its source file. */
  readonly id: string;
  readonly source: string;
  readonly kind: ItemKind;
  readonly title: string;
  readonly organization?: string | undefined;
  /** Municipality display name (Finnish). */
  readonly municipality?: string | undefined;
  readonly municipalityCode?: string | undefined;
  readonly url?: string | undefined;
  readonly validFrom?: string | undefined;
  readonly validUntil?: string | undefined;
  /** validFrom is after today: applications not open yet. */
  readonly upcoming: boolean;
  /**
   * Relevance in [0, 1] (evidence-weighted RRF × place/kind/upcoming preferences; see
   * docs/decisions/0010-hybrid-retrieval.md). Never below 0.2 (those are not returned);
   * ≥ 0.5 is a confident match, 0.2–0.5 partial. An empty list means nothing relevant is open.
   */
  readonly score: number;
  /** The best-matching chunk's text, shortened. */
  readonly snippet: string;
  readonly language: Language;
  readonly description: string;
  readonly address?: string | undefined;
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
  readonly startDate?: string | undefined;
  readonly format?: string | undefined;
  readonly employmentType?: string | undefined;
  readonly openingHours?: string | undefined;
  readonly occupation?: string | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly audience?: Audience | undefined;
}

export interface SearchResponse {
  readonly query: string;
  readonly results: readonly SearchResult[];
  readonly tookMs: number;
}

/** Hybrid retrieval over the knowledge base (knowledge/hybrid-search.ts implements it). */
export interface Searcher {
  search(request: SearchRequest): Promise<SearchResponse>;
}
