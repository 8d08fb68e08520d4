import type { Document } from "@langchain/core/documents";
import { RunnableLambda, RunnableSequence } from "@langchain/core/runnables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KnowledgeRetriever } from "../../knowledge/index.js";
import { openSearchFixture, type SearchTestContext } from "../support/search-fixture.js";

let context: SearchTestContext;

beforeAll(async () => {
  context = await openSearchFixture();
});

afterAll(async () => {
  await context?.close();
});

describe("the knowledge base as a LangChain retriever", () => {
  it("answers a query in a LangChain runnable with the hybrid search's items", async () => {
    const retriever = new KnowledgeRetriever(context.searcher, { k: 3 });
    // A small chain: retrieve, then format the documents as a model's context would be.
    const chain = RunnableSequence.from([
      retriever,
      RunnableLambda.from((documents: Document[]) => documents.map((document, index) => `[${index + 1}] ${document.metadata.title as string}`).join("\n")),
    ]);
    const context_ = await chain.invoke("hitsaaja Veteli");
    expect(context_.split("\n")[0]).toBe("[1] Hitsaaja");

    const documents = await retriever.invoke("hitsaaja");
    expect(documents.length).toBeGreaterThan(0);
    expect(documents.length).toBeLessThanOrEqual(3);
    expect(documents[0]!.pageContent).toContain("Hitsaaja");
    expect(documents[0]!.metadata).toMatchObject({ source: "fixture", kind: expect.any(String) });
    // The searcher's rule holds through the retriever: an expired vacancy is never returned.
    expect(documents.map((document) => document.metadata.id)).not.toContain("weld-perho-expired");
  });

  it("applies the kind and municipality filters", async () => {
    const trainings = await new KnowledgeRetriever(context.searcher, { kind: "training" }).invoke("hitsaaja");
    expect(trainings.map((document) => document.metadata.id)).toEqual(["weld-course"]);
    const kokkola = await new KnowledgeRetriever(context.searcher, { municipality: "Karleby" }).invoke("trukki forklift");
    expect(kokkola.length).toBeGreaterThan(0);
    expect(kokkola.every((document) => document.metadata.municipality === "272")).toBe(true);
  });
});
