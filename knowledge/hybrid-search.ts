import pgvector from "pgvector";
import type { Database, QueryResult, SqlClient } from "../platform/index.js";
import { ValidationError } from "../platform/index.js";
import type { Logger } from "../platform/index.js";
import { helsinkiDate, isIsoDate } from "./dates.js";
import type { Embedder } from "./embedder.js";
import { ITEM_KINDS, type Audience, type ItemKind } from "./item.js";
import { municipalitiesWithinKm, municipalityCode, municipalityName } from "./municipalities.js";
import { labelTermIndex, type LabelTermIndex } from "./label-terms.js";
import {
  alternativeKey,
  groupPrefixQuery,
  groupStemQuery,
  matchedGroupWeight,
  understandQuery,
  type QueryGroup,
  type QueryUnderstanding,
  type TermAlternative,
} from "./query-understanding.js";
import type { SearchRequest, SearchResponse, SearchResult, Searcher } from "./search.js";
import { qualifiedItemColumns, rowToItem, type ItemRow } from "./sql-knowledge-store.js";
import {
  DEFAULT_CALIBRATION,
  makeSnippet,
  rankCandidates,
  ranksForAudience,
  type Candidate,
  type VectorCalibration,
} from "./search-ranking.js";
import { loadVocabulary, type Vocabulary } from "./terms.js";

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 50;
/** Largest radius accepted for `nearKm` (the whole service area fits in about 300 km). */
export const MAX_NEAR_KM = 500;
/** Longest query accepted; longer input is rejected by the HTTP/CLI edges, the searcher caps what it reads. */
export const MAX_QUERY_LENGTH = 10_000;
/** Candidates per list: enough to fuse well, small enough to keep p95 low at 100k items. */
const LEXICAL_CANDIDATES = 60;
const VECTOR_CANDIDATES = 40;
/** Best chunks read back per lexical candidate item (items with several matching chunks). */
const LEXICAL_CHUNK_FACTOR = 2;
/** Radius of "near X" when the query names nothing but the place (and kind). */
const NEAR_FACET_KM = 40;
/** A match through a topic concept's related words counts this much of a direct match. */
const BROAD_MATCH_WEIGHT = 0.6;
/**
 * Most chunks one query word (with its expansions) may contribute: a word that common says little,
 * and every hit is a heap visit and an aggregation row (several µs each in embedded PostgreSQL).
 * Beyond the cap the hits are an arbitrary subset; the other words, the vector list and the
 * preferences still rank them.
 */
const GROUP_HIT_CAP = 300;
/** Chunks from which a word counts as very common (see statistics()). */
const COMMON_WORD_HITS = 4 * GROUP_HIT_CAP;
const STATISTICS_TTL_MS = 5 * 60_000;
/**
 * Largest estimated share of chunks passing the kind/municipality filters for which the GIN scans
 * AND their match bitmap with a bitmap of the filter index. Building that bitmap costs about 0.1 µs
 * a passing chunk, a heap visit rejected by a row filter about 2 µs: with 300 hits wanted per word
 * at 100,000 chunks the two break even near a fifth (lähihoitaja within 40 km of Kokkola, 14% of
 * chunks: 3,600 heap visits and 15 ms as row filters, 490 and 7 ms through the bitmap).
 */
const INDEXED_FILTER_SHARE = 0.2;
/** Share of all chunks from which a word is matched row by row rather than through GIN. */
const ROW_SCAN_SHARE = 0.2;
/** Nearest chunks fetched before filtering. */
const VECTOR_SCAN = 80;
/** HNSW candidate list size: must be ≥ the LIMIT of the vector query for full results. */
const EF_SEARCH = VECTOR_SCAN;

export interface HybridSearcherDeps {
  readonly database: Database;
  readonly embedder: Embedder;
  readonly logger?: Logger | undefined;
  readonly vocabulary?: Vocabulary | undefined;
  /** Override the embedder's similarity calibration (see search-ranking.ts). */
  readonly calibration?: VectorCalibration | undefined;
  /** The label index the stored `chunks.terms` were made with (tests with their own vocabulary). */
  readonly labelTerms?: LabelTermIndex | undefined;
}

