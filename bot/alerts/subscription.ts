import { z } from "zod";
import { helsinkiDate } from "../../knowledge/index.js";
import { ITEM_KINDS, type ItemKind, type Language } from "../../knowledge/index.js";
import { distanceKm, municipalityCode } from "../../knowledge/index.js";

/**
 * What a subscription filters on, copied from the search the person made. Only these fields are
 * stored: no transcript, no profile (data minimisation, see docs/decisions/0050-alerts.md).
 */
export const alertFiltersSchema = z
  .object({
    kind: z.enum(ITEM_KINDS).optional(),
    /** Statistics Finland code. */
    municipality: z.string().regex(/^\d{3}$/).optional(),
    /** With `municipality`: also items of municipalities whose centre is within this many km. */
    nearKm: z.number().positive().max(500).optional(),
    /** ISCO-08 codes the query names (resolved by the caller); a shorter code covers its subgroups. */
    occupations: z.array(z.string().regex(/^\d{1,4}$/)).max(10).optional(),
    employmentType: z.string().max(30).optional(),
  })
  .strict();

export type AlertFilters = z.infer<typeof alertFiltersSchema>;

/**
 * Where to deliver: the conversation address the channel gave (same shape as `ConversationAddress`
 * in bot/conversation/ports.ts), kept opaque apart from the fields routing needs.
 */
