import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { embeddingSpace, HashedNgramEmbedder, SqlKnowledgeStore, type StoredItem } from "../../knowledge/index.js";
import { HybridSearcher } from "../../knowledge/hybrid-search.js";
import { applyMigrations, createSilentLogger, openPgliteDatabase, type Database } from "../../platform/index.js";
import { loadEscoMapping } from "../../ingest/sources/esco-occupations.js";
import { HttpClient } from "../../ingest/sources/http-client.js";
import { JsonLdJobPostingAdapter } from "../../ingest/sources/jsonld-jobposting-adapter.js";
import { KonfoAdapter } from "../../ingest/sources/konfo-adapter.js";
import { PtvAdapter } from "../../ingest/sources/ptv-adapter.js";
import { TyomarkkinatoriAdapter } from "../../ingest/sources/tyomarkkinatori-adapter.js";
import type { SourceAdapter } from "../../ingest/sources/source-adapter.js";
import { syncSource, type SyncSummary } from "../../ingest/sync.js";
import { fixture, SOURCE_FIXTURES, startFixtureServer, type FixtureHttpServer } from "./support/fixture-http-server.js";

const TODAY = "2026-11-28";
const logger = createSilentLogger();
let database: Database;
let store: SqlKnowledgeStore;
const embedder = new HashedNgramEmbedder(64);
let server: FixtureHttpServer;
const changes: Array<{ source: string; ids: readonly string[] }> = [];

beforeAll(async () => {
  database = await openPgliteDatabase({});
  await applyMigrations(database);
  store = new SqlKnowledgeStore(database);
  await store.ensureEmbeddingSpace({ space: embeddingSpace(embedder), dimensions: embedder.dimensions });
  server = await startFixtureServer();
});

afterAll(async () => {
  await server?.close();
  await database?.close();
});

beforeEach(() => {
  server.clear();
  changes.length = 0;
});

/** Fast back-off so retries do not slow the tests; the rules are the production ones. */
function http(maxRetries = 2): HttpClient {
  return new HttpClient({ timeoutMs: 5000, maxRetries, baseDelayMs: 1, maxDelayMs: 5 });
}

function sync(adapter: SourceAdapter): Promise<SyncSummary> {
  return syncSource(
    { store, embedder, logger, onItemsChanged: (source, ids) => void changes.push({ source, ids }) },
    { adapter, today: TODAY },
  );
}

async function items(source: string): Promise<StoredItem[]> {
  return (await store.listItems({ source, limit: 1000 })).items.sort((a, b) => (a.id < b.id ? -1 : 1));
}

async function lastRun(source: string) {
  return (await store.sources()).find((status) => status.source === source)?.lastRun;
}

const json = (file: string) => ({ body: fixture(file) });