/** A validated request with names resolved to codes. */
export interface ResolvedSearchRequest {
  readonly query: string;
  readonly kind?: ItemKind | undefined;
  /** Municipality codes of the hard filter (one, or all within `nearKm`). */
  readonly municipalities?: readonly string[] | undefined;
  readonly limit: number;
  readonly offset: number;
  readonly includeExpired: boolean;
  readonly preferMunicipality?: string | undefined;
  readonly preferKind?: ItemKind | undefined;
  readonly preferAudience?: "jobseeker" | "employer" | undefined;
  readonly nearKm?: number | undefined;
  readonly municipality?: string | undefined;
  readonly today: string;
}

/**
 * Validates a search request and resolves municipality names. Throws `ValidationError` naming the
 * field for an empty query, unknown kind or municipality, bad numbers, or `nearKm` without a place.
 */
export function resolveSearchRequest(request: SearchRequest, understanding?: QueryUnderstanding): ResolvedSearchRequest {
  if (typeof request.query !== "string" || request.query.trim() === "") {
    throw new ValidationError("query must be a non-empty string", { field: "query" });
  }
  if (request.query.length > MAX_QUERY_LENGTH) {
    throw new ValidationError(`query must be at most ${MAX_QUERY_LENGTH} characters`, { field: "query" });
  }
  if (request.kind !== undefined && !(ITEM_KINDS as readonly string[]).includes(request.kind)) {
    throw new ValidationError(`kind must be one of ${ITEM_KINDS.join(", ")}`, { field: "kind" });
  }
  if (request.preferKind !== undefined && !(ITEM_KINDS as readonly string[]).includes(request.preferKind)) {
    throw new ValidationError(`preferKind must be one of ${ITEM_KINDS.join(", ")}`, { field: "preferKind" });
  }
  if (request.preferAudience !== undefined && request.preferAudience !== "jobseeker" && request.preferAudience !== "employer") {
    throw new ValidationError("preferAudience must be jobseeker or employer", { field: "preferAudience" });
  }
  let municipality: string | undefined;
  if (request.municipality !== undefined) {
    municipality = municipalityCode(request.municipality);
    if (!municipality) throw new ValidationError(`unknown municipality "${request.municipality}"`, { field: "municipality" });
  }
  let preferMunicipality: string | undefined;
  if (request.preferMunicipality !== undefined) {
    preferMunicipality = municipalityCode(request.preferMunicipality);
    if (!preferMunicipality) {
      throw new ValidationError(`unknown municipality "${request.preferMunicipality}"`, { field: "preferMunicipality" });
    }
  }
  const limit = request.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new ValidationError(`limit must be an integer from 1 to ${MAX_LIMIT}`, { field: "limit" });
  }
  const offset = request.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > 1000) {
    throw new ValidationError("offset must be an integer from 0 to 1000", { field: "offset" });
  }
  const today = request.today ?? helsinkiDate();
  if (!isIsoDate(today)) throw new ValidationError("today must be an ISO date (YYYY-MM-DD)", { field: "today" });
  let municipalities: string[] | undefined = municipality ? [municipality] : undefined;
  if (request.nearKm !== undefined) {
    if (typeof request.nearKm !== "number" || !Number.isFinite(request.nearKm) || request.nearKm < 0 || request.nearKm > MAX_NEAR_KM) {
      throw new ValidationError(`nearKm must be a number from 0 to ${MAX_NEAR_KM}`, { field: "nearKm" });
    }
    // A radius needs a centre: the municipality filter, else the place the query names.
    const centre = municipality ?? understanding?.municipality?.code;
    if (!centre) {
      throw new ValidationError("nearKm needs a municipality (the filter or a place named in the query)", {
        field: "nearKm",
      });
    }
    municipalities = municipalitiesWithinKm(centre, request.nearKm);
  }
  return {
    query: request.query,
    kind: request.kind,
    municipalities,
    limit,
    offset,
    includeExpired: request.includeExpired === true,
    preferMunicipality,
    preferKind: request.preferKind,
    preferAudience: request.preferAudience,
    nearKm: request.nearKm,
    municipality,
    today,
  };
}

/** An item and the text of its best chunk, for the results that are returned. */
interface CandidateRow extends ItemRow {
  content: string;
}

/** What ranking needs of a candidate; the heavy fields come later for the returned ones only. */
interface SignalRow {
  source: string;
  item_id: string;
  ordinal: number;
  lexical_rank: number | null;
  matched: number | null;
  /** Facet lists count every title as covering the query; other lists bring the title. */
  title_matched?: number | null;
  title?: string | null;
  vector_rank: number | null;
  distance: number | null;
  kind: ItemKind;
  municipality: string | null;
  audience: Audience;
  valid_from: string | null;
}

