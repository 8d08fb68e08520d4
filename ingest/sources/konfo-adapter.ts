import { z } from "zod";
import type { Language } from "../../knowledge/index.js";
import { LANGUAGES } from "../../knowledge/index.js";
import type { HttpClient } from "./http-client.js";
import type { SourceAdapter, SourceFetchContext, SourceFetchResult, SourceRecord, SourceRejection } from "./source-adapter.js";
import { SourceFetchError } from "./source-fetch-error.js";
import {
  helsinkiDay,
  itemLanguage,
  joinParagraphs,
  knownMunicipality,
  plainText,
  safeEmail,
  safePhone,
  safeUrl,
} from "./source-text.js";

/*
 * Opintopolku / Konfo external API (open, no key), labour-market training (työvoimakoulutus):
 *   GET {base}/konfo-backend/external/search/toteutukset-koulutuksittain
 *       ?keyword=&sijainti=kunta_NNN&lng=fi&tyovoimakoulutus=true&page=N&size=20
 *       → {total, hits:[{oid, nimi, kuvaus, toteutukset:[{toteutusOid, toteutusNimi, oppilaitosNimi, kunnat[{koodiUri}]}]}]}
 *   GET {base}/konfo-backend/external/toteutus/{oid}?hakukohteet=true  → the implementation with its hakukohteet
 *   GET {base}/konfo-backend/external/hakukohde/{oid}?haku=true        → when a hakukohde uses its haku's timetable
 * Texts are `{fi, sv, en}`, codes `{koodiUri: "kunta_236#2", nimi}`. One `training` item per
 * implementation (toteutus) and language (ids `{toteutusOid}-{lang}`); the application periods
 * (`hakuajat[{alkaa, paattyy}]`) give validFrom/validUntil.
 */

const texts = z
  .record(z.string(), z.string().nullish())
  .nullish()
  .transform((value) => value ?? {});
type Texts = z.infer<typeof texts>;

const codeSchema = z.object({ koodiUri: z.string().nullish(), nimi: texts }).loose();

const konfoSearchSchema = z
  .object({
    total: z.number().int().min(0),
    hits: z.array(
      z
        .object({
          oid: z.string().nullish(),
          nimi: texts,
          kuvaus: texts,
          toteutukset: z
            .array(
              z
                .object({
                  toteutusOid: z.string().min(1),
                  toteutusNimi: texts,
                  oppilaitosNimi: texts,
                  kunnat: z.array(codeSchema).nullish().transform((value) => value ?? []),
                })
                .loose(),
            )
            .nullish()
            .transform((value) => value ?? []),
        })
        .loose(),
    ),
  })
  .loose();
export type KonfoSearchHit = z.infer<typeof konfoSearchSchema>["hits"][number];

const periodSchema = z.object({ alkaa: z.string().nullish(), paattyy: z.string().nullish() }).loose();
export type KonfoPeriod = z.infer<typeof periodSchema>;
const periods = z.array(periodSchema).nullish().transform((value) => value ?? []);

const konfoHakukohdeSchema = z
  .object({
    oid: z.string().min(1),
    nimi: texts,
    hakuajat: periods,
    kaytetaanHaunAikataulua: z.boolean().nullish(),
    hakulomakeLinkki: texts,
    haku: z.object({ hakuajat: periods }).loose().nullish(),
  })
  .loose();
export type KonfoHakukohde = z.infer<typeof konfoHakukohdeSchema>;

const alkamiskausiSchema = z
  .object({
    koulutuksenAlkamispaivamaara: z.string().nullish(),
    koulutuksenPaattymispaivamaara: z.string().nullish(),
  })
  .loose();