describe("PTV Open API v11", () => {
  const S1 = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e01";
  const S2 = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e02";
  const S3 = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e03";
  const CHANNEL = "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2901";
  const adapter = () => new PtvAdapter({ baseUrl: server.baseUrl, municipalityCodes: ["236", "074"], http: http() });

  function routePtv(overrides: { service236Page2?: object | object[] } = {}) {
    server.route("GET /api/v11/Service/list/area/Municipality/code/236?page=1&serviceWithGD=true", json("ptv/service-236-page-1.json"));
    server.route(
      "GET /api/v11/Service/list/area/Municipality/code/236?page=2&serviceWithGD=true",
      (overrides.service236Page2 as never) ?? json("ptv/service-236-page-2.json"),
    );
    server.route("GET /api/v11/ServiceChannel/list/area/Municipality/code/236?page=1", json("ptv/channel-236-page-1.json"));
    server.route("GET /api/v11/Service/list/area/Municipality/code/074?page=1&serviceWithGD=true", json("ptv/service-074-page-1.json"));
    server.route("GET /api/v11/ServiceChannel/list/area/Municipality/code/074?page=1", json("ptv/empty-page.json"));
  }

  it("reads every page of services and channels into one service item per language, rejecting the record without id", async () => {
    routePtv();
    const summary = await sync(adapter());
    expect(summary).toMatchObject({ source: "ptv", status: "partial", inserted: 8, updated: 0, pruned: 0, rejected: 1 });
    expect(summary.errors).toEqual([
      expect.objectContaining({ position: expect.stringContaining("code/236 page 2 #2"), field: "id" }),
    ]);
    const stored = await items("ptv");
    expect(stored.map((item) => item.id)).toEqual(
      [`${S1}-fi`, `${S1}-sv`, `${S2}-en`, `${S2}-fi`, `${S2}-sv`, `${S3}-fi`, `${CHANNEL}-fi`, `${CHANNEL}-sv`].sort(),
    );
    const service = stored.find((item) => item.id === `${S1}-fi`)!;
    expect(service).toMatchObject({
      kind: "service",
      language: "fi",
      title: "Työllisyyspalvelut Kaustisella",
      organization: "Kaustisen kunta",
      municipality: "236",
      // Contact details come from the linked service location.
      address: "Kaustisentie 8, 69600 KAUSTINEN",
      phone: "+358 401234567",
      email: "tyollisyys@kaustinen.example",
      url: "https://www.kaustinen.fi/tyollisyyspalvelut",
    });
    expect(service.description).toContain("alkuhaastattelu");
    expect(service.description).toContain("Ilmoittaudu ensin työnhakijaksi");
    expect(service.description).toContain("Palvelu on maksuton.");
    const channel = stored.find((item) => item.id === `${CHANNEL}-fi`)!;
    expect(channel.openingHours).toBe("ma–to 8.00–16.00, pe 8.00–14.00 · 24.12.2099 suljettu (Jouluaatto)");
    expect(channel.organization).toBe("Kaustisen kunta");
    expect(stored.find((item) => item.id === `${CHANNEL}-sv`)!.address).toBe("Kaustisentie 8, 69600 KAUSTBY");
    // A service of several municipalities belongs to none of them alone; its Finnish summary comes
    // from the attached general description.
    const regional = stored.find((item) => item.id === `${S2}-fi`)!;
    expect(regional.municipality).toBeUndefined();
    expect(regional.description).toMatch(/^Aikuissosiaalityö tukee aikuisia.*\n\nSoiten sosiaaliohjaajat/s);
    expect(changes).toEqual([{ source: "ptv", ids: expect.arrayContaining([`${S1}-fi`, `${CHANNEL}-sv`]) }]);
    expect(await lastRun("ptv")).toMatchObject({ actor: "sync:ptv", status: "partial", counts: expect.objectContaining({ inserted: 8, rejected: 1 }) });
  });

  it("changes nothing on an identical second sync and reports no changed ids", async () => {
    routePtv();
    const summary = await sync(adapter());
    expect(summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 8, pruned: 0, changed: [] });
    expect(changes).toEqual([]);
  });

  it("keeps every previous item and records the error when page 2 answers HTTP 500", async () => {
    const before = await items("ptv");
    routePtv({ service236Page2: { status: 500, body: "{}" } });
    const summary = await sync(adapter());
    expect(summary.status).toBe("failed");
    expect(summary.errors[0]).toMatchObject({ position: "(fetch)", message: expect.stringContaining("HTTP 500") });
    // One try and two retries of the failing page.
    expect(server.requests.filter((request) => request.key.includes("Service/list/area/Municipality/code/236?page=2"))).toHaveLength(3);
    expect(await items("ptv")).toEqual(before);
    expect(await lastRun("ptv")).toMatchObject({
      actor: "sync:ptv",
      status: "failed",
      errors: [expect.objectContaining({ message: expect.stringContaining("HTTP 500") })],
    });
  });

  it("fails without writing when a page is not the documented shape", async () => {
    const before = await items("ptv");
    routePtv({ service236Page2: { body: JSON.stringify({ items: [] }) } });
    const summary = await sync(adapter());
    expect(summary).toMatchObject({ status: "failed", inserted: 0, pruned: 0 });
    expect(summary.errors[0]!.message).toMatch(/not a PTV page/);
    expect(await items("ptv")).toEqual(before);
  });

  it("prunes the service that a later sync no longer lists", async () => {
    const page2 = JSON.parse(fixture("ptv/service-236-page-2.json"));
    page2.itemList = page2.itemList.slice(1);
    routePtv({ service236Page2: { body: JSON.stringify(page2) } });
    const summary = await sync(adapter());
    expect(summary).toMatchObject({ status: "partial", pruned: 1, inserted: 0, updated: 0 });
    expect((await items("ptv")).map((item) => item.id)).not.toContain(`${S3}-fi`);
  });

  it("treats an empty answer as an outage while items are stored", async () => {
    const before = await items("ptv");
    for (const key of [
      "GET /api/v11/Service/list/area/Municipality/code/236?page=1&serviceWithGD=true",
      "GET /api/v11/ServiceChannel/list/area/Municipality/code/236?page=1",
      "GET /api/v11/Service/list/area/Municipality/code/074?page=1&serviceWithGD=true",
      "GET /api/v11/ServiceChannel/list/area/Municipality/code/074?page=1",
    ]) {
      server.route(key, json("ptv/empty-page.json"));
    }
    const summary = await sync(adapter());
    expect(summary.status).toBe("failed");
    expect(summary.errors[0]!.message).toMatch(/no records/);
    expect(await items("ptv")).toEqual(before);
  });
});