/** What the lexical and vector lists of one query need, worked out before the search transaction. */
interface LexicalPlan {
  readonly stemQueries: readonly string[];
  readonly prefixQueries: readonly string[];
  readonly weights: readonly number[];
  readonly broadQueries: readonly string[];
  readonly coreTerms: readonly string[];
  readonly broadTerms: readonly string[];
  readonly rowScan: readonly boolean[];
  /** Kind/municipality filters selective enough to be index conditions (INDEXED_FILTER_SHARE). */
  readonly indexFilters: boolean;
  readonly vector: string | undefined;
}

/** Shares of chunks per value of a column: listed (most common) values, and each other value. */
interface ColumnShares {
  readonly listed: ReadonlyMap<string, number>;
  readonly unlisted: number;
}

interface ChunkStatistics {
  readonly at: number;
  readonly counts: ReadonlyMap<string, number>;
  readonly rows: number;
  readonly shares: ReadonlyMap<string, ColumnShares>;
}

interface RowCandidate extends Candidate {
  readonly row: SignalRow;
}


/**
 * Hybrid retrieval: full-text search (language stemmers + prefix matching of expanded terms on the
 * language-neutral index) and HNSW cosine kNN, grouped per item in SQL, fused by evidence-weighted
 * reciprocal rank fusion with soft municipality/kind preferences (search-ranking.ts).
 * See docs/decisions/0010-hybrid-retrieval.md.
 */
export class HybridSearcher implements Searcher {
  private readonly vocabulary: Vocabulary;
  private readonly calibration: VectorCalibration;
  private readonly labelTerms: LabelTermIndex;
  private stats: ChunkStatistics | undefined;

  constructor(private readonly deps: HybridSearcherDeps) {
    this.vocabulary = deps.vocabulary ?? loadVocabulary();
    this.labelTerms = deps.labelTerms ?? labelTermIndex();
    this.calibration =
      deps.calibration ??
      (deps.embedder.id.startsWith("local") ? DEFAULT_CALIBRATION.local! : DEFAULT_CALIBRATION.openai!);
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const started = performance.now();
    const understanding = understandQuery(typeof request.query === "string" ? request.query : "", this.vocabulary);
    const resolved = resolveSearchRequest(request, understanding);
    const results = await this.searchResolved(resolved, understanding);
    return { query: request.query, results, tookMs: Math.round((performance.now() - started) * 10) / 10 };
  }

  private async searchResolved(request: ResolvedSearchRequest, understanding: QueryUnderstanding): Promise<SearchResult[]> {
    // Kinds the text names win over the caller's default preference.
    const preferKinds: ItemKind[] = request.kind
      ? []
      : understanding.kinds.length > 0
        ? [...understanding.kinds]
        : request.preferKind
          ? [request.preferKind]
          : [];
    // A place the person names in the text wins over the caller's default (page or home municipality).
    const preferMunicipality =
      request.municipalities !== undefined
        ? undefined
        : (understanding.municipality ??
          (request.preferMunicipality ? { code: request.preferMunicipality, near: false } : undefined));
    const groups = understanding.groups;
    if (groups.length === 0 && preferKinds.length === 0 && !preferMunicipality && !request.kind && !request.municipalities) {
      return [];
    }
    // The query vector and word statistics come first: a remote embedder must not hold a transaction open.
    const lexicalPlan = groups.length > 0 ? await this.planLexical(request, understanding) : undefined;
    return this.inSearchTransaction(async (client) => {
      const rows: SignalRow[] = lexicalPlan
        ? await this.fetchCandidates(client, request, lexicalPlan)
        : await this.fetchFacetCandidates(client, request, preferKinds, preferMunicipality);
      const candidates: RowCandidate[] = rows.map((row) => ({
        key: `${row.source}\u0000${row.item_id}`,
        lexicalRank: row.lexical_rank ?? undefined,
        matchedWeight: row.matched ?? 0,
        titleWeight: row.title_matched ?? (row.title ? matchedGroupWeight(row.title, groups) : 0),
        vectorRank: row.vector_rank ?? undefined,
        distance: row.distance ?? undefined,
        kind: row.kind,
        municipality: row.municipality ?? undefined,
        validFrom: row.valid_from ?? undefined,
        audience: row.audience,
        row,
      }));
      const ranked = rankCandidates(
        ranksForAudience(candidates, request.preferAudience),
        {
        totalWeight: groups.reduce((sum, group) => sum + group.weight, 0),
        preferKinds,
        preferMunicipality,
        preferAudience: request.preferAudience,
        today: request.today,
        calibration: this.calibration,
        },
      ).slice(request.offset, request.offset + request.limit);
      const terms = groups.flatMap((group) =>
        group.alternatives.flatMap((alternative) => alternative.words.map((word) => word.text)),
      );
      const details = await this.fetchDetails(
        client,
        ranked.map((entry) => ({
          source: entry.candidate.row.source,
          itemId: entry.candidate.row.item_id,
          ordinal: entry.candidate.row.ordinal,
        })),
      );
      const byKey = new Map(details.map((row) => [`${row.source}\u0000${row.id}`, row]));
      return ranked.flatMap((entry) => {
        const row = byKey.get(entry.candidate.key);
        return row ? [toResult(row, entry.score, entry.upcoming, terms)] : [];
      });
    });
  }

