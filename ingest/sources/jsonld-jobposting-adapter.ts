import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Language } from "../../knowledge/index.js";
import { municipalityCode } from "../../knowledge/index.js";
import { detectDocumentLanguage as detectLanguage } from "../../knowledge/index.js";
import type { HttpClient } from "./http-client.js";
import type { SourceAdapter, SourceFetchContext, SourceFetchResult, SourceRecord, SourceRejection } from "./source-adapter.js";
import { SourceFetchError } from "./source-fetch-error.js";
import {
  helsinkiDay,
  itemLanguage,
  pickEmploymentType,
  plainText,
  safeUrl,
  type EmploymentType,
} from "./source-text.js";

/*
 * schema.org JobPosting published as JSON-LD by employers on their own sites (the markup search
 * engines read): `<script type="application/ld+json">` blocks of an HTML page, or a .json/.jsonld
 * document; a node may sit at the top, in an array, in `@graph` or in an ItemList. Fields used:
 * title, description (HTML), datePosted, validThrough, hiringOrganization.name,
 * jobLocation.address.addressLocality, employmentType, occupationalCategory, identifier, url,
 * inLanguage, and for jobseekers' sake baseSalary (a line in the description) and
 * jobLocationType TELECOMMUTE (a "remote work" tag). The JSON-LD is read as plain JSON with schema.org names (no remote @context is
 * fetched), which is how publishers write it in practice.
 */

type JsonObject = Record<string, unknown>;

const JOB_POSTING_TYPES = new Set(["jobposting", "schema:jobposting", "http://schema.org/jobposting", "https://schema.org/jobposting"]);
const SCRIPT_BLOCK = /<script\b[^>]*\btype\s*=\s*["']?application\/ld\+json["']?[^>]*>([\s\S]*?)<\/script\s*>/gi;

/** JSON-LD documents in a page (or the document itself); unparsable blocks are reported, not fatal. */
export function extractJsonLd(text: string): { documents: unknown[]; errors: string[]; language?: Language | undefined } {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return { documents: [JSON.parse(trimmed)], errors: [] };
    } catch (error) {
      return { documents: [], errors: [`not valid JSON: ${(error as Error).message}`] };
    }
  }
  const documents: unknown[] = [];
  const errors: string[] = [];
  let index = 0;
  for (const match of trimmed.matchAll(SCRIPT_BLOCK)) {
    index += 1;
    const body = (match[1] ?? "")
      .trim()
      .replace(/^<!--/, "")
      .replace(/-->$/, "")
      .replace(/^\/\/\s*<!\[CDATA\[/, "")
      .replace(/\/\/\s*\]\]>$/, "")
      .trim();
    if (!body) continue;
    try {
      documents.push(JSON.parse(body));
    } catch (error) {
      errors.push(`JSON-LD block ${index}: not valid JSON (${(error as Error).message})`);
    }
  }
  const language = itemLanguage(/<html\b[^>]*\blang\s*=\s*["']?([a-zA-Z-]+)/i.exec(trimmed)?.[1]);
  return { documents, errors, language };
}

function isJobPosting(node: JsonObject): boolean {
  const type = node["@type"];
  const types = Array.isArray(type) ? type : [type];
  return types.some((entry) => typeof entry === "string" && JOB_POSTING_TYPES.has(entry.toLowerCase()));
}

/** JobPosting nodes anywhere in a JSON-LD document (top level, arrays, @graph, ItemList, nesting). */
export function findJobPostings(document: unknown, depth = 0): JsonObject[] {
  if (depth > 10 || document === null || typeof document !== "object") return [];
  if (Array.isArray(document)) return document.flatMap((entry) => findJobPostings(entry, depth + 1));
  const node = document as JsonObject;
  if (isJobPosting(node)) return [node];
  return Object.entries(node)
    .filter(([key]) => key !== "@context")
    .flatMap(([, value]) => findJobPostings(value, depth + 1));
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function stringOf(value: unknown): string | undefined {
  const entry = first(value);
  if (typeof entry === "string") return entry.trim() || undefined;
  if (typeof entry === "number") return String(entry);
  if (entry && typeof entry === "object") {
    const object = entry as JsonObject;
    return stringOf(object["@value"] ?? object.value ?? object.name ?? object.codeValue);
  }
  return undefined;
}

const EMPLOYMENT_TYPES: Readonly<Record<string, EmploymentType>> = {
  FULL_TIME: "full-time",
  PART_TIME: "part-time",
  TEMPORARY: "temporary",
  CONTRACTOR: "temporary",
  PER_DIEM: "temporary",
  INTERN: "temporary",
  SEASONAL: "seasonal",
};

export function jsonLdEmploymentType(value: unknown): EmploymentType | undefined {
  const list = (Array.isArray(value) ? value : [value]).flatMap((entry) =>
    typeof entry === "string" ? entry.split(/[,\s]+/) : [],
  );
  return pickEmploymentType(list.map((entry) => EMPLOYMENT_TYPES[entry.trim().toUpperCase().replace(/[-\s]/g, "_")]));
}

/** An ISCO-08 code when `occupationalCategory` is one ("5321", "5321 Lähihoitajat", CategoryCode). */
export function iscoFromCategory(value: unknown): string | undefined {
  const text = stringOf(value);
  return /^(\d{1,4})(\s|$)/.exec(text ?? "")?.[1];
}

function locationOf(node: JsonObject): { municipality?: string; address?: string } {
  const locations = Array.isArray(node.jobLocation) ? node.jobLocation : [node.jobLocation];
  for (const location of locations) {
    if (!location || typeof location !== "object") continue;
    const address = (location as JsonObject).address;
    if (typeof address === "string") return { address: address.trim(), municipality: municipalityInText(address) };
    if (!address || typeof address !== "object") continue;
    const parts = address as JsonObject;
    const locality = stringOf(parts.addressLocality);
    const text = [stringOf(parts.streetAddress), [stringOf(parts.postalCode), locality].filter(Boolean).join(" ")]
      .filter(Boolean)
      .join(", ");
    return { address: text || undefined, municipality: locality ? municipalityCode(locality) : undefined };
  }
  return {};
}

/** A free-text address ("Vetelintie 1, 69700 Veteli"): the last word that names a municipality. */
function municipalityInText(text: string): string | undefined {
  const whole = municipalityCode(text.trim());
  if (whole) return whole;
  const words = text.split(/[\s,]+/).filter((word) => /^\p{L}{3,}$/u.test(word));
  for (const word of words.reverse()) {
    const code = municipalityCode(word);
    if (code) return code;
  }
  return undefined;
}

function pathOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return undefined;
  }
}

