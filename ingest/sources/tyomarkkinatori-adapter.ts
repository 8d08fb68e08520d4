import { z } from "zod";
import type { Language } from "../../knowledge/index.js";
import { LANGUAGES } from "../../knowledge/index.js";
import { iscoCodeOf, type EscoIscoMapping } from "./esco-occupations.js";
import type { HttpClient } from "./http-client.js";
import type { SourceAdapter, SourceFetchContext, SourceFetchResult, SourceRecord, SourceRejection } from "./source-adapter.js";
import { SourceFetchError } from "./source-fetch-error.js";
import {
  helsinkiDay,
  itemLanguage,
  joinParagraphs,
  knownMunicipality,
  pickEmploymentType,
  plainText,
  safeUrl,
  type EmploymentType,
} from "./source-text.js";

/*
 * Työmarkkinatori (Job Market Finland) job postings through KEHA-keskus' retrieval API:
 *   POST {TMT_BASE_URL}/kipa/p67/v2/jobpostings, header KIPA-Subscription-Key
 * Posting fields as documented (v1 names): ilmoituksenID, ilmoittajanNimi[{arvo,kieliKoodi}],
 * perustiedot{tyonOtsikko[],tyonKuvaus[],tyoAika,tyonJatkuvuus}, sijainti{kunta[]},
 * hakeminen{hakuaikaPaattyy,hakemuksenUrl}, osaamisvaatimukset{ammatit[{luokittelunNimi,luokiteltuArvo}]},
 * ilmoituksenKielet[].
 *
 * Paging is our assumption, not a published contract (credentials and the full specification come
 * from KEHA): we send `{ sivu, sivunKoko }` (page from 0) and accept, so that a different answer
 * does not break the sync,
 *   - an object with the postings under `ilmoitukset` (or `tyopaikkailmoitukset`, `content`,
 *     `items`) and a total under `yhteensa` (or `kokonaismaara`, `totalElements`, `total`): we read
 *     until the total is reached or a page comes back short;
 *   - a JSON array, or NDJSON (one posting per line, which third-party notes describe for v2):
 *     the whole result set in one answer.
 * The API serves the whole country; postings are kept when one of `sijainti.kunta` is configured.
 *
 * Terms of use: the source must be credited and postings must not be passed on to third parties,
 * so every item says "Lähde: Työmarkkinatori" in its description and tags, and items of this
 * source are for display in Lähituki only (see docs/decisions/0045-source-sync.md).
 */

const textList = z
  .array(z.object({ arvo: z.string().nullish(), kieliKoodi: z.string().nullish() }).loose())
  .nullish()
  .transform((value) => value ?? []);
type TextList = z.infer<typeof textList>;

const codeList = z
  .array(z.union([z.string(), z.number()]).transform(String))
  .nullish()
  .transform((value) => value ?? []);

export const tmtPostingSchema = z
  .object({
    ilmoituksenID: z.union([z.string().min(1), z.number()]).transform(String),
    ilmoittajanNimi: z.union([textList, z.string().transform((arvo) => [{ arvo, kieliKoodi: "fi" }])]).nullish(),
    perustiedot: z
      .object({
        tyonOtsikko: textList,
        tyonKuvaus: textList,
        tyoAika: z.union([z.string(), z.number()]).transform(String).nullish(),
        tyonJatkuvuus: z.union([z.string(), z.number()]).transform(String).nullish(),
      })
      .loose(),
    sijainti: z.object({ kunta: codeList, maakunta: codeList }).loose().nullish(),
    hakeminen: z
      .object({ hakuaikaPaattyy: z.string().nullish(), hakemuksenUrl: z.string().nullish() })
      .loose()
      .nullish(),
    osaamisvaatimukset: z
      .object({
        ammatit: z
          .array(z.object({ luokittelunNimi: z.string().nullish(), luokiteltuArvo: z.string().nullish() }).loose())
          .nullish()
          .transform((value) => value ?? []),
      })
      .loose()
      .nullish(),
    ilmoituksenKielet: codeList,
  })
  .loose();
export type TmtPosting = z.infer<typeof tmtPostingSchema>;