  private filterSql(
    request: ResolvedSearchRequest,
    params: unknown[],
    alias: string,
    options: { rowFilter?: boolean; indexFilters?: boolean } = {},
  ): string {
    const conditions: string[] = [];
    const indexed: string[] = [];
    const facets = options.rowFilter && options.indexFilters ? indexed : conditions;
    if (request.kind) {
      params.push(request.kind);
      facets.push(`${alias}.kind = $${params.length}`);
    }
    if (request.municipalities) {
      params.push([...request.municipalities]);
      facets.push(`${alias}.municipality = ANY($${params.length}::text[])`);
    }
    if (!request.includeExpired) {
      params.push(request.today);
      conditions.push(`(${alias}.valid_until IS NULL OR ${alias}.valid_until >= $${params.length}::date)`);
    }
    // Inside the GIN scans the filters must stay row filters: as index conditions the planner
    // AND-ed the match bitmap with a bitmap of every open chunk (tens of thousands of entries) to
    // save heap visits that the hit cap already bounds. `IS TRUE` keeps them out of the index.
    // Selective kind/municipality filters are the exception (INDEXED_FILTER_SHARE).
    const parts = [
      ...(conditions.length === 0 ? [] : [options.rowFilter ? `(${conditions.join(" AND ")}) IS TRUE` : conditions.join(" AND ")]),
      ...indexed,
    ];
    return parts.length === 0 ? "" : `AND ${parts.join(" AND ")}`;
  }

  /** Per-group tsqueries and label keys, how very common words are looked up, and the query vector. */
  private async planLexical(request: ResolvedSearchRequest, understanding: QueryUnderstanding): Promise<LexicalPlan> {
    const groups = understanding.groups;
    const stemQueries = groups.map(groupStemQuery);
    // Term-file labels are looked up as exact keys in `chunks.terms` (knowledge/label-terms.ts);
    // only the user's own words (and anything else not indexed) are prefix-scanned.
    const indexed = (alternative: TermAlternative) => this.labelTerms.has(alternativeKey(alternative));
    const notIndexed = (alternative: TermAlternative) => !indexed(alternative);
    const termKeys = (group: QueryGroup, broad: boolean) =>
      group.alternatives
        .filter((alternative) => Boolean(alternative.broad) === broad && indexed(alternative))
        .map(alternativeKey)
        .join("\t");
    // A word in thousands of chunks is looked up by its stems only: prefix-scanning it on the
    // language-neutral index as well costs a bitmap of every posting and adds nothing the hit cap
    // would keep (at 100k chunks one such word took 15 ms).
    // A word in a fifth of all chunks or more is matched row by row instead: reading rows in order
    // meets the cap after about five cap's worth of rows, cheaper than any bitmap of its postings.
    const common = await this.statistics();
    const count = (word: string) => common.counts.get(word) ?? 0;
    const share = (word: string) => count(word) / Math.max(1, common.rows);
    const isCommon = (group: QueryGroup) =>
      group.stemWords.length > 0 && group.stemWords.every((word) => count(word) >= COMMON_WORD_HITS);
    const rowScan = groups.map((group) => isCommon(group) && group.stemWords.every((word) => share(word) >= ROW_SCAN_SHARE));
    const prefixQueries = groups.map((group) => (isCommon(group) ? "" : groupPrefixQuery(group, "core", notIndexed)));
    const broadQueries = groups.map((group) => groupPrefixQuery(group, "broad", notIndexed));
    let vector: string | undefined;
    try {
      const [embedding] = await this.deps.embedder.embed([understanding.embeddingText || understanding.text]);
      if (embedding) vector = pgvector.toSql(embedding) as string;
    } catch (error) {
      // A remote embedder being down must not take search down: lexical retrieval still answers.
      this.deps.logger?.warn({ err: error }, "search.embedding_failed");
    }
    return {
      stemQueries,
      prefixQueries,
      weights: groups.map((group) => group.weight),
      broadQueries,
      coreTerms: groups.map((group) => termKeys(group, false)),
      broadTerms: groups.map((group) => termKeys(group, true)),
      rowScan,
      indexFilters:
        (request.kind !== undefined || request.municipalities !== undefined) &&
        this.filterShare(common, request) <= INDEXED_FILTER_SHARE,
      vector,
    };
  }

