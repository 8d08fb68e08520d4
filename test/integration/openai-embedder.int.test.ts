import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OpenAiEmbedder } from "../../knowledge/openai-embedder.js";
import { UpstreamError } from "../../platform/errors.js";

interface EmbeddingCall {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: { model: string; input: string[]; dimensions?: number; encoding_format?: string };
}

/** A local OpenAI-compatible `/v1/embeddings`: deterministic 8-dimension vectors, answered out of order. */
let server: Server;
let baseUrl: string;
const calls: EmbeddingCall[] = [];
let failWith: number | undefined;

function vectorFor(text: string): number[] {
  const vector = new Array<number>(8).fill(0);
  for (let index = 0; index < text.length; index += 1) vector[text.charCodeAt(index) % 8]! += 1;
  return vector;
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    request.on("end", () => {
      const body = JSON.parse(raw) as EmbeddingCall["body"];
      calls.push({ path: request.url ?? "", authorization: request.headers.authorization, body });
      if (failWith) {
        response.writeHead(failWith, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: { message: "model not loaded", type: "server_error" } }));
        return;
      }
      // Real servers may return entries in any order; `index` says which input each belongs to.
      const data = body.input.map((text, index) => ({ object: "embedding", index, embedding: vectorFor(text) })).reverse();
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ object: "list", data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  calls.length = 0;
  failWith = undefined;
});

const create = (options: { batchSize?: number; dimensions?: number } = {}) =>
  OpenAiEmbedder.create({ apiKey: "sk-test", baseUrl, model: "nomic-embed-text", timeoutMs: 5000, ...options });

describe("OpenAI-compatible embedder through the openai SDK", () => {
  it("learns the dimension from one probe request", async () => {
    const embedder = await create();
    expect(embedder.dimensions).toBe(8);
    expect(embedder.id).toBe("openai:nomic-embed-text");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ path: "/v1/embeddings", authorization: "Bearer sk-test", body: { model: "nomic-embed-text" } });
  });

  it("sends configured dimensions instead of probing", async () => {
    const embedder = await create({ dimensions: 8 });
    expect(calls).toHaveLength(0);
    await embedder.embed(["a"]);
    expect(calls[0]?.body.dimensions).toBe(8);
  });

  it("batches requests by the batch size and returns vectors in input order, normalised", async () => {
    const embedder = await create({ batchSize: 3, dimensions: 8 });
    const texts = ["hitsaaja", "svetsare", "welder", "kokki", "", "lähihoitaja", "närvårdare"];
    const vectors = await embedder.embed(texts);
    expect(calls.map((call) => call.body.input.length)).toEqual([3, 3, 1]);
    expect(calls.flatMap((call) => call.body.input)).toEqual(texts.map((text) => text || " "));
    expect(vectors).toHaveLength(texts.length);
    vectors.forEach((vector, index) => {
      const expected = vectorFor(texts[index] || " ");
      const norm = Math.hypot(...expected);
      vector.forEach((value, position) => expect(value).toBeCloseTo(expected[position]! / norm, 10));
    });
  });

  it("turns an upstream failure into a retryable UpstreamError", async () => {
    const embedder = await create({ dimensions: 8 });
    failWith = 400;
    const failure = await embedder.embed(["x"]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect((failure as UpstreamError).code).toBe("embedding_failed");
    expect((failure as UpstreamError).message).toContain(baseUrl);
  });

  it("fails creation with UpstreamError when the probe cannot reach a model", async () => {
    failWith = 404;
    await expect(create()).rejects.toBeInstanceOf(UpstreamError);
  });
});