const CREDIT: Readonly<Record<Language, string>> = {
  fi: "Lähde: Työmarkkinatori",
  sv: "Källa: Jobbmarknad Finland (Työmarkkinatori)",
  en: "Source: Job Market Finland (Työmarkkinatori)",
};
const TMT_CREDIT_TAG = "Lähde: Työmarkkinatori";

function textIn(list: TextList, language: Language): string | undefined {
  return list.find((entry) => itemLanguage(entry.kieliKoodi) === language && entry.arvo?.trim())?.arvo?.trim();
}

/** Working time and continuity in words or enum names; unknown codes give no employment type. */
export function tmtEmploymentType(tyoAika?: string | null, tyonJatkuvuus?: string | null): EmploymentType | undefined {
  const hours = (tyoAika ?? "").toLowerCase();
  const continuity = (tyonJatkuvuus ?? "").toLowerCase();
  return pickEmploymentType([
    /kesä|kausi|sommar|säsong|season/.test(continuity) ? "seasonal" : undefined,
    /määräaik|tilapäi|sijai|keikka|visstid|tillfällig|vikari|temporary|fixed/.test(continuity) ? "temporary" : undefined,
    /osa[-_ ]?aik|deltid|part/.test(hours) ? "part-time" : undefined,
    /koko[-_ ]?aik|heltid|full/.test(hours) ? "full-time" : undefined,
  ]);
}

/**
 * One canonical item input per language of a posting (ids `{ilmoituksenID}-{lang}`), for postings
 * located in `municipalityCodes`; an empty list for postings elsewhere.
 */
export function mapTmtPosting(
  posting: TmtPosting,
  options: { municipalityCodes: readonly string[]; escoMapping: EscoIscoMapping },
): Array<Record<string, unknown>> {
  const codes = (posting.sijainti?.kunta ?? []).map((code) => code.trim().padStart(3, "0"));
  const municipality = codes.find((code) => options.municipalityCodes.includes(code));
  if (!municipality) return [];
  const declared = posting.ilmoituksenKielet.map(itemLanguage).filter((language): language is Language => Boolean(language));
  const languages = LANGUAGES.filter(
    (language) =>
      (declared.length === 0 || declared.includes(language)) &&
      textIn(posting.perustiedot.tyonOtsikko, language) &&
      textIn(posting.perustiedot.tyonKuvaus, language),
  );
  const occupation = (posting.osaamisvaatimukset?.ammatit ?? [])
    .map((entry) => iscoCodeOf(entry.luokiteltuArvo, options.escoMapping))
    .find(Boolean);
  const employer = posting.ilmoittajanNimi ?? [];
  return languages.map((language) => ({
    id: `${posting.ilmoituksenID}-${language}`,
    kind: "vacancy",
    language,
    title: textIn(posting.perustiedot.tyonOtsikko, language),
    description: joinParagraphs([plainText(textIn(posting.perustiedot.tyonKuvaus, language)), CREDIT[language]]),
    organization: textIn(employer, language) ?? employer.find((entry) => entry.arvo?.trim())?.arvo?.trim(),
    municipality: knownMunicipality(municipality),
    url: safeUrl(posting.hakeminen?.hakemuksenUrl),
    validUntil: helsinkiDay(posting.hakeminen?.hakuaikaPaattyy),
    occupation,
    employmentType: tmtEmploymentType(posting.perustiedot.tyoAika, posting.perustiedot.tyonJatkuvuus),
    tags: [TMT_CREDIT_TAG],
  }));
}

const LIST_KEYS = ["ilmoitukset", "tyopaikkailmoitukset", "content", "items"] as const;
const TOTAL_KEYS = ["yhteensa", "kokonaismaara", "totalElements", "total"] as const;