const SALARY_WORDS: Readonly<Record<Language, { label: string; units: Readonly<Record<string, string>> }>> = {
  fi: { label: "Palkka", units: { HOUR: "tunti", DAY: "päivä", WEEK: "viikko", MONTH: "kuukausi", YEAR: "vuosi" } },
  sv: { label: "Lön", units: { HOUR: "timme", DAY: "dag", WEEK: "vecka", MONTH: "månad", YEAR: "år" } },
  en: { label: "Salary", units: { HOUR: "hour", DAY: "day", WEEK: "week", MONTH: "month", YEAR: "year" } },
};

function formatAmount(value: unknown, language: Language): string | undefined {
  const number = typeof value === "number" ? value : typeof value === "string" ? Number(value.replace(",", ".")) : Number.NaN;
  if (!Number.isFinite(number) || number <= 0) return undefined;
  return new Intl.NumberFormat(language === "en" ? "en-GB" : `${language}-FI`, { maximumFractionDigits: 2 }).format(number);
}

/** `baseSalary` (MonetaryAmount with a QuantitativeValue) as one line: "Palkka: 2 500–3 000 EUR / kuukausi". */
export function salaryLine(value: unknown, language: Language): string | undefined {
  const amount = first(value);
  if (!amount || typeof amount !== "object") return undefined;
  const money = amount as JsonObject;
  const quantity = (money.value && typeof money.value === "object" ? money.value : money) as JsonObject;
  const exact = formatAmount(quantity.value, language);
  const low = formatAmount(quantity.minValue, language);
  const high = formatAmount(quantity.maxValue, language);
  const range = exact ?? (low && high ? `${low}–${high}` : (low ?? high));
  if (!range) return undefined;
  const currency = stringOf(money.currency) ?? "";
  const unit = SALARY_WORDS[language].units[(stringOf(quantity.unitText) ?? "").toUpperCase()];
  return `${SALARY_WORDS[language].label}: ${range}${currency ? ` ${currency}` : ""}${unit ? ` / ${unit}` : ""}`;
}

const REMOTE_TAG: Readonly<Record<Language, string>> = { fi: "etätyö", sv: "distansarbete", en: "remote work" };

function hashId(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 24);
}