  private async fetchCandidates(client: SqlClient, request: ResolvedSearchRequest, plan: LexicalPlan): Promise<SignalRow[]> {
    const vector = plan.vector;
    const params: unknown[] = [
      plan.stemQueries,
      plan.prefixQueries,
      plan.weights,
      plan.broadQueries,
      plan.coreTerms,
      plan.broadTerms,
      plan.rowScan,
    ];
    const lexicalFilter = this.filterSql(request, params, "c", { rowFilter: true, indexFilters: plan.indexFilters });
    let vectorCte =
      "vec AS (SELECT NULL::text AS source, NULL::text AS item_id, NULL::int AS ordinal, NULL::text AS kind, NULL::text AS municipality, NULL::text AS audience, NULL::date AS valid_from, NULL::float8 AS distance, NULL::bigint AS vector_rank WHERE false)";
    if (vector) {
      params.push(vector);
      const vectorParam = params.length;
      // The nearest chunks without filters (so the HNSW index is the only access path), then the
      // filters: a filtered kNN let the planner pick a filter index plus an exact sort, which costs a
      // distance per open chunk. Hard filters that leave few of the ${VECTOR_SCAN} nearest only
      // shorten the vector list; the lexical list still finds them.
      vectorCte = `vec_chunks AS MATERIALIZED (
          SELECT c.source, c.item_id, c.ordinal, c.kind, c.municipality, c.audience, c.valid_from, c.distance
          FROM (
            SELECT n.source, n.item_id, n.ordinal, n.kind, n.municipality, n.audience, n.valid_from, n.valid_until,
                   n.embedding <=> $${vectorParam}::vector AS distance
            FROM chunks n
            ORDER BY n.embedding <=> $${vectorParam}::vector
            LIMIT ${VECTOR_SCAN}
          ) c
          WHERE true ${lexicalFilter}
          ORDER BY c.distance
          LIMIT ${VECTOR_CANDIDATES}
        ),
        vec_items AS (
          SELECT DISTINCT ON (source, item_id) source, item_id, ordinal, kind, municipality, audience, valid_from, distance
          FROM vec_chunks ORDER BY source, item_id, distance
        ),
        vec AS (
          SELECT source, item_id, ordinal, kind, municipality, audience, valid_from, distance,
                 row_number() OVER (ORDER BY distance) AS vector_rank
          FROM vec_items
        )`;
    }
    // Lexical list: one GIN lookup per query group (core words stemmed and as prefixes; broad concept
    // words apart), so which groups a chunk matches comes from the index, not from re-evaluating
    // tsqueries row by row. The tsqueries reach the scans as values from `grp`: given literal
    // many-prefix queries the planner priced GIN above a sequential scan (measured 50–100× slower).
    // Shorter chunks win ties: the match is more central to them.
    const sql = `
      WITH grp AS MATERIALIZED (
        SELECT g.ord, g.weight,
               CASE WHEN g.words = '' THEN NULL
                    ELSE to_tsquery('finnish', g.words) || to_tsquery('swedish', g.words) || to_tsquery('english', g.words)
               END AS stemmed,
               CASE WHEN g.prefixes = '' THEN NULL ELSE to_tsquery('simple', g.prefixes) END AS prefixed,
               CASE WHEN g.broad = '' THEN NULL ELSE to_tsquery('simple', g.broad) END AS broad,
               CASE WHEN g.core_terms = '' THEN NULL ELSE string_to_array(g.core_terms, E'\\t') END AS core_terms,
               CASE WHEN g.broad_terms = '' THEN NULL ELSE string_to_array(g.broad_terms, E'\\t') END AS broad_terms,
               g.row_scan
        FROM unnest($1::text[], $2::text[], $3::float8[], $4::text[], $5::text[], $6::text[], $7::boolean[])
             WITH ORDINALITY AS g(words, prefixes, weight, broad, core_terms, broad_terms, row_scan, ord)
      ),
      hits AS (
        SELECT h.tid, g.weight * max(h.strength) AS weight, max(h.size) AS size
        FROM grp g
        CROSS JOIN LATERAL (
          (SELECT c.ctid AS tid, pg_column_size(c.content) AS size, 1::float8 AS strength
          FROM chunks c
          WHERE NOT g.row_scan AND (c.tsv @@ g.stemmed OR c.tsv_simple @@ g.prefixed OR c.terms && g.core_terms) ${lexicalFilter}
          LIMIT ${GROUP_HIT_CAP})
          UNION ALL
          (SELECT c.ctid, pg_column_size(c.content), 1::float8
          FROM chunks c
          WHERE g.row_scan AND (c.tsv @@ g.stemmed OR c.terms && g.core_terms) IS TRUE ${lexicalFilter}
          LIMIT ${GROUP_HIT_CAP})
          UNION ALL
          (SELECT c.ctid, pg_column_size(c.content), ${BROAD_MATCH_WEIGHT}::float8
          FROM chunks c
          WHERE (g.broad IS NOT NULL OR g.broad_terms IS NOT NULL)
            AND (c.tsv_simple @@ g.broad OR c.terms && g.broad_terms) ${lexicalFilter}
          LIMIT ${GROUP_HIT_CAP})
        ) h
        GROUP BY h.tid, g.ord, g.weight
      ),
      -- Chunks are aggregated by physical row id (cheap to hash) and only the best few hundred are
      -- read back by id: most items have one chunk, so they hold the best ${LEXICAL_CANDIDATES} items.
      lex_chunks AS (
        SELECT tid, sum(weight) AS matched, max(size) AS size
        FROM hits GROUP BY tid
        ORDER BY matched DESC, size LIMIT ${LEXICAL_CANDIDATES * LEXICAL_CHUNK_FACTOR}
      ),
      lex_items AS (
        SELECT DISTINCT ON (c.source, c.item_id) c.source, c.item_id, c.ordinal, c.kind, c.municipality, c.audience, c.valid_from,
               l.matched, l.size
        FROM lex_chunks l JOIN chunks c ON c.ctid = l.tid
        ORDER BY c.source, c.item_id, l.matched DESC, l.size, c.ordinal
      ),
      lex AS (
        SELECT source, item_id, ordinal, kind, municipality, audience, valid_from, matched,
               row_number() OVER (ORDER BY matched DESC, size) AS lexical_rank
        FROM lex_items ORDER BY matched DESC, size LIMIT ${LEXICAL_CANDIDATES}
      ),
      ${vectorCte},
      fused AS (
        SELECT coalesce(l.source, v.source) AS source, coalesce(l.item_id, v.item_id) AS item_id,
               coalesce(l.ordinal, v.ordinal) AS ordinal, coalesce(l.kind, v.kind) AS kind,
               coalesce(l.municipality, v.municipality) AS municipality, coalesce(l.audience, v.audience) AS audience,
               coalesce(l.valid_from, v.valid_from) AS valid_from,
               l.lexical_rank, l.matched, v.vector_rank, v.distance
        FROM lex l FULL JOIN vec v ON v.source = l.source AND v.item_id = l.item_id
      )
      -- The title by primary key per candidate (at most ${LEXICAL_CANDIDATES + VECTOR_CANDIDATES} rows); which query
      -- words it covers is worked out in JavaScript (query-understanding.ts matchedGroupWeight).
      SELECT f.*, (SELECT i.title FROM items i WHERE i.source = f.source AND i.id = f.item_id) AS title
      FROM fused f`;
    return (await prepared(client)<SignalRow>(sql, params)).rows;
  }