describe("Työmarkkinatori retrieval API", () => {
  const KEY = "test-subscription-key";
  const adapter = (retries = 2) =>
    new TyomarkkinatoriAdapter({
      baseUrl: server.baseUrl,
      subscriptionKey: KEY,
      municipalityCodes: ["236", "074", "421", "584", "849", "924", "272", "217"],
      escoMapping: loadEscoMapping(),
      http: http(retries),
      pageSize: 2,
    });

  function routePages(page0: unknown = [{ status: 429, body: "{}", headers: { "retry-after": "0" } }, json("tyomarkkinatori/page-0.json")]) {
    let calls = 0;
    const plays = page0 as Array<{ status?: number; body?: string; headers?: Record<string, string> }>;
    server.route("POST /kipa/p67/v2/jobpostings", (body) => {
      const { sivu } = JSON.parse(body) as { sivu: number };
      if (sivu === 0) return plays[Math.min(calls++, plays.length - 1)]!;
      return json(`tyomarkkinatori/page-${sivu}.json`);
    });
  }

  it("pages through postings with the subscription key, retries a 429 and keeps the region's postings", async () => {
    routePages();
    const summary = await sync(adapter());
    expect(summary).toMatchObject({ source: "tyomarkkinatori", status: "partial", inserted: 4, rejected: 1 });
    expect(summary.errors).toEqual([expect.objectContaining({ position: "page 2 #2", field: "perustiedot" })]);
    const posts = server.requests.filter((request) => request.key === "POST /kipa/p67/v2/jobpostings");
    expect(posts.map((request) => JSON.parse(request.body))).toEqual([
      { sivu: 0, sivunKoko: 2 },
      { sivu: 0, sivunKoko: 2 },
      { sivu: 1, sivunKoko: 2 },
      { sivu: 2, sivunKoko: 2 },
    ]);
    expect(posts.every((request) => request.headers["kipa-subscription-key"] === KEY)).toBe(true);
    const stored = await items("tyomarkkinatori");
    expect(stored.map((item) => item.id)).toEqual([
      "TMT-2026-000101-fi",
      "TMT-2026-000101-sv",
      "TMT-2026-000103-fi",
      "TMT-2026-000105-fi",
    ]);
    const nurse = stored[0]!;
    expect(nurse).toMatchObject({
      kind: "vacancy",
      title: "Lähihoitaja, vakituinen",
      organization: "Kaustisen Hoivakoti Oy",
      municipality: "236",
      url: "https://rekry.example.fi/haku/101",
      validUntil: "2099-12-15",
      occupation: "5321",
      employmentType: "full-time",
    });
    expect(nurse.description).toBe("Haemme lähihoitajaa kolmivuorotyöhön.\n\nTyö alkaa sopimuksen mukaan.\n\nLähde: Työmarkkinatori");
    expect(nurse.tags).toContain("Lähde: Työmarkkinatori");
    expect(stored[1]).toMatchObject({ language: "sv", organization: "Kaustby Vårdhem Ab" });
    expect(stored[1]!.description).toContain("Källa: Jobbmarknad Finland");
    expect(stored[2]).toMatchObject({ municipality: "272", employmentType: "temporary", occupation: "2512" });
    expect(stored[3]).toMatchObject({ municipality: "924", employmentType: "seasonal", validUntil: "2099-05-31" });
  });

  it("keeps the previous postings findable when the subscription key is refused", async () => {
    const before = await items("tyomarkkinatori");
    routePages([{ status: 401, body: "{}" }]);
    const summary = await sync(adapter());
    expect(summary.status).toBe("failed");
    expect(summary.errors[0]!.message).toContain("HTTP 401");
    // 401 is not retried.
    expect(server.requests).toHaveLength(1);
    expect(await items("tyomarkkinatori")).toEqual(before);
    const searcher = new HybridSearcher({ database, embedder });
    const found = await searcher.search({ query: "hitsaaja Kokkola", kind: "vacancy", today: TODAY });
    expect(found.results.map((result) => result.id)).toContain("TMT-2026-000103-fi");
  });

  it("keeps a stored posting whose new version is malformed and prunes the one that is gone", async () => {
    // 103 disappears; 101 comes back broken (no perustiedot); 104 is still broken; 105 is unchanged.
    const page0 = JSON.parse(fixture("tyomarkkinatori/page-0.json"));
    delete page0.ilmoitukset[0].perustiedot;
    const page1 = JSON.parse(fixture("tyomarkkinatori/page-1.json"));
    page1.ilmoitukset = [page1.ilmoitukset[1], ...JSON.parse(fixture("tyomarkkinatori/page-2.json")).ilmoitukset];
    server.route("POST /kipa/p67/v2/jobpostings", (body) => {
      const { sivu } = JSON.parse(body) as { sivu: number };
      return { body: JSON.stringify(sivu === 0 ? { ...page0, yhteensa: 4 } : { ...page1, yhteensa: 4 }) };
    });
    const summary = await sync(adapter());
    expect(summary).toMatchObject({ status: "partial", pruned: 1, rejected: 2 });
    expect((await items("tyomarkkinatori")).map((item) => item.id)).toEqual([
      "TMT-2026-000101-fi",
      "TMT-2026-000101-sv",
      "TMT-2026-000105-fi",
    ]);
  });

  it("reads an NDJSON answer as one whole result set, rejecting a line that is not JSON", async () => {
    const postings = [
      ...JSON.parse(fixture("tyomarkkinatori/page-0.json")).ilmoitukset,
      ...JSON.parse(fixture("tyomarkkinatori/page-1.json")).ilmoitukset.slice(0, 1),
      ...JSON.parse(fixture("tyomarkkinatori/page-2.json")).ilmoitukset,
    ];
    server.route("POST /kipa/p67/v2/jobpostings", {
      body: [...postings.map((posting) => JSON.stringify(posting)), '{"ilmoituksenID": "TMT-2026-0001'].join("\n"),
      headers: { "content-type": "application/x-ndjson" },
    });
    const summary = await sync(adapter());
    expect(summary).toMatchObject({ status: "partial", rejected: 1, pruned: 0 });
    expect(summary.errors).toEqual([{ position: "line 5", field: "(record)", message: "not valid JSON" }]);
    expect(server.requests).toHaveLength(1);
    expect((await items("tyomarkkinatori")).map((item) => item.id)).toEqual([
      "TMT-2026-000101-fi",
      "TMT-2026-000101-sv",
      "TMT-2026-000103-fi",
      "TMT-2026-000105-fi",
    ]);
  });
});