export const konfoToteutusSchema = z
  .object({
    oid: z.string().min(1),
    nimi: texts,
    kielivalinta: z.array(z.string()).nullish().transform((value) => value ?? []),
    tarjoajat: z
      .array(z.object({ nimi: texts }).loose())
      .nullish()
      .transform((value) => value ?? []),
    organisaatio: z.object({ nimi: texts }).loose().nullish(),
    metadata: z
      .object({
        kuvaus: texts,
        opetus: z
          .object({
            opetustapaKoodiUrit: z.array(z.string()).nullish().transform((value) => value ?? []),
            // The published example shows a list, the schema an object: accept both.
            koulutuksenAlkamiskausi: z
              .union([alkamiskausiSchema, z.array(alkamiskausiSchema).transform((list) => Object.assign({}, ...list))])
              .nullish(),
          })
          .loose()
          .nullish(),
        asiasanat: z
          .array(z.object({ kieli: z.string().nullish(), arvo: z.string().nullish() }).loose())
          .nullish()
          .transform((value) => value ?? []),
        yhteyshenkilot: z
          .array(z.object({ sahkoposti: texts, puhelinnumero: texts, wwwSivu: texts }).loose())
          .nullish()
          .transform((value) => value ?? []),
      })
      .loose()
      .nullish(),
    hakukohteet: z.array(z.unknown()).nullish().transform((value) => value ?? []),
  })
  .loose();
export type KonfoToteutus = z.infer<typeof konfoToteutusSchema>;

function textIn(value: Texts, language: Language): string | undefined {
  const text = value[language]?.trim();
  return text || undefined;
}