  /** Item fields and the best chunk's text, fetched only for the results that are returned. */
  private async fetchDetails(
    client: SqlClient,
    keys: ReadonlyArray<{ source: string; itemId: string; ordinal: number }>,
  ): Promise<CandidateRow[]> {
    if (keys.length === 0) return [];
    // In the search transaction: without its planner settings the planner hash-joins a scan of all
    // items for a handful of keys.
    const result = await prepared(client)<CandidateRow>(
      `SELECT ${qualifiedItemColumns("i")}, ch.content
       FROM unnest($1::text[], $2::text[], $3::int[]) AS k(source, item_id, ordinal)
       JOIN items i ON i.source = k.source AND i.id = k.item_id
       JOIN chunks ch ON ch.source = k.source AND ch.item_id = k.item_id AND ch.ordinal = k.ordinal`,
      [keys.map((key) => key.source), keys.map((key) => key.itemId), keys.map((key) => key.ordinal)],
    );
    return result.rows;
  }

  /** A query that names only a place and/or kind ("töitä Kokkolassa"): open items of that facet, newest first. */
  private async fetchFacetCandidates(
    client: SqlClient,
    request: ResolvedSearchRequest,
    preferKinds: readonly ItemKind[],
    preferMunicipality: { readonly code: string; readonly near: boolean } | undefined,
  ): Promise<SignalRow[]> {
    const params: unknown[] = [];
    const filter = this.filterSql(request, params, "i");
    const soft: string[] = [];
    if (preferKinds.length > 0) {
      params.push([...preferKinds]);
      soft.push(`i.kind = ANY($${params.length}::text[])`);
    }
    if (preferMunicipality) {
      // "jobs near Veteli" lists the surroundings too; ranking then puts the nearest first.
      params.push(
        preferMunicipality.near ? municipalitiesWithinKm(preferMunicipality.code, NEAR_FACET_KM) : [preferMunicipality.code],
      );
      soft.push(`i.municipality = ANY($${params.length}::text[])`);
    }
    const sql = `
      SELECT i.source, i.id AS item_id, 0 AS ordinal,
             row_number() OVER (ORDER BY i.valid_from DESC NULLS LAST, i.id) AS lexical_rank,
             1::float8 AS matched, 1::float8 AS title_matched, NULL::bigint AS vector_rank, NULL::float8 AS distance,
             i.kind, i.municipality, i.audience, i.valid_from
      FROM items i
      WHERE true ${filter} ${soft.length > 0 ? `AND ${soft.join(" AND ")}` : ""}
      ORDER BY i.valid_from DESC NULLS LAST, i.id
      LIMIT ${LEXICAL_CANDIDATES}`;
    return (await prepared(client)<SignalRow>(sql, params)).rows;
  }