describe("Opintopolku / Konfo external API", () => {
  const adapter = () => new KonfoAdapter({ baseUrl: server.baseUrl, municipalityCodes: ["236"], http: http(), pageSize: 2 });
  const SEARCH = "/konfo-backend/external/search/toteutukset-koulutuksittain?keyword=&sijainti=kunta_236&lng=fi&tyovoimakoulutus=true&size=2";

  function routeKonfo(page2: object = json("konfo/search-236-page-2.json")) {
    server.route(`GET ${SEARCH}&page=1`, json("konfo/search-236-page-1.json"));
    server.route(`GET ${SEARCH}&page=2`, page2 as never);
    server.route(
      "GET /konfo-backend/external/toteutus/1.2.246.562.17.00000000000000002001?hakukohteet=true",
      json("konfo/toteutus-2001.json"),
    );
    server.route(
      "GET /konfo-backend/external/toteutus/1.2.246.562.17.00000000000000002002?hakukohteet=true",
      json("konfo/toteutus-2002.json"),
    );
    server.route(
      "GET /konfo-backend/external/hakukohde/1.2.246.562.20.00000000000000004002?haku=true",
      json("konfo/hakukohde-4002.json"),
    );
    // 2004 is listed by the search but its detail is gone (404, not routed).
  }

  it("reads search pages, implementation and application details into training items", async () => {
    routeKonfo();
    const summary = await sync(adapter());
    expect(summary).toMatchObject({ source: "konfo", status: "partial", inserted: 3, rejected: 1 });
    expect(summary.errors[0]).toMatchObject({ field: "toteutus", message: expect.stringContaining("404") });
    const stored = await items("konfo");
    expect(stored.map((item) => item.id)).toEqual([
      "1.2.246.562.17.00000000000000002001-fi",
      "1.2.246.562.17.00000000000000002001-sv",
      "1.2.246.562.17.00000000000000002002-fi",
    ]);
    expect(stored[0]).toMatchObject({
      kind: "training",
      title: "Lähihoitajakoulutus työvoimakoulutuksena, Kaustinen",
      organization: "Keski-Pohjanmaan koulutusyhtymä",
      municipality: "236",
      validFrom: "2026-11-01",
      validUntil: "2099-12-01",
      startDate: "2099-01-12",
      format: "hybrid",
      email: "koulutus@kpedu.example",
      phone: "040 765 4321",
      url: "https://opintopolku.fi/konfo/fi/toteutus/1.2.246.562.17.00000000000000002001",
    });
    expect(stored[0]!.description).toContain("Koulutus on tarkoitettu työttömille");
    expect(stored[0]!.description).toContain("Hakuaika: 1.11.2026–1.12.2099");
    expect(stored[0]!.tags).toEqual(expect.arrayContaining(["työvoimakoulutus", "lähihoitaja"]));
    expect(stored[1]).toMatchObject({ language: "sv", organization: "Mellersta Österbottens utbildningskoncern" });
    // The haku's timetable, read from the hakukohde detail; the description falls back to the search hit's.
    expect(stored[2]).toMatchObject({ validFrom: "2026-10-01", validUntil: "2099-02-28", format: "in-person" });
    expect(stored[2]!.description).toContain("Hitsaajan ammattitaitoa kehittävä koulutus.");
  });

  it("keeps the previous trainings when the second search page fails", async () => {
    const before = await items("konfo");
    routeKonfo({ status: 503, body: "unavailable" });
    const summary = await sync(adapter());
    expect(summary.status).toBe("failed");
    expect(summary.errors[0]!.message).toMatch(/HTTP 503.*gave up after 3 attempts/);
    expect(await items("konfo")).toEqual(before);
    expect((await lastRun("konfo"))?.status).toBe("failed");
  });
});

