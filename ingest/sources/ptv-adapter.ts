import { z } from "zod";
import type { Language } from "../../knowledge/index.js";
import { LANGUAGES } from "../../knowledge/index.js";
import type { HttpClient } from "./http-client.js";
import type { SourceAdapter, SourceFetchContext, SourceFetchResult, SourceRecord, SourceRejection } from "./source-adapter.js";
import { SourceFetchError } from "./source-fetch-error.js";
import { itemLanguage, joinParagraphs, knownMunicipality, plainText, safeEmail, safePhone, safeUrl, truncate } from "./source-text.js";

/*
 * Suomi.fi Palvelutietovaranto (PTV) Open API v11, no key:
 *   GET {base}/api/v11/Service/list/area/Municipality/code/{code}?page=N
 *   GET {base}/api/v11/ServiceChannel/list/area/Municipality/code/{code}?page=N
 * Pages are `{pageNumber, pageSize, pageCount, itemList}`; `page` starts at 1 here and we read
 * until `pageCount`. Services are asked `serviceWithGD=true`, so a service that relies on its
 * general description (pohjakuvaus) gets those texts (types prefixed `GD_`) where it has none of its
 * own; nationwide services are left out (`includeWholeCountry` defaults to false), since they are
 * not the municipality's. Each service and channel becomes one `service` item per language it has a
 * name in (ids `{ptvId}-{lang}`). The list is fetched whole on every run: prune needs the complete set,
 * and unchanged items cost only a hash comparison (writeItems skips them). A v12 API with an
 * `x-api-key` exists; only this file knows the v11 shape.
 */

const localizedSchema = z
  .object({
    value: z.string().nullish(),
    language: z.string().nullish(),
    type: z.string().nullish(),
  })
  .loose();
type Localized = z.infer<typeof localizedSchema>;

const localizedList = z.array(localizedSchema).nullish().transform((value) => value ?? []);

const areaSchema = z
  .object({
    type: z.string().nullish(),
    code: z.string().nullish(),
    municipalities: z
      .array(z.object({ code: z.string().nullish() }).loose())
      .nullish()
      .transform((value) => value ?? []),
  })
  .loose();

export const ptvServiceSchema = z
  .object({
    id: z.string().min(1),
    serviceNames: localizedList,
    serviceDescriptions: localizedList,
    keywords: localizedList,
    areaType: z.string().nullish(),
    areas: z.array(areaSchema).nullish().transform((value) => value ?? []),
    organizations: z
      .array(
        z
          .object({
            roleType: z.string().nullish(),
            organization: z.object({ id: z.string().nullish(), name: z.string().nullish() }).loose().nullish(),
          })
          .loose(),
      )
      .nullish()
      .transform((value) => value ?? []),
    serviceChannels: z
      .array(z.object({ serviceChannel: z.object({ id: z.string().nullish() }).loose().nullish() }).loose())
      .nullish()
      .transform((value) => value ?? []),
    serviceChargeType: z.string().nullish(),
    publishingStatus: z.string().nullish(),
    modified: z.string().nullish(),
  })
  .loose();
export type PtvService = z.infer<typeof ptvServiceSchema>;

const openingHourSchema = z
  .object({
    dayFrom: z.string().nullish(),
    dayTo: z.string().nullish(),
    from: z.string().nullish(),
    to: z.string().nullish(),
  })
  .loose();

const serviceHourSchema = z
  .object({
    serviceHourType: z.string().nullish(),
    validFrom: z.string().nullish(),
    validTo: z.string().nullish(),
    isClosed: z.boolean().nullish(),
    isAlwaysOpen: z.boolean().nullish(),
    validForNow: z.boolean().nullish(),
    additionalInformation: localizedList,
    openingHour: z.array(openingHourSchema).nullish().transform((value) => value ?? []),
  })
  .loose();
export type PtvServiceHour = z.infer<typeof serviceHourSchema>;

