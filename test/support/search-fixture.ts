import { writeItems } from "../../ingest/ingest-items.js";
import { addDays, helsinkiDate } from "../../knowledge/dates.js";
import { embeddingSpace } from "../../knowledge/embedder.js";
import { HashedNgramEmbedder } from "../../knowledge/hashed-ngram-embedder.js";
import { HybridSearcher } from "../../knowledge/hybrid-search.js";
import { validateItem, type CanonicalItem } from "../../knowledge/item.js";
import { SqlKnowledgeStore } from "../../knowledge/sql-knowledge-store.js";
import { applyMigrations, openPgliteDatabase, type Database } from "../../platform/database.js";

/** A small knowledge base for retrieval tests: welding, forklift, nursing, services; open, expired, upcoming. */
export function searchFixtureItems(today: string): Record<string, unknown>[] {
  const day = (offset: number) => addDays(today, offset);
  return [
    { id: "weld-veteli", kind: "vacancy", language: "fi", title: "Hitsaaja", municipality: "Veteli",
      description: "Haemme MIG/MAG-hitsaajaa teräsrakenteiden valmistukseen. Kaksivuorotyö.",
      organization: "Vetelin Metalli Oy", occupation: "7212", validFrom: day(-10), validUntil: day(20), url: "https://example.invalid/w1" },
    { id: "weld-kokkola", kind: "vacancy", language: "sv", title: "Svetsare", municipality: "Kokkola",
      description: "Vi söker en erfaren svetsare till vår verkstad i Karleby. Heltid i två skift.",
      organization: "Karleby Stål Ab", occupation: "7212", validFrom: day(-5), validUntil: day(25) },
    { id: "weld-perho-expired", kind: "vacancy", language: "fi", title: "Levyseppä-hitsaaja", municipality: "Perho",
      description: "Levyseppä-hitsaaja konepajalle. Hitsaus ja särmäys.", occupation: "7212",
      validFrom: day(-60), validUntil: day(-3) },
    { id: "weld-course", kind: "training", language: "fi", title: "Hitsaajan työvoimakoulutus", municipality: "Kokkola",
      description: "Työvoimakoulutus hitsaajaksi työttömille työnhakijoille. Maksuton.", occupation: "7212",
      validFrom: day(-10), validUntil: day(30) },
    { id: "forklift-toholampi", kind: "vacancy", language: "fi", title: "Trukinkuljettaja", municipality: "Toholampi",
      description: "Trukinkuljettaja logistiikkakeskukseen. Trukkikortti vaaditaan.", occupation: "8344",
      validFrom: day(-7), validUntil: day(21) },
    { id: "forklift-kokkola-en", kind: "vacancy", language: "en", title: "Forklift operator", municipality: "Kokkola",
      description: "Forklift operator for port logistics, shift work, fixed-term contract.", occupation: "8344",
      validFrom: day(-2), validUntil: day(12) },
    { id: "nurse-kaustinen", kind: "vacancy", language: "fi", title: "Lähihoitaja", municipality: "Kaustinen",
      description: "Lähihoitaja palvelukotiin, kolmivuorotyö, vakituinen.", occupation: "5321",
      validFrom: day(-3), validUntil: day(30) },
    { id: "nurse-kokkola-sv", kind: "vacancy", language: "sv", title: "Närvårdare, deltid", municipality: "Kokkola",
      description: "Närvårdare till äldreomsorgen på deltid. Svenska som arbetsspråk.", occupation: "5321",
      validFrom: day(-3), validUntil: day(30) },
    { id: "berries-upcoming", kind: "vacancy", language: "en", title: "Seasonal berry picker", municipality: "Perho",
      description: "Berry picking on a farm in Perho during the summer season.", occupation: "9211",
      validFrom: day(15), validUntil: day(60) },
    { id: "berries-open", kind: "vacancy", language: "en", title: "Berry picker, summer", municipality: "Perho",
      description: "Berry picking on a farm in Perho during the summer season, start now.", occupation: "9211",
      validFrom: day(-1), validUntil: day(40) },
    { id: "kela-benefit", kind: "service", language: "fi", title: "Työttömyysetuuden hakeminen Kelasta",
      description: "Ilmoittaudu ensin työnhakijaksi ja hae sitten työttömyysetuutta OmaKelassa.",
      organization: "Kela" },
    { id: "long-guide", kind: "service", language: "fi", title: "Työnhaun opas", municipality: "Kaustinen",
      description: `${"Työnhaun opas auttaa kirjoittamaan hakemuksen ja ansioluettelon. ".repeat(30)}\n\nHaastatteluun valmistautuminen: harjoittele vastauksia etukäteen. ${"Työhaastattelu on tilaisuus kertoa osaamisestasi. ".repeat(30)}` },
  ];
}

export interface SearchTestContext {
  readonly database: Database;
  readonly searcher: HybridSearcher;
  readonly today: string;
  close(): Promise<void>;
}

/** In-memory PGlite with migrations, the fixture ingested through the real write path, and a searcher. */
export async function openSearchFixture(extra: Record<string, unknown>[] = []): Promise<SearchTestContext> {
  const today = helsinkiDate();
  const database = await openPgliteDatabase({});
  await applyMigrations(database);
  const embedder = new HashedNgramEmbedder();
  const store = new SqlKnowledgeStore(database);
  await store.ensureEmbeddingSpace({ space: embeddingSpace(embedder), dimensions: embedder.dimensions });
  const items: CanonicalItem[] = [];
  for (const raw of [...searchFixtureItems(today), ...extra]) {
    const validation = validateItem(raw, { today });
    if (!validation.ok) throw new Error(`fixture ${String(raw.id)}: ${JSON.stringify(validation.issues)}`);
    items.push(validation.item);
  }
  await writeItems({ store, embedder }, { source: "fixture", items });
  const searcher = new HybridSearcher({ database, embedder });
  return { database, searcher, today, close: () => database.close() };
}