/** Postings of one answer and the total the answer declares, if any (see the paging note above). */
export function readTmtPage(body: { contentType: string; text: string }): { postings: unknown[]; total?: number; paged: boolean } {
  const text = body.text.trim();
  if (text === "") return { postings: [], paged: false };
  if (/ndjson|jsonl|json-seq/i.test(body.contentType) || (text.startsWith("{") && /}\s*\n\s*{/.test(text))) {
    const postings = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line, index) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          return { __malformedLine: index + 1 };
        }
      });
    return { postings, paged: false };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SourceFetchError("Työmarkkinatori answer is not JSON", { cause: error });
  }
  if (Array.isArray(parsed)) return { postings: parsed, paged: false };
  if (parsed && typeof parsed === "object") {
    const record = parsed as Record<string, unknown>;
    const key = LIST_KEYS.find((candidate) => Array.isArray(record[candidate]));
    if (key) {
      const totalKey = TOTAL_KEYS.find((candidate) => typeof record[candidate] === "number");
      return { postings: record[key] as unknown[], total: totalKey ? (record[totalKey] as number) : undefined, paged: true };
    }
  }
  throw new SourceFetchError(`Työmarkkinatori answer has no list of postings (expected one of ${LIST_KEYS.join(", ")})`);
}

export interface TyomarkkinatoriAdapterOptions {
  readonly baseUrl: string;
  readonly subscriptionKey: string;
  readonly municipalityCodes: readonly string[];
  readonly escoMapping: EscoIscoMapping;
  readonly http: HttpClient;
  readonly pageSize?: number | undefined;
  readonly maxPages?: number | undefined;
}

export class TyomarkkinatoriAdapter implements SourceAdapter {
  readonly name = "tyomarkkinatori";
  readonly allowEmpty = false;

  constructor(private readonly options: TyomarkkinatoriAdapterOptions) {}

  async fetchAll(context: SourceFetchContext): Promise<SourceFetchResult> {
    const before = this.options.http.requests;
    const url = `${this.options.baseUrl.replace(/\/+$/, "")}/kipa/p67/v2/jobpostings`;
    const pageSize = this.options.pageSize ?? 100;
    const maxPages = this.options.maxPages ?? 1000;
    const records: SourceRecord[] = [];
    const rejected: SourceRejection[] = [];
    const seen = new Set<string>();
    let read = 0;
    for (let page = 0; ; page += 1) {
      const answer = await this.options.http.requestText({
        method: "POST",
        url,
        headers: { "KIPA-Subscription-Key": this.options.subscriptionKey },
        json: { sivu: page, sivunKoko: pageSize },
        signal: context.signal,
      });
      const { postings, total, paged } = readTmtPage(answer);
      postings.forEach((raw, index) => {
        const position = `page ${page + 1} #${index + 1}`;
        const malformedLine = (raw as { __malformedLine?: number } | null)?.__malformedLine;
        if (malformedLine !== undefined) {
          rejected.push({ position: `line ${malformedLine}`, field: "(record)", message: "not valid JSON" });
          return;
        }
        const parsed = tmtPostingSchema.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const id = (raw as { ilmoituksenID?: unknown } | null)?.ilmoituksenID;
          rejected.push({
            position,
            id: typeof id === "string" || typeof id === "number" ? String(id) : undefined,
            field: issue?.path.join(".") || "(record)",
            message: issue?.message ?? "not the documented posting shape",
          });
          return;
        }
        if (seen.has(parsed.data.ilmoituksenID)) return;
        seen.add(parsed.data.ilmoituksenID);
        const items = mapTmtPosting(parsed.data, this.options);
        const located = parsed.data.sijainti?.kunta.some((code) => this.options.municipalityCodes.includes(code.padStart(3, "0")));
        if (located && items.length === 0) {
          rejected.push({
            position,
            id: parsed.data.ilmoituksenID,
            field: "perustiedot",
            message: "no title with a description in fi, sv or en",
          });
        }
        for (const item of items) records.push({ position: `${position} (${String(item.id)})`, raw: item });
      });
      read += postings.length;
      if (!paged || postings.length === 0 || postings.length < pageSize || (total !== undefined && read >= total)) break;
      if (page + 1 >= maxPages) throw new SourceFetchError(`Työmarkkinatori: more than ${maxPages} pages; stopped`);
    }
    context.logger.debug({ source: this.name, postings: read, kept: records.length }, "source_sync.tmt_read");
    return { records, rejected, requests: this.options.http.requests - before };
  }
}