export const ptvChannelSchema = z
  .object({
    id: z.string().min(1),
    serviceChannelType: z.string().nullish(),
    organizationId: z.string().nullish(),
    serviceChannelNames: localizedList,
    serviceChannelDescriptions: localizedList,
    areas: z.array(areaSchema).nullish().transform((value) => value ?? []),
    addresses: z
      .array(
        z
          .object({
            type: z.string().nullish(),
            subType: z.string().nullish(),
            streetAddress: z
              .object({
                street: localizedList,
                streetNumber: z.string().nullish(),
                postalCode: z.string().nullish(),
                postOffice: localizedList,
                municipality: z.object({ code: z.string().nullish(), name: localizedList }).loose().nullish(),
              })
              .loose()
              .nullish(),
          })
          .loose(),
      )
      .nullish()
      .transform((value) => value ?? []),
    phoneNumbers: z
      .array(
        z
          .object({
            prefixNumber: z.string().nullish(),
            number: z.string().nullish(),
            language: z.string().nullish(),
            isFinnishServiceNumber: z.boolean().nullish(),
          })
          .loose(),
      )
      .nullish()
      .transform((value) => value ?? []),
    webPages: z
      .array(z.object({ url: z.string().nullish(), value: z.string().nullish(), language: z.string().nullish() }).loose())
      .nullish()
      .transform((value) => value ?? []),
    supportEmails: localizedList,
    serviceHours: z.array(serviceHourSchema).nullish().transform((value) => value ?? []),
    publishingStatus: z.string().nullish(),
    modified: z.string().nullish(),
  })
  .loose();
export type PtvChannel = z.infer<typeof ptvChannelSchema>;

const ptvPageSchema = z
  .object({
    pageNumber: z.number().int().nullish(),
    pageSize: z.number().int().nullish(),
    pageCount: z.number().int().min(0),
    itemList: z.array(z.unknown()).nullish().transform((value) => value ?? []),
  })
  .loose();

function textIn(list: readonly Localized[], language: Language, types?: readonly string[]): string | undefined {
  const entry = list.find(
    (candidate) =>
      itemLanguage(candidate.language) === language &&
      (!types || types.includes(candidate.type ?? "")) &&
      Boolean(candidate.value?.trim()),
  );
  return entry?.value?.trim();
}

/** Languages (fi/sv/en) in which the names list has a name. */
function nameLanguages(names: readonly Localized[]): Language[] {
  return LANGUAGES.filter((language) => textIn(names, language, NAME_TYPES) ?? textIn(names, language));
}

const NAME_TYPES = ["Name"];
const CHARGE_NOTES: Readonly<Record<string, Readonly<Record<Language, string>>>> = {
  FreeOfCharge: { fi: "Palvelu on maksuton.", sv: "Tjänsten är avgiftsfri.", en: "The service is free of charge." },
  Chargeable: { fi: "Palvelu on maksullinen.", sv: "Tjänsten är avgiftsbelagd.", en: "The service is subject to a charge." },
};
const SOURCE_TAG = "Suomi.fi-palvelutietovaranto";

/** The one municipality a record is about, when its areas or address name exactly one we know. */
function singleMunicipality(areas: PtvService["areas"], fallback?: string | null): string | undefined {
  const codes = new Set<string>();
  for (const area of areas) {
    if (area.type === "Municipality" && area.code) codes.add(area.code);
    for (const municipality of area.municipalities) if (municipality.code) codes.add(municipality.code);
  }
  if (codes.size === 1) return knownMunicipality([...codes][0]);
  if (codes.size === 0 && fallback) return knownMunicipality(fallback);
  return undefined;
}

/** Contact details a service borrows from its channels (the service itself has none in v11). */
export interface PtvChannelContact {
  readonly address?: string | undefined;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  readonly url?: string | undefined;
  readonly openingHours?: string | undefined;
  readonly municipality?: string | undefined;
}

/**
 * One canonical item input per language of a PTV service. Contact fields come from its linked
 * channels (first one that has the field in that language), since v11 services carry none.
 */
export function mapPtvService(
  service: PtvService,
  options: { contacts?: (channelId: string, language: Language) => PtvChannelContact | undefined } = {},
): Array<Record<string, unknown>> {
  const organization = (
    service.organizations.find((entry) => entry.roleType === "Responsible") ?? service.organizations[0]
  )?.organization?.name?.trim();
  const channelIds = service.serviceChannels.map((entry) => entry.serviceChannel?.id).filter((id): id is string => Boolean(id));
  const items: Array<Record<string, unknown>> = [];
  for (const language of nameLanguages(service.serviceNames)) {
    const title = textIn(service.serviceNames, language, NAME_TYPES) ?? textIn(service.serviceNames, language)!;
    // The service's own text first, else the attached general description's (GD_ types).
    const text = (types: readonly string[]) =>
      plainText(
        textIn(service.serviceDescriptions, language, types) ??
          textIn(service.serviceDescriptions, language, types.map((type) => `GD_${type}`)),
      );
    const description = joinParagraphs([
      text(["Summary"]),
      text(["Description"]),
      text(["UserInstruction", "ServiceUserInstruction"]),
      service.serviceChargeType ? CHARGE_NOTES[service.serviceChargeType]?.[language] : undefined,
    ]);
    // A language version without any description in that language is left out, not invented.
    if (!description || description === CHARGE_NOTES[service.serviceChargeType ?? ""]?.[language]) continue;
    const contacts = channelIds
      .map((id) => options.contacts?.(id, language))
      .filter((contact): contact is PtvChannelContact => contact !== undefined);
    const first = <K extends keyof PtvChannelContact>(key: K) => contacts.find((contact) => contact[key])?.[key];
    items.push({
      id: `${service.id}-${language}`,
      kind: "service",
      language,
      title,
      description,
      organization,
      municipality: singleMunicipality(service.areas) ?? (contacts.length === 1 ? contacts[0]?.municipality : undefined),
      address: first("address"),
      phone: first("phone"),
      email: first("email"),
      url: first("url"),
      openingHours: first("openingHours"),
      tags: [
        SOURCE_TAG,
        ...service.keywords.filter((keyword) => itemLanguage(keyword.language) === language).map((keyword) => keyword.value ?? ""),
      ],
    });
  }
  return items;
}