export const alertAddressSchema = z
  .object({
    /** "directline" for the web chat, "msteams" for Teams. */
    channelId: z.string().min(1).max(50),
    conversationId: z.string().min(1).max(500),
    userId: z.string().min(1).max(500).optional(),
    serviceUrl: z.string().max(2000).optional(),
    channelData: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

/** The address as stored and passed to channels; `ConversationAddress` of bot/conversation/ports.ts fits. */
export interface AlertAddress {
  readonly channelId: string;
  readonly conversationId: string;
  readonly userId?: string | undefined;
  readonly serviceUrl?: string | undefined;
  readonly channelData?: Readonly<Record<string, unknown>> | undefined;
}

/** One stored job alert. */
export interface AlertSubscription {
  readonly id: string;
  readonly conversationId: string;
  /** Channel and user id: the unit of "at most one message a day". */
  readonly personKey: string;
  readonly channel: string;
  readonly address: AlertAddress;
  /** The person's own words of the search, already redacted by the conversation layer. */
  readonly query: string;
  readonly filters: AlertFilters;
  readonly language: Language;
  /** Only with explicit consent for alerts; `emailConsentAt` records when it was given. */
  readonly email?: string | undefined;
  readonly emailConsentAt?: Date | undefined;
  /** Random token of the e-mail's unsubscribe link. */
  readonly emailToken?: string | undefined;
  readonly expiresAt: Date;
  readonly createdAt: Date;
}

/** The fields of an item that matching reads; a `StoredItem` fits. */
export interface AlertCandidate {
  readonly source: string;
  readonly id: string;
  readonly kind: ItemKind;
  readonly title: string;
  readonly description: string;
  readonly organization?: string | undefined;
  readonly municipality?: string | undefined;
  readonly occupation?: string | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly validFrom?: string | undefined;
  readonly validUntil?: string | undefined;
  readonly employmentType?: string | undefined;
}

function personKeyOf(address: AlertAddress): string {
  return `${address.channelId}:${address.userId ?? address.conversationId}`;
}

/** A new subscription that expires `ttlDays` after `now`. */
export function newSubscription(input: {
  readonly id: string;
  readonly address: AlertAddress;
  readonly query: string;
  readonly filters: AlertFilters;
  readonly language: Language;
  readonly now: Date;
  readonly ttlDays: number;
}): AlertSubscription {
  return {
    id: input.id,
    conversationId: input.address.conversationId,
    personKey: personKeyOf(input.address),
    channel: input.address.channelId,
    address: input.address,
    query: input.query.trim().slice(0, 500),
    filters: alertFiltersSchema.parse(input.filters),
    language: input.language,
    expiresAt: expiryFrom(input.now, input.ttlDays),
    createdAt: input.now,
  };
}

export function expiryFrom(now: Date, ttlDays: number): Date {
  return new Date(now.getTime() + ttlDays * 86_400_000);
}

export function isExpired(subscription: Pick<AlertSubscription, "expiresAt">, now: Date): boolean {
  return subscription.expiresAt.getTime() <= now.getTime();
}

/** Expiry is "soon" within this many days: alert messages then say how to renew. */
const EXPIRY_WARNING_DAYS = 7;

export function expiresSoon(subscription: Pick<AlertSubscription, "expiresAt">, now: Date): boolean {
  return subscription.expiresAt.getTime() - now.getTime() <= EXPIRY_WARNING_DAYS * 86_400_000;
}

/** Not past its deadline on `today` (Helsinki date). Upcoming items count: they are new and can be applied to soon. */
export function isOpenOn(item: Pick<AlertCandidate, "validUntil">, today: string): boolean {
  return item.validUntil === undefined || item.validUntil >= today;
}

/**
 * Words that say what kind of thing or that an alert is wanted, not what it is about. Removing them
 * leaves the content words ("hitsaajan") that decide whether an item matches.
 */
const STOP_WORDS = new Set(
  `
  ilmoita ilmoitus ilmoitukset ilmoituksia ilmoitukset kerro kertokaa kun jos tulee tulevat tullut uusia uusi uuden uudet
  minulle mulle minua mua sinne tänne myös vain kaikki kaikkia mitä mikä on ole olla onko ja tai sekä että kuin kanssa
  paikka paikkoja paikat paikan paikasta työ työt töitä työtä työpaikka työpaikkoja työpaikat työpaikan duuni duuneja
  hommia homma keikka keikkoja koulutus koulutuksia koulutuksen koulutukset kurssi kursseja kurssit avoimia avoin avoimet
  tällaisia tällainen tämmöisiä näitä samanlaisia samanlainen lisää alalta alan alalla lähellä täällä nyt ilmoittakaa
  meddela meddelande mig om nya ny nytt jobb jobbet jobben tjänst tjänster lediga ledig platser plats utbildning utbildningar
  kurs kurser som detta den det här sådana liknande och eller också bara alla när kommer finns i på av till från med bevaka bevakning
  tell me notify let know about new jobs job like this these that similar and or of in on at for to from with when any
  vacancies vacancy positions position openings opening trainings training courses course work alert alerts please some more
  `
    .split(/\s+/)
    .filter(Boolean),
);

/** Lower-case content words of a query: no stop words, numbers or place names (those are filters). */
export function queryTerms(query: string): string[] {
  const words = query
    .toLocaleLowerCase("fi")
    .normalize("NFC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 3 && !/^\d+$/.test(word) && !STOP_WORDS.has(word));
  return [...new Set(words.filter((word) => municipalityCode(word) === undefined))];
}

/**
 * A prefix that survives Finnish and Swedish inflection: "hitsaajan" → "hitsaa", "svetsare" → "svets".
 * Cheaper and more predictable than a stemmer for one to three words, which is what queries are.
 */
function termPrefix(term: string): string {
  if (term.length <= 5) return term;
  return term.slice(0, Math.max(5, term.length - 3));
}

function itemWords(item: AlertCandidate): string {
  return [item.title, item.organization ?? "", ...(item.tags ?? []), item.description]
    .join(" ")
    .toLocaleLowerCase("fi")
    .normalize("NFC");
}

function termMatches(term: string, text: string, words: readonly string[]): boolean {
  const prefix = termPrefix(term);
  if (words.some((word) => word.startsWith(prefix))) return true;
  // Compounds ("levyseppähitsaaja") contain the term inside one word.
  return prefix.length >= 5 && text.includes(prefix);
}

function occupationMatches(wanted: readonly string[], occupation: string | undefined): boolean {
  if (!occupation) return false;
  return wanted.some((code) => occupation.startsWith(code));
}

export interface MatchOptions {
  /** Helsinki date the item must still be open on. */
  readonly today: string;
}

/**
 * Whether a new item belongs in a subscription's alerts: same kind, inside the place filter, still
 * open, and about what the person asked (an ISCO occupation match or a content word of the query;
 * a query with no content words, e.g. "new jobs in Veteli", matches by its filters alone).
 */
export function matchesSubscription(
  subscription: Pick<AlertSubscription, "query" | "filters">,
  item: AlertCandidate,
  options: MatchOptions,
): boolean {
  const filters = subscription.filters;
  if (!isOpenOn(item, options.today)) return false;
  if (filters.kind && item.kind !== filters.kind) return false;
  if (filters.employmentType && item.employmentType && item.employmentType !== filters.employmentType) return false;
  if (filters.municipality) {
    if (!item.municipality) {
      // Area-wide items (no municipality) are services and trainings for everyone; vacancies need a place.
      if (item.kind === "vacancy") return false;
    } else if (item.municipality !== filters.municipality) {
      const distance = distanceKm(filters.municipality, item.municipality);
      if (!filters.nearKm || distance === undefined || distance > filters.nearKm) return false;
    }
  }
  const occupations = filters.occupations ?? [];
  if (occupationMatches(occupations, item.occupation)) return true;
  const terms = queryTerms(subscription.query);
  if (terms.length === 0) return occupations.length === 0;
  const text = itemWords(item);
  const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const hits = terms.filter((term) => termMatches(term, text, words)).length;
  return hits >= Math.max(1, Math.ceil(terms.length / 2));
}

/** Helsinki calendar day of an instant: the "day" in "one message a day". */
export function deliveryDay(now: Date): string {
  return helsinkiDate(now);
}