  /**
   * Planner statistics of `chunks` (`pg_stats`, kept current by ANALYZE): estimated chunk counts
   * of the most common words of the language-neutral index, and the share of chunks per kind and
   * municipality. Empty until the table was analysed. Cached for a few minutes: the estimates only
   * decide how a very common word and a hard filter are looked up, never what is found.
   */
  private async statistics(): Promise<ChunkStatistics> {
    const now = Date.now();
    if (this.stats && now - this.stats.at < STATISTICS_TTL_MS) return this.stats;
    const counts = new Map<string, number>();
    const shares = new Map<string, ColumnShares>();
    let rows = 0;
    try {
      const result = await this.deps.database.query<{
        attname: string;
        elems: string[] | null;
        elem_freqs: number[] | null;
        vals: string[] | null;
        freqs: number[] | null;
        n_distinct: number | null;
        null_frac: number | null;
        rows: number;
      }>(
        `SELECT s.attname::text AS attname,
                s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs::float8[] AS elem_freqs,
                s.most_common_vals::text::text[] AS vals, s.most_common_freqs::float8[] AS freqs,
                s.n_distinct::float8 AS n_distinct, s.null_frac::float8 AS null_frac,
                (SELECT reltuples FROM pg_class WHERE oid = 'chunks'::regclass)::float8 AS rows
         FROM pg_stats s
         WHERE s.schemaname = current_schema() AND s.tablename = 'chunks'
           AND s.attname IN ('tsv_simple', 'kind', 'municipality')`,
      );
      for (const row of result.rows) {
        rows = Math.max(rows, row.rows ?? 0);
        if (row.attname === "tsv_simple" && row.elems && row.elem_freqs && row.rows > 0) {
          row.elems.forEach((lexeme, index) => {
            const count = (row.elem_freqs![index] ?? 0) * row.rows;
            if (count >= COMMON_WORD_HITS) counts.set(lexeme, count);
          });
        } else if (row.attname !== "tsv_simple") {
          const listed = new Map((row.vals ?? []).map((value, index) => [value, row.freqs?.[index] ?? 0]));
          const listedShare = [...listed.values()].reduce((sum, share) => sum + share, 0);
          // n_distinct < 0 is a share of the rows; values outside the list split what is left.
          const distinct = (row.n_distinct ?? 0) < 0 ? -(row.n_distinct ?? 0) * row.rows : (row.n_distinct ?? 0);
          const unlisted = Math.max(0, 1 - listedShare - (row.null_frac ?? 0)) / Math.max(1, distinct - listed.size);
          shares.set(row.attname, { listed, unlisted });
        }
      }
    } catch (error) {
      this.deps.logger?.warn({ err: error }, "search.statistics_failed");
    }
    this.stats = { at: now, counts, rows, shares };
    return this.stats;
  }