/** Channel types that are a place, a line or a page a person can use (not printable forms). */
const USABLE_CHANNEL_TYPES = new Set(["ServiceLocation", "EChannel", "Phone", "WebPage"]);

function isUsableChannel(channel: PtvChannel): boolean {
  return !channel.serviceChannelType || USABLE_CHANNEL_TYPES.has(channel.serviceChannelType);
}

/** Contact details of a channel in one language (street names fall back to Finnish). */
function channelContact(channel: PtvChannel, language: Language, today: string): PtvChannelContact {
  const address =
    channel.addresses.find((entry) => entry.type === "Location" || entry.type === "Visiting") ?? channel.addresses[0];
  const street = address?.streetAddress;
  const streetName = street ? (textIn(street.street, language) ?? textIn(street.street, "fi")) : undefined;
  const postOffice = street ? (textIn(street.postOffice, language) ?? textIn(street.postOffice, "fi")) : undefined;
  const addressText = street
    ? [
        [streetName, street.streetNumber?.trim()].filter(Boolean).join(" "),
        [street.postalCode?.trim(), postOffice].filter(Boolean).join(" "),
      ]
        .filter(Boolean)
        .join(", ")
    : undefined;
  const phoneEntry =
    channel.phoneNumbers.find((entry) => itemLanguage(entry.language) === language) ?? channel.phoneNumbers[0];
  const phone = phoneEntry?.number
    ? safePhone(`${phoneEntry.prefixNumber?.trim() ?? ""} ${phoneEntry.number.trim()}`.trim())
    : undefined;
  const web = channel.webPages.find((entry) => itemLanguage(entry.language) === language) ?? channel.webPages[0];
  const emailEntry =
    channel.supportEmails.find((entry) => itemLanguage(entry.language) === language) ?? channel.supportEmails[0];
  const hours = renderServiceHours(channel.serviceHours, language, today);
  return {
    address: addressText ? truncate(addressText, 500) : undefined,
    phone,
    email: safeEmail(emailEntry?.value),
    url: safeUrl(web?.url ?? web?.value),
    openingHours: hours,
    municipality: knownMunicipality(street?.municipality?.code) ?? singleMunicipality(channel.areas),
  };
}

/** One canonical item input per language of a service channel (a service point, line or page). */
export function mapPtvChannel(
  channel: PtvChannel,
  options: { today: string; organization?: string | undefined },
): Array<Record<string, unknown>> {
  const items: Array<Record<string, unknown>> = [];
  for (const language of nameLanguages(channel.serviceChannelNames)) {
    const title = textIn(channel.serviceChannelNames, language, NAME_TYPES) ?? textIn(channel.serviceChannelNames, language)!;
    const description = joinParagraphs([
      plainText(textIn(channel.serviceChannelDescriptions, language, ["Summary"])),
      plainText(textIn(channel.serviceChannelDescriptions, language, ["Description"])),
    ]);
    if (!description) continue;
    const contact = channelContact(channel, language, options.today);
    items.push({
      id: `${channel.id}-${language}`,
      kind: "service",
      language,
      title,
      description,
      organization: options.organization,
      municipality: contact.municipality,
      address: contact.address,
      phone: contact.phone,
      email: contact.email,
      url: contact.url,
      openingHours: contact.openingHours,
      tags: [SOURCE_TAG, ...(channel.serviceChannelType ? [CHANNEL_TYPE_TAGS[channel.serviceChannelType]?.[language] ?? ""] : [])],
    });
  }
  return items;
}

