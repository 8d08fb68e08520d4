import type { CallbackManagerForRetrieverRun } from "@langchain/core/callbacks/manager";
import { Document } from "@langchain/core/documents";
import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";
import type { ItemKind } from "./item.js";
import type { Searcher, SearchRequest, SearchResult } from "./search.js";

export interface KnowledgeRetrieverOptions extends BaseRetrieverInput {
  /** Results per query; default 5, at most 50 (the searcher's limit). */
  readonly k?: number;
  /** Hard filters, as in `SearchRequest`. */
  readonly kind?: ItemKind;
  readonly municipality?: string;
  readonly nearKm?: number;
}

/**
 * The knowledge base's hybrid search (full text + pgvector, fused) as a LangChain retriever, so a
 * LangChain chain or agent can use Lähituki's items with their filters: expired items are never
 * returned, municipalities are understood in any form. Each document's text is the item's title
 * and description (plain text); its metadata carries the fields a citation needs.
 */
export class KnowledgeRetriever extends BaseRetriever {
  static override lc_name(): string {
    return "KnowledgeRetriever";
  }

  lc_namespace = ["lahituki", "retrievers"];
  private readonly request: Omit<SearchRequest, "query">;

  constructor(
    private readonly searcher: Searcher,
    options: KnowledgeRetrieverOptions = {},
  ) {
    super(options);
    this.request = { limit: options.k ?? 5, kind: options.kind, municipality: options.municipality, nearKm: options.nearKm };
  }

  override async _getRelevantDocuments(query: string, _runManager?: CallbackManagerForRetrieverRun): Promise<Document[]> {
    const response = await this.searcher.search({ ...this.request, query });
    return response.results.map(toDocument);
  }
}

function toDocument(result: SearchResult): Document {
  return new Document({
    id: `${result.source}/${result.id}`,
    pageContent: `${result.title}\n\n${result.description}`,
    metadata: {
      source: result.source,
      id: result.id,
      kind: result.kind,
      title: result.title,
      language: result.language,
      score: result.score,
      ...(result.organization ? { organization: result.organization } : {}),
      ...(result.municipalityCode ? { municipality: result.municipalityCode } : {}),
      ...(result.url ? { url: result.url } : {}),
      ...(result.validUntil ? { validUntil: result.validUntil } : {}),
    },
  });
}
