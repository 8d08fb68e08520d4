import { sharedUnderstandingModel } from "../understanding/index.js";
import { describe, expect, it } from "vitest";
import type { SearchRequest, SearchResponse, SearchResult, Searcher } from "../../knowledge/index.js";
import { createSilentLogger } from "../../platform/index.js";
import { handleTurn, type TurnDeps, type TurnInput } from "./handle-turn.js";
import { EMPTY_MEMORY, type ConversationMemory } from "./memory.js";
import { NoAdvisorHandoff } from "./no-advisor-handoff.js";

const TODAY = "2026-11-28";

function item(overrides: Partial<SearchResult> & Pick<SearchResult, "id" | "title">): SearchResult {
  return {
    source: "test",
    kind: "vacancy",
    upcoming: false,
    score: 0.8,
    snippet: "Kuvaus.",
    language: "fi",
    description: "Kuvaus.",
    ...overrides,
  };
}

/** A fake Searcher over fixed items that records requests and filters like the real one. */
class FakeSearcher implements Searcher {
  readonly requests: SearchRequest[] = [];
  constructor(private readonly items: readonly SearchResult[]) {}
  async search(request: SearchRequest): Promise<SearchResponse> {
    this.requests.push(request);
    const results = this.items.filter(
      (candidate) =>
        (!request.kind || candidate.kind === request.kind) &&
        (!request.municipality || candidate.municipalityCode === request.municipality) &&
        (request.includeExpired || !candidate.validUntil || candidate.validUntil >= (request.today ?? TODAY)),
    );
    return { query: request.query, results: results.slice(request.offset ?? 0, (request.offset ?? 0) + (request.limit ?? 10)), tookMs: 0 };
  }
}

const ITEMS = [
  item({ id: "welder-kaustinen", title: "Hitsaaja-asentaja", municipalityCode: "236", municipality: "Kaustinen", validUntil: "2026-12-20" }),
  item({ id: "welder-veteli", title: "Hitsaaja", municipalityCode: "924", municipality: "Veteli", validUntil: "2026-12-01" }),
  item({ id: "welder-perho", title: "Levyseppä-hitsaaja", municipalityCode: "584", municipality: "Perho", validUntil: "2026-11-01" }),
];

function deps(searcher: Searcher): TurnDeps {
  return {
    searcher,
    handoff: new NoAdvisorHandoff(),
    understanding: sharedUnderstandingModel(),
    logger: createSilentLogger(),
    today: () => TODAY,
    settings: { replyBudgetMs: 12_000, minScore: 0, pageSize: 5 },
  };
}

function input(text: string | undefined, memory: ConversationMemory = EMPTY_MEMORY, value?: Record<string, unknown>): TurnInput {
  return {
    conversationId: "c1",
    channel: "directline",
    address: { channelId: "directline", conversationId: "c1" },
    text,
    value,
    attachmentCount: 0,
    memory,
    receivedAt: Date.parse(`${TODAY}T10:00:00Z`),
  };
}

describe("handleTurn", () => {
  it("answers with the municipality's open item, then refines the follow-up to another municipality", async () => {
    const searcher = new FakeSearcher(ITEMS);
    const first = await handleTurn(deps(searcher), input("Onko Kaustisella avoimia hitsaajan töitä?"));
    expect(first.replies[0]).toMatchObject({ outcome: "answer", sources: ["welder-kaustinen"] });
    expect(first.replies[0]!.text).toContain("Hakuaika päättyy 22 päivän päästä");
    const second = await handleTurn(deps(searcher), input("entä Vetelissä?", first.memory));
    expect(second.replies[0]).toMatchObject({ outcome: "answer", sources: ["welder-veteli"] });
    expect(searcher.requests[1]).toMatchObject({ municipality: "924", kind: "vacancy" });
  });

  it("says the only match has expired and offers no expired card", async () => {
    const result = await handleTurn(deps(new FakeSearcher(ITEMS)), input("Perhossa oli levyseppähitsaajan paikka auki, ehdinkö vielä hakea?"));
    const reply = result.replies[0]!;
    expect(reply.outcome).toBe("no-answer");
    expect(reply.sources).toEqual([]);
    expect(reply.cards).toEqual([]);
    expect(reply.text).toContain("ei ole enää haettavana");
  });

  it("offers a person after two no-answers, and the typed yes reaches the handoff port", async () => {
    const searcher = new FakeSearcher([]);
    const first = await handleTurn(deps(searcher), input("sukeltajan töitä Halsualla"));
    const second = await handleTurn(deps(searcher), input("astronautin töitä Perhossa", first.memory));
    expect(second.memory.handoff?.stage).toBe("offered");
    const consent = await handleTurn(deps(searcher), input("kyllä", second.memory));
    expect(consent.replies[0]).toMatchObject({ outcome: "handoff" });
    expect(consent.replies[0]!.text).toContain("tyomarkkinatori.fi");
    expect(consent.memory.handoff).toBeUndefined();
  });

  it("records feedback on an earlier reply without answering", async () => {
    const first = await handleTurn(deps(new FakeSearcher(ITEMS)), input("hitsaaja Veteli"));
    const replyId = first.replies[0]!.replyId;
    const feedback = await handleTurn(deps(new FakeSearcher(ITEMS)), input(undefined, first.memory, { action: "feedback", rating: -1, replyId }));
    expect(feedback.replies).toEqual([]);
    expect(feedback.feedback).toMatchObject({ replyId, rating: -1, outcome: "answer", questionRedacted: "hitsaaja Veteli" });
  });

  it("routes the person's messages to the handoff while one is active", async () => {
    const relayed: string[] = [];
    const handoff = {
      active: async () => ({ id: "h1", state: "claimed" }),
      request: async () => [],
      relayFromPerson: async (message: { text: string }) => {
        relayed.push(message.text);
        return [];
      },
    };
    const result = await handleTurn({ ...deps(new FakeSearcher(ITEMS)), handoff }, input("soita 040 123 4567"));
    expect(relayed).toEqual(["soita [phone]"]);
    expect(result.replies).toEqual([]);
  });
});