const CHANNEL_TYPE_TAGS: Readonly<Record<string, Readonly<Record<Language, string>>>> = {
  ServiceLocation: { fi: "palvelupiste", sv: "serviceställe", en: "service point" },
  EChannel: { fi: "verkkoasiointi", sv: "e-tjänst", en: "online service" },
  Phone: { fi: "puhelinpalvelu", sv: "telefontjänst", en: "phone service" },
  WebPage: { fi: "verkkosivu", sv: "webbsida", en: "web page" },
};

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
const DAY_NAMES: Readonly<Record<Language, readonly string[]>> = {
  fi: ["ma", "ti", "ke", "to", "pe", "la", "su"],
  sv: ["mån", "tis", "ons", "tor", "fre", "lör", "sön"],
  en: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
};
const WORDS: Readonly<Record<Language, { closed: string; always: string; from: string; until: string }>> = {
  fi: { closed: "suljettu", always: "avoinna aina", from: "alkaen", until: "asti" },
  sv: { closed: "stängt", always: "alltid öppet", from: "från", until: "till" },
  en: { closed: "closed", always: "open around the clock", from: "from", until: "until" },
};

function formatTime(value: string | null | undefined, language: Language): string | undefined {
  const match = /^(\d{1,2}):(\d{2})/.exec(value ?? "");
  if (!match) return undefined;
  const hours = String(Number(match[1]));
  return language === "en" ? `${hours}:${match[2]}` : `${hours}.${match[2]}`;
}

function formatDate(value: string | null | undefined, language: Language): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? "");
  if (!match) return undefined;
  const [, year, month, day] = match;
  return language === "en" ? `${year}-${month}-${day}` : `${Number(day)}.${Number(month)}.${year}`;
}

function dayRange(from: string | null | undefined, to: string | null | undefined, language: Language): string {
  const start = DAYS.indexOf((from ?? "") as (typeof DAYS)[number]);
  const end = DAYS.indexOf((to ?? "") as (typeof DAYS)[number]);
  if (start < 0) return "";
  const names = DAY_NAMES[language];
  return end > start ? `${names[start]}–${names[end]}` : names[start]!;
}

/**
 * Opening hours in one language, e.g. "ma–pe 8.00–16.00; la 10.00–14.00 · 24.12.2026 suljettu".
 * Periods that ended before `today` are left out; exceptional days are listed after the regular ones.
 */
export function renderServiceHours(hours: readonly PtvServiceHour[], language: Language, today: string): string | undefined {
  const words = WORDS[language];
  const regular: string[] = [];
  const exceptions: string[] = [];
  for (const entry of hours) {
    const validTo = entry.validTo?.slice(0, 10);
    if (validTo && validTo < today) continue;
    const exceptional = /exception/i.test(entry.serviceHourType ?? "");
    const times = entry.openingHour
      .map((hour) => {
        const days = dayRange(hour.dayFrom, hour.dayTo, language);
        const from = formatTime(hour.from, language);
        const to = formatTime(hour.to, language);
        return [days, from && to ? `${from}–${to}` : ""].filter(Boolean).join(" ");
      })
      .filter(Boolean);
    const state = entry.isAlwaysOpen ? words.always : entry.isClosed ? words.closed : times.join(", ");
    if (!state) continue;
    const note = plainText(textIn(entry.additionalInformation, language) ?? undefined);
    if (exceptional) {
      const from = formatDate(entry.validFrom, language);
      const to = formatDate(entry.validTo, language);
      const period = from && to && from !== to ? `${from}–${to}` : (from ?? "");
      exceptions.push([period, state, note ? `(${note})` : ""].filter(Boolean).join(" "));
    } else {
      const from = entry.validFrom?.slice(0, 10);
      const prefix =
        from && from > today
          ? `${formatDate(from, language)} ${words.from}: `
          : validTo && !entry.validForNow
            ? `${formatDate(validTo, language)} ${words.until}: `
            : "";
      regular.push(`${prefix}${state}${note ? ` (${note})` : ""}`);
    }
  }
  const text = [regular.join("; "), exceptions.join("; ")].filter(Boolean).join(" · ");
  return text ? truncate(text, 1000) : undefined;
}

export interface PtvAdapterOptions {
  readonly baseUrl: string;
  readonly municipalityCodes: readonly string[];
  readonly http: HttpClient;
  /** Safety stop for a paging loop that never ends (a broken `pageCount`). */
  readonly maxPages?: number | undefined;
}