describe("schema.org JobPosting JSON-LD", () => {
  const file = path.join(SOURCE_FIXTURES, "jsonld/veteli-jobs.jsonld");

  it("reads postings from a page's JSON-LD blocks (@graph, arrays) and a local file, rejecting bad ones with a reason", async () => {
    server.route("GET /careers", { body: fixture("jsonld/employer-careers.html"), headers: { "content-type": "text/html" } });
    const adapter = new JsonLdJobPostingAdapter({ locations: [`${server.baseUrl}/careers`, file], http: http() });
    const summary = await sync(adapter);
    expect(summary).toMatchObject({ source: "jsonld", status: "partial", inserted: 3, rejected: 2 });
    expect(summary.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "(json-ld)", message: expect.stringContaining("JSON-LD block 3") }),
        expect.objectContaining({ field: "validUntil", message: "validUntil is before validFrom" }),
      ]),
    );
    const stored = await items("jsonld");
    expect(stored.map((item) => item.id)).toEqual(["127.0.0.1:PP-2026-7", "127.0.0.1:PP-2026-8", "veteli-jobs.jsonld:VET-44"]);
    expect(stored[0]).toMatchObject({
      kind: "vacancy",
      language: "fi",
      title: "Trukinkuljettaja",
      organization: "Perhon Puu Oy",
      municipality: "584",
      address: "Sahantie 3, 69950 Perho",
      validFrom: "2026-11-02",
      validUntil: "2099-12-20",
      employmentType: "temporary",
      occupation: "8344",
      url: "https://perhonpuu.example/tyopaikat/trukinkuljettaja",
    });
    expect(stored[0]!.description).not.toMatch(/alert|<script|<b>/);
    expect(stored[0]!.description).toContain("Trukkikortti");
    expect(stored[1]).toMatchObject({ employmentType: "seasonal", municipality: "584", organization: "Perhon Puu Oy" });
    expect(stored[2]).toMatchObject({ municipality: "924", employmentType: "part-time", occupation: "5322" });
  });

  it("accepts an employer page with no postings left and prunes its items", async () => {
    server.route("GET /careers", { body: "<html><body>Ei avoimia työpaikkoja.</body></html>", headers: { "content-type": "text/html" } });
    const adapter = new JsonLdJobPostingAdapter({ locations: [`${server.baseUrl}/careers`], http: http() });
    const summary = await sync(adapter);
    expect(summary).toMatchObject({ status: "succeeded", pruned: 3 });
    expect(await items("jsonld")).toEqual([]);
  });
});
