import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import type { CanonicalItem, Language } from "../knowledge/index.js";
import { buildSearchText } from "../knowledge/index.js";

/** A chunk before embedding. */
export interface ChunkDraft {
  readonly ordinal: number;
  readonly language: Language;
  readonly content: string;
  readonly searchText: string;
  /** The text the embedder sees: the title gives every chunk its context. */
  readonly embeddingText: string;
}

/** Characters per chunk: about 200 words, enough for a vacancy and small enough to pin a long service page. */
export const CHUNK_SIZE = 1200;
export const CHUNK_OVERLAP = 150;

const splitter = new RecursiveCharacterTextSplitter({
  chunkSize: CHUNK_SIZE,
  chunkOverlap: CHUNK_OVERLAP,
  separators: ["\n## ", "\n### ", "\n\n", "\n", ". ", " ", ""],
});

/** Splits an item's description into chunks; short descriptions give one chunk without calling the splitter. */
export async function chunkItem(item: CanonicalItem): Promise<ChunkDraft[]> {
  const searchText = buildSearchText(item);
  const body = item.description.trim();
  const pieces = body.length <= CHUNK_SIZE ? [body] : await splitter.splitText(body);
  return pieces.map((piece, ordinal) => {
    const content = ordinal === 0 ? `${item.title}\n${piece}` : piece;
    return {
      ordinal,
      language: item.language,
      content,
      searchText,
      embeddingText: ordinal === 0 ? `${content}\n${searchText}` : `${item.title}\n${piece}\n${searchText}`,
    };
  });
}

/**
 * How many chunks `chunkItem` makes of an item, estimated from the description's length without
 * splitting it: exact for descriptions up to CHUNK_SIZE, otherwise within about one.
 */
export function estimateChunkCount(item: CanonicalItem): number {
  const length = item.description.trim().length;
  return length <= CHUNK_SIZE ? 1 : Math.ceil((length - CHUNK_OVERLAP) / (CHUNK_SIZE - CHUNK_OVERLAP));
}
