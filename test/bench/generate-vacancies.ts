/**
 * Generates realistic vacancy records (mixed languages, municipalities, occupations and lengths)
 * for benchmarks and the kill test. Deterministic for a seed, so runs are comparable.
 */
const OCCUPATIONS = [
  { isco: "7212", fi: "Hitsaaja", sv: "Svetsare", en: "Welder", field: "metalliala" },
  { isco: "5322", fi: "Lähihoitaja", sv: "Närvårdare", en: "Practical nurse", field: "hoitoala" },
  { isco: "8332", fi: "Kuorma-autonkuljettaja", sv: "Lastbilschaufför", en: "Truck driver", field: "logistiikka" },
  { isco: "5120", fi: "Kokki", sv: "Kock", en: "Cook", field: "ravintola-ala" },
  { isco: "9112", fi: "Siivooja", sv: "Städare", en: "Cleaner", field: "kiinteistöpalvelut" },
  { isco: "2341", fi: "Luokanopettaja", sv: "Klasslärare", en: "Primary school teacher", field: "opetus" },
  { isco: "6121", fi: "Karjanhoitaja", sv: "Djurskötare", en: "Livestock worker", field: "maatalous" },
  { isco: "7411", fi: "Sähköasentaja", sv: "Elmontör", en: "Electrician", field: "sähköala" },
  { isco: "5223", fi: "Myyjä", sv: "Försäljare", en: "Shop assistant", field: "kauppa" },
  { isco: "7115", fi: "Kirvesmies", sv: "Timmerman", en: "Carpenter", field: "rakennusala" },
  { isco: "8344", fi: "Trukinkuljettaja", sv: "Truckförare", en: "Forklift driver", field: "logistiikka" },
  { isco: "4110", fi: "Toimistosihteeri", sv: "Kontorssekreterare", en: "Office clerk", field: "toimisto" },
] as const;

const MUNICIPALITIES = [
  "Kaustinen", "Halsua", "Lestijärvi", "Perho", "Toholampi", "Veteli", "Kokkola", "Kannus", "Kalajoki",
  "Ylivieska", "Reisjärvi", "Karleby", "Jakobstad", "Kronoby", "Kinnula", "Kyyjärvi",
];

const EMPLOYMENT = ["full-time", "part-time", "temporary", "seasonal"] as const;

const SENTENCES = {
  fi: [
    "Haemme joukkoomme osaavaa ja oma-aloitteista tekijää.",
    "Työ on kaksivuorotyötä ja siihen perehdytetään huolellisesti.",
    "Edellytämme alan koulutusta tai vastaavaa työkokemusta.",
    "Ajokortti ja oma auto ovat eduksi, koska työpisteet ovat haja-asutusalueella.",
    "Palkkaus määräytyy työehtosopimuksen mukaan, ja työsuhde-etuihin kuuluu liikuntasetelit.",
    "Hakemukset pyydämme sähköpostitse hakuajan loppuun mennessä.",
    "Tarjoamme monipuoliset työtehtävät ja hyvän työyhteisön.",
    "Valinnat tehdään hakuajan päätyttyä, ja haastattelut pidetään paikan päällä.",
  ],
  sv: [
    "Vi söker en självgående och noggrann person till vårt team.",
    "Arbetet sker i två skift och du får en grundlig introduktion.",
    "Vi förutsätter utbildning inom branschen eller motsvarande erfarenhet.",
    "Körkort och egen bil är en fördel eftersom arbetsplatserna finns på landsbygden.",
    "Lönen följer kollektivavtalet och vi erbjuder motionsförmåner.",
    "Skicka din ansökan per e-post före ansökningstidens slut.",
  ],
  en: [
    "We are looking for a motivated and reliable person to join our team.",
    "The work is in two shifts and you will get a thorough introduction.",
    "A relevant qualification or equivalent work experience is required.",
    "A driving licence and your own car are an advantage as sites are rural.",
    "Pay follows the collective agreement and we offer sports benefits.",
    "Please apply by e-mail before the application period ends.",
  ],
} as const;

/** Small deterministic PRNG (mulberry32) so generated data is the same every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  readonly count: number;
  readonly seed?: number;
  /** Prefix of ids, so several files can be generated without clashes. */
  readonly idPrefix?: string;
}

export function generateVacancies(options: GenerateOptions): Array<Record<string, unknown>> {
  const next = random(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const items: Array<Record<string, unknown>> = [];
  for (let index = 0; index < options.count; index += 1) {
    const roll = next();
    const language = roll < 0.75 ? "fi" : roll < 0.92 ? "sv" : "en";
    const occupation = pick(OCCUPATIONS);
    const municipality = pick(MUNICIPALITIES);
    // Lengths vary from a short notice to a long description that needs several chunks.
    const sentenceCount = 3 + Math.floor(next() * next() * 40);
    const sentences: string[] = [];
    for (let count = 0; count < sentenceCount; count += 1) sentences.push(pick(SENTENCES[language]));
    const title = occupation[language];
    const validFrom = `today-${Math.floor(next() * 20)}`;
    items.push({
      id: `${options.idPrefix ?? "bench"}-${String(index).padStart(6, "0")}`,
      kind: "vacancy",
      language,
      title: `${title}, ${municipality}`,
      description: `${title} (${municipality}). ${sentences.join(" ")}`,
      organization: `Demo Oy ${1 + Math.floor(next() * 300)}`,
      municipality,
      email: `rekry${index}@example.invalid`,
      validFrom,
      validUntil: `today+${5 + Math.floor(next() * 60)}`,
      tags: [occupation.field, "työpaikka"],
      occupation: occupation.isco,
      employmentType: pick(EMPLOYMENT),
    });
  }
  return items;
}

export function toJsonLines(items: ReadonlyArray<Record<string, unknown>>): string {
  return `${items.map((item) => JSON.stringify(item)).join("\n")}\n`;
}