  /** Estimated share of chunks that pass the kind and municipality filters (1 without statistics). */
  private filterShare(stats: ChunkStatistics, request: ResolvedSearchRequest): number {
    const share = (column: string, values: readonly string[]) => {
      const known = stats.shares.get(column);
      if (!known) return 1;
      return Math.min(1, values.reduce((sum, value) => sum + (known.listed.get(value) ?? known.unlisted), 0));
    };
    return (
      (request.kind ? share("kind", [request.kind]) : 1) *
      (request.municipalities ? share("municipality", request.municipalities) : 1)
    );
  }

  /**
   * Runs a search's statements (candidates, then details of the ranked ones) in one transaction
   * with planner settings local to it: `enable_seqscan = off` because PostgreSQL's cost model
   * underprices evaluating large tsqueries and vector distances row by row (on small and mid-size
   * tables it chose sequential scans that were 10–50× slower than the GIN and HNSW indexes), and
   * `hnsw.ef_search` ≥ the kNN LIMIT so HNSW returns full lists. One transaction rather than one
   * per statement saves three round trips a search. The statements are prepared where the engine
   * offers it, and planned once (`force_generic_plan`): what shapes their plans (which lists run,
   * which filters are index conditions) is chosen in the statement text, and the tsqueries reach
   * the scans as runtime values anyway (see the lexical CTEs).
   */
  private async inSearchTransaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T> {
    return this.deps.database.transaction(async (client) => {
      await client.query(
        `SELECT set_config('enable_seqscan', 'off', true), set_config('hnsw.ef_search', '${EF_SEARCH}', true),
                set_config('plan_cache_mode', 'force_generic_plan', true)`,
      );
      return work(client);
    });
  }
}

/** The client's prepared-statement path where it has one (the embedded engine), else plain queries. */
function prepared(client: SqlClient): <Row>(sql: string, params: readonly unknown[]) => Promise<QueryResult<Row>> {
  return client.queryPrepared ? client.queryPrepared.bind(client) : client.query.bind(client);
}

function toResult(row: CandidateRow, score: number, upcoming: boolean, terms: readonly string[]): SearchResult {
  const { contentHash: _hash, createdAt: _created, updatedAt: _updated, ...item } = rowToItem(row);
  const result: Record<string, unknown> = {
    ...item,
    municipality: item.municipality ? (municipalityName(item.municipality) ?? item.municipality) : undefined,
    municipalityCode: item.municipality,
    upcoming,
    score,
    snippet: makeSnippet(row.content, terms),
    tags: item.tags ?? [],
  };
  for (const key of Object.keys(result)) if (result[key] === undefined) delete result[key];
  return result as unknown as SearchResult;
}

/** The public JSON shape of one result (search CLI and `POST /api/search`). */
export interface PublicSearchResult {
  readonly id: string;
  readonly kind: ItemKind;
  readonly title: string;
  readonly organization: string | null;
  readonly municipality: string | null;
  readonly url: string | null;
  readonly validFrom: string | null;
  readonly validUntil: string | null;
  readonly upcoming: boolean;
  readonly score: number;
  readonly snippet: string;
}

/** Projects a response to the public contract `{query, results:[…], tookMs}` (fixed keys, null when absent). */
export function toPublicResponse(response: SearchResponse): {
  query: string;
  results: PublicSearchResult[];
  tookMs: number;
} {
  return {
    query: response.query,
    results: response.results.map((result) => ({
      id: result.id,
      kind: result.kind,
      title: result.title,
      organization: result.organization ?? null,
      municipality: result.municipality ?? null,
      url: result.url ?? null,
      validFrom: result.validFrom ?? null,
      validUntil: result.validUntil ?? null,
      upcoming: result.upcoming,
      score: result.score,
      snippet: result.snippet,
    })),
    tookMs: response.tookMs,
  };
}