/**
 * Canonical item input of one JobPosting. The id is `{site}:{identifier}` (or the posting's URL,
 * or a hash of title and date), so two employers' "1" never collide.
 */
export function mapJobPosting(
  node: JsonObject,
  options: { site: string; pageUrl?: string | undefined; pageLanguage?: Language | undefined },
): Record<string, unknown> {
  const title = plainText(stringOf(node.title) ?? stringOf(node.name));
  const description = plainText(typeof node.description === "string" ? node.description : stringOf(node.description));
  const url = safeUrl(stringOf(node.url)) ?? safeUrl(options.pageUrl);
  const identifier = stringOf(node.identifier) ?? (url ? pathOf(url) : undefined);
  const local = identifier ?? hashId(`${title ?? ""}|${stringOf(node.datePosted) ?? ""}`);
  const id = `${options.site}:${local}`;
  const location = locationOf(node);
  const language =
    itemLanguage(stringOf(node.inLanguage)) ?? options.pageLanguage ?? detectLanguage(`${title ?? ""} ${description ?? ""}`);
  const remote = (Array.isArray(node.jobLocationType) ? node.jobLocationType : [node.jobLocationType]).some(
    (type) => typeof type === "string" && type.toUpperCase() === "TELECOMMUTE",
  );
  const salary = salaryLine(node.baseSalary, language);
  return {
    id: id.length <= 200 ? id : `${options.site.slice(0, 100)}:${hashId(local)}`,
    kind: "vacancy",
    language,
    title,
    description: description && salary ? `${description}\n\n${salary}` : description,
    organization: stringOf(node.hiringOrganization),
    municipality: location.municipality,
    address: location.address,
    url,
    validFrom: helsinkiDay(stringOf(node.datePosted)),
    validUntil: helsinkiDay(stringOf(node.validThrough)),
    employmentType: jsonLdEmploymentType(node.employmentType),
    occupation: iscoFromCategory(node.occupationalCategory),
    tags: ["JobPosting", ...(remote ? [REMOTE_TAG[language]] : [])],
  };
}

export interface JsonLdJobPostingAdapterOptions {
  /** http(s) URLs of pages or JSON-LD documents, or local file paths. */
  readonly locations: readonly string[];
  readonly http: HttpClient;
  /** Size limit of a local file (URLs are capped by the HTTP client). */
  readonly maxFileBytes?: number | undefined;
}

export class JsonLdJobPostingAdapter implements SourceAdapter {
  readonly name = "jsonld";
  /** An employer may have no open positions: an empty page is believable. */
  readonly allowEmpty = true;

  constructor(private readonly options: JsonLdJobPostingAdapterOptions) {}

  async fetchAll(context: SourceFetchContext): Promise<SourceFetchResult> {
    const before = this.options.http.requests;
    const records: SourceRecord[] = [];
    const rejected: SourceRejection[] = [];
    for (const location of this.options.locations) {
      const remote = /^https?:\/\//i.test(location);
      const text = remote ? await this.download(location, context) : await this.readLocal(location);
      const site = remote ? new URL(location).hostname : path.basename(location);
      const { documents, errors, language } = extractJsonLd(text);
      for (const message of errors) rejected.push({ position: location, field: "(json-ld)", message });
      const postings = documents.flatMap((document) => findJobPostings(document));
      postings.forEach((node, index) => {
        const raw = mapJobPosting(node, { site, pageUrl: remote ? location : undefined, pageLanguage: language });
        records.push({ position: `${location} #${index + 1} (${String(raw.id)})`, raw });
      });
    }
    return { records, rejected, requests: this.options.http.requests - before };
  }

  private async download(url: string, context: SourceFetchContext): Promise<string> {
    const answer = await this.options.http.requestText({
      url,
      headers: { accept: "application/ld+json, text/html;q=0.9, application/json;q=0.8" },
      signal: context.signal,
    });
    return answer.text;
  }

  private async readLocal(file: string): Promise<string> {
    const resolved = path.resolve(file);
    try {
      const info = await stat(resolved);
      const limit = this.options.maxFileBytes ?? 20 * 1024 * 1024;
      if (info.size > limit) throw new SourceFetchError(`${file}: ${info.size} bytes is over the limit of ${limit}`);
      return await readFile(resolved, "utf8");
    } catch (error) {
      if (error instanceof SourceFetchError) throw error;
      throw new SourceFetchError(`${file}: cannot be read`, { cause: error });
    }
  }
}