/** Reads services and service channels of the configured municipalities from PTV Open API v11. */
export class PtvAdapter implements SourceAdapter {
  readonly name = "ptv";
  readonly allowEmpty = false;

  constructor(private readonly options: PtvAdapterOptions) {}

  async fetchAll(context: SourceFetchContext): Promise<SourceFetchResult> {
    const before = this.options.http.requests;
    const rejected: SourceRejection[] = [];
    const found = new Map<string, { service: PtvService; position: string }>();
    const channels = new Map<string, { channel: PtvChannel; position: string }>();
    for (const code of this.options.municipalityCodes) {
      const services = `/api/v11/Service/list/area/Municipality/code/${encodeURIComponent(code)}`;
      await this.readPages(services, context, "&serviceWithGD=true", (raw, position) => {
        const parsed = ptvServiceSchema.safeParse(raw);
        if (!parsed.success) return rejected.push(shapeRejection(raw, position, parsed.error));
        if (parsed.data.publishingStatus && parsed.data.publishingStatus !== "Published") return;
        if (!found.has(parsed.data.id)) found.set(parsed.data.id, { service: parsed.data, position });
      });
      await this.readPages(
        `/api/v11/ServiceChannel/list/area/Municipality/code/${encodeURIComponent(code)}`,
        context,
        "",
        (raw, position) => {
          const parsed = ptvChannelSchema.safeParse(raw);
          if (!parsed.success) return rejected.push(shapeRejection(raw, position, parsed.error));
          if (parsed.data.publishingStatus && parsed.data.publishingStatus !== "Published") return;
          if (!isUsableChannel(parsed.data)) return;
          if (!channels.has(parsed.data.id)) channels.set(parsed.data.id, { channel: parsed.data, position });
        },
      );
    }
    const organizationOfChannel = new Map<string, string>();
    for (const { service } of found.values()) {
      const name = (service.organizations.find((entry) => entry.roleType === "Responsible") ?? service.organizations[0])
        ?.organization?.name;
      for (const link of service.serviceChannels) {
        const id = link.serviceChannel?.id;
        if (id && name && !organizationOfChannel.has(id)) organizationOfChannel.set(id, name);
      }
    }
    const records: SourceRecord[] = [];
    for (const { service, position } of found.values()) {
      const items = mapPtvService(service, {
        contacts: (id, language) => {
          const entry = channels.get(id);
          return entry ? channelContact(entry.channel, language, context.today) : undefined;
        },
      });
      if (items.length === 0) {
        rejected.push({ position, id: service.id, field: "serviceNames", message: "no name with a description in fi, sv or en" });
      }
      for (const raw of items) records.push({ position: `${position} (${String(raw.id)})`, raw });
    }
    for (const { channel, position } of channels.values()) {
      const items = mapPtvChannel(channel, { today: context.today, organization: organizationOfChannel.get(channel.id) });
      if (items.length === 0) {
        rejected.push({ position, id: channel.id, field: "serviceChannelNames", message: "no name with a description in fi, sv or en" });
      }
      for (const raw of items) records.push({ position: `${position} (${String(raw.id)})`, raw });
    }
    return { records, rejected, requests: this.options.http.requests - before };
  }

  private async readPages(
    path: string,
    context: SourceFetchContext,
    query: string,
    onItem: (raw: unknown, position: string) => unknown,
  ): Promise<void> {
    const maxPages = this.options.maxPages ?? 500;
    for (let page = 1; ; page += 1) {
      const url = `${this.options.baseUrl.replace(/\/+$/, "")}${path}?page=${page}${query}`;
      const parsed = ptvPageSchema.safeParse(await this.options.http.getJson(url, { signal: context.signal }));
      if (!parsed.success) {
        throw new SourceFetchError(`${path} page ${page}: not a PTV page (${parsed.error.issues[0]?.message ?? "invalid"})`);
      }
      parsed.data.itemList.forEach((raw, index) => onItem(raw, `${path} page ${page} #${index + 1}`));
      if (page >= parsed.data.pageCount || parsed.data.itemList.length === 0) return;
      if (page >= maxPages) throw new SourceFetchError(`${path}: more than ${maxPages} pages; stopped`);
    }
  }
}

function shapeRejection(raw: unknown, position: string, error: z.ZodError): SourceRejection {
  const issue = error.issues[0];
  const id = raw && typeof raw === "object" && typeof (raw as { id?: unknown }).id === "string" ? (raw as { id: string }).id : undefined;
  return {
    position,
    // Both language versions of a known id keep their previous text.
    id,
    field: issue?.path.join(".") || "(record)",
    message: issue?.message ?? "not the documented shape",
  };
}
