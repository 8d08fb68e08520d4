import OpenAI from "openai";
import { UpstreamError } from "../platform/index.js";
import type { Embedder } from "./embedder.js";

export interface OpenAiEmbedderOptions {
  readonly apiKey?: string | undefined;
  readonly baseUrl?: string | undefined;
  /** Azure OpenAI only. */
  readonly apiVersion?: string | undefined;
  readonly model: string;
  /** Requested dimension (OpenAI text-embedding-3 supports shortening); else probed once. */
  readonly dimensions?: number | undefined;
  readonly timeoutMs: number;
  readonly batchSize?: number;
}

/**
 * Embeddings from any OpenAI-compatible endpoint (OpenAI, Azure OpenAI, Ollama, vLLM) through the
 * official SDK, batched. Create with `OpenAiEmbedder.create`, which learns the dimension.
 */
export class OpenAiEmbedder implements Embedder {
  readonly id: string;
  readonly maxTextsPerCall: number;

  private constructor(
    private readonly client: OpenAI,
    private readonly options: OpenAiEmbedderOptions,
    readonly dimensions: number,
  ) {
    this.id = `openai:${options.model}`;
    this.maxTextsPerCall = options.batchSize ?? 96;
  }

  static async create(options: OpenAiEmbedderOptions): Promise<OpenAiEmbedder> {
    const client = new OpenAI({
      apiKey: options.apiKey ?? "not-needed",
      ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
      ...(options.apiVersion ? { defaultQuery: { "api-version": options.apiVersion } } : {}),
      timeout: options.timeoutMs,
      maxRetries: 2,
    });
    const probe = new OpenAiEmbedder(client, options, options.dimensions ?? 0);
    if (options.dimensions) return probe;
    const [vector] = await probe.embed(["dimension probe"]);
    return new OpenAiEmbedder(client, options, vector?.length ?? 0);
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    const output: number[][] = [];
    for (let start = 0; start < texts.length; start += this.maxTextsPerCall) {
      const batch = texts.slice(start, start + this.maxTextsPerCall).map((text) => text || " ");
      let response;
      try {
        response = await this.client.embeddings.create({
          model: this.options.model,
          input: batch,
          ...(this.options.dimensions ? { dimensions: this.options.dimensions } : {}),
          encoding_format: "float",
        });
      } catch (error) {
        throw new UpstreamError(`Embedding request to ${this.options.baseUrl ?? "OpenAI"} failed`, {
          cause: error,
          code: "embedding_failed",
        });
      }
      const sorted = [...response.data].sort((left, right) => left.index - right.index);
      for (const entry of sorted) output.push(normalise(entry.embedding));
    }
    return output;
  }
}

function normalise(vector: number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return norm > 0 ? vector.map((value) => value / norm) : vector;
}