/** "kunta_236#2" → "236". */
export function municipalityFromKoodiUri(uri: string | null | undefined): string | undefined {
  return /^kunta_(\d{3})(#\d+)?$/.exec(uri?.trim() ?? "")?.[1];
}

/**
 * validFrom/validUntil from application periods: the periods still open or upcoming on `today`
 * (an open-ended one leaves validUntil empty); when all have ended, the last end date, so the
 * item is shown as expired rather than open.
 */
export function applicationWindow(list: readonly KonfoPeriod[], today: string): { validFrom?: string; validUntil?: string } {
  const spans = list
    .map((period) => ({ from: helsinkiDay(period.alkaa), until: helsinkiDay(period.paattyy) }))
    .filter((span) => span.from || span.until);
  if (spans.length === 0) return {};
  const current = spans.filter((span) => !span.until || span.until >= today);
  if (current.length === 0) {
    const until = spans.map((span) => span.until!).sort().at(-1);
    return until ? { validUntil: until } : {};
  }
  const froms = current.map((span) => span.from).filter((from): from is string => Boolean(from)).sort();
  const open = current.some((span) => !span.until);
  const untils = current.map((span) => span.until!).filter(Boolean).sort();
  return {
    ...(froms[0] && current.every((span) => span.from) ? { validFrom: froms[0] } : {}),
    ...(!open && untils.length > 0 ? { validUntil: untils.at(-1)! } : {}),
  };
}

const FORMAT_LABELS: Readonly<Record<Language, { period: string; apply: string }>> = {
  fi: { period: "Hakuaika", apply: "Hae" },
  sv: { period: "Ansökningstid", apply: "Ansök" },
  en: { period: "Application period", apply: "Apply" },
};

function formatDay(day: string, language: Language): string {
  const [year, month, date] = day.split("-");
  return language === "en" ? day : `${Number(date)}.${Number(month)}.${year}`;
}

/** In-person (lähiopetus, opetuspaikkakk_1), online (etäopetus, opetuspaikkakk_2) or both. */
export function konfoFormat(codeUris: readonly string[]): "in-person" | "online" | "hybrid" | undefined {
  const inPerson = codeUris.some((uri) => uri.startsWith("opetuspaikkakk_1"));
  const online = codeUris.some((uri) => uri.startsWith("opetuspaikkakk_2"));
  return inPerson && online ? "hybrid" : inPerson ? "in-person" : online ? "online" : undefined;
}

/** One canonical item input per language of a training implementation. */
export function mapKonfoToteutus(
  toteutus: KonfoToteutus,
  options: {
    municipality?: string | undefined;
    hit?: KonfoSearchHit | undefined;
    hakukohteet: readonly KonfoHakukohde[];
    today: string;
  },
): Array<Record<string, unknown>> {
  const allPeriods = options.hakukohteet.flatMap((hakukohde) =>
    hakukohde.hakuajat.length > 0 ? hakukohde.hakuajat : (hakukohde.haku?.hakuajat ?? []),
  );
  const window = applicationWindow(allPeriods, options.today);
  const season = toteutus.metadata?.opetus?.koulutuksenAlkamiskausi;
  const startDate = helsinkiDay(season?.koulutuksenAlkamispaivamaara);
  const endDate = helsinkiDay(season?.koulutuksenPaattymispaivamaara);
  // Without any application period, a training that has ended is over.
  const validUntil = window.validUntil ?? (allPeriods.length === 0 ? endDate : undefined);
  const declared = toteutus.kielivalinta.map(itemLanguage).filter(Boolean) as Language[];
  const contact = toteutus.metadata?.yhteyshenkilot[0];
  const items: Array<Record<string, unknown>> = [];
  for (const language of LANGUAGES) {
    if (declared.length > 0 && !declared.includes(language)) continue;
    const title = textIn(toteutus.nimi, language);
    const body = plainText(textIn(toteutus.metadata?.kuvaus ?? {}, language)) ?? plainText(textIn(options.hit?.kuvaus ?? {}, language));
    if (!title || !body) continue;
    const labels = FORMAT_LABELS[language];
    const period =
      window.validFrom || window.validUntil
        ? `${labels.period}: ${[window.validFrom, window.validUntil].map((day) => (day ? formatDay(day, language) : "")).join("–")}`
        : undefined;
    const applyLink = options.hakukohteet.map((hakukohde) => safeUrl(textIn(hakukohde.hakulomakeLinkki, language))).find(Boolean);
    const provider =
      toteutus.tarjoajat.map((tarjoaja) => textIn(tarjoaja.nimi, language) ?? textIn(tarjoaja.nimi, "fi")).find(Boolean) ??
      textIn(toteutus.organisaatio?.nimi ?? {}, language) ??
      textIn(toteutus.organisaatio?.nimi ?? {}, "fi");
    items.push({
      id: `${toteutus.oid}-${language}`,
      kind: "training",
      language,
      title,
      description: joinParagraphs([body, period, applyLink ? `${labels.apply}: ${applyLink}` : undefined]),
      organization: provider,
      municipality: knownMunicipality(options.municipality),
      url: `https://opintopolku.fi/konfo/${language}/toteutus/${encodeURIComponent(toteutus.oid)}`,
      email: safeEmail(contact ? (textIn(contact.sahkoposti, language) ?? textIn(contact.sahkoposti, "fi")) : undefined),
      phone: safePhone(contact ? (textIn(contact.puhelinnumero, language) ?? textIn(contact.puhelinnumero, "fi")) : undefined),
      validFrom: window.validFrom,
      validUntil,
      startDate,
      format: konfoFormat(toteutus.metadata?.opetus?.opetustapaKoodiUrit ?? []),
      tags: [
        { fi: "työvoimakoulutus", sv: "arbetskraftsutbildning", en: "labour market training" }[language],
        "Opintopolku",
        ...(toteutus.metadata?.asiasanat ?? [])
          .filter((word) => itemLanguage(word.kieli) === language)
          .map((word) => word.arvo ?? ""),
      ],
    });
  }
  return items;
}

export interface KonfoAdapterOptions {
  readonly baseUrl: string;
  readonly municipalityCodes: readonly string[];
  readonly http: HttpClient;
  readonly pageSize?: number | undefined;
  readonly maxPages?: number | undefined;
}

export class KonfoAdapter implements SourceAdapter {
  readonly name = "konfo";
  readonly allowEmpty = false;

  constructor(private readonly options: KonfoAdapterOptions) {}

  private url(path: string): string {
    return `${this.options.baseUrl.replace(/\/+$/, "")}/konfo-backend/external${path}`;
  }

  async fetchAll(context: SourceFetchContext): Promise<SourceFetchResult> {
    const before = this.options.http.requests;
    const found = new Map<string, { municipality: string; hit: KonfoSearchHit; position: string }>();
    for (const code of this.options.municipalityCodes) {
      await this.search(code, context, (toteutusOid, hit, position) => {
        if (!found.has(toteutusOid)) found.set(toteutusOid, { municipality: code, hit, position });
      });
    }
    const records: SourceRecord[] = [];
    const rejected: SourceRejection[] = [];
    for (const [oid, { municipality, hit, position }] of found) {
      const raw = await this.getOrMissing(this.url(`/toteutus/${encodeURIComponent(oid)}?hakukohteet=true`), context);
      if (raw === undefined) {
        rejected.push({ position, id: oid, field: "toteutus", message: "listed by the search but not found (HTTP 404)" });
        continue;
      }
      const parsed = konfoToteutusSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        rejected.push({ position, id: oid, field: issue?.path.join(".") || "(record)", message: issue?.message ?? "invalid" });
        continue;
      }
      const hakukohteet: KonfoHakukohde[] = [];
      for (const embedded of parsed.data.hakukohteet) {
        let hakukohde = konfoHakukohdeSchema.safeParse(embedded);
        const hakukohdeOid = hakukohde.success ? hakukohde.data.oid : (embedded as { oid?: unknown } | null)?.oid;
        if (typeof hakukohdeOid !== "string") continue;
        if (!hakukohde.success || hakukohde.data.hakuajat.length === 0) {
          const detail = await this.getOrMissing(this.url(`/hakukohde/${encodeURIComponent(hakukohdeOid)}?haku=true`), context);
          if (detail === undefined) continue;
          hakukohde = konfoHakukohdeSchema.safeParse(detail);
        }
        if (hakukohde.success) hakukohteet.push(hakukohde.data);
      }
      const items = mapKonfoToteutus(parsed.data, { municipality, hit, hakukohteet, today: context.today });
      if (items.length === 0) {
        rejected.push({ position, id: oid, field: "nimi", message: "no name with a description in fi, sv or en" });
      }
      for (const item of items) records.push({ position: `${position} (${String(item.id)})`, raw: item });
    }
    return { records, rejected, requests: this.options.http.requests - before };
  }

  private async search(
    code: string,
    context: SourceFetchContext,
    onToteutus: (oid: string, hit: KonfoSearchHit, position: string) => void,
  ): Promise<void> {
    const size = this.options.pageSize ?? 20;
    const maxPages = this.options.maxPages ?? 200;
    let seen = 0;
    for (let page = 1; ; page += 1) {
      const query = new URLSearchParams({
        keyword: "",
        sijainti: `kunta_${code}`,
        lng: "fi",
        tyovoimakoulutus: "true",
        page: String(page),
        size: String(size),
      });
      const body = await this.options.http.getJson(this.url(`/search/toteutukset-koulutuksittain?${query}`), {
        signal: context.signal,
      });
      const parsed = konfoSearchSchema.safeParse(body);
      if (!parsed.success) {
        throw new SourceFetchError(`Konfo search kunta_${code} page ${page}: not the documented shape (${parsed.error.issues[0]?.message ?? "invalid"})`);
      }
      parsed.data.hits.forEach((hit, index) => {
        for (const toteutus of hit.toteutukset) {
          const places = toteutus.kunnat.map((kunta) => municipalityFromKoodiUri(kunta.koodiUri)).filter(Boolean);
          if (places.length > 0 && !places.includes(code)) continue;
          onToteutus(toteutus.toteutusOid, hit, `kunta_${code} page ${page} #${index + 1}`);
        }
      });
      seen += parsed.data.hits.length;
      if (parsed.data.hits.length === 0 || seen >= parsed.data.total) return;
      if (page >= maxPages) throw new SourceFetchError(`Konfo search kunta_${code}: more than ${maxPages} pages; stopped`);
    }
  }

  /** A detail that disappeared between search and read (HTTP 404) is skipped, not a failed sync. */
  private async getOrMissing(url: string, context: SourceFetchContext): Promise<unknown> {
    try {
      return await this.options.http.getJson(url, { signal: context.signal });
    } catch (error) {
      if (error instanceof SourceFetchError && error.httpStatus === 404) return undefined;
      throw error;
    }
  }
}
