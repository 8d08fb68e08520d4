import type { Config } from "../../platform/index.js";
import type { Logger } from "../../platform/index.js";
import { loadEscoMapping } from "./esco-occupations.js";
import { HttpClient, type HttpClientOptions } from "./http-client.js";
import { JsonLdJobPostingAdapter } from "./jsonld-jobposting-adapter.js";
import { KonfoAdapter } from "./konfo-adapter.js";
import { PtvAdapter } from "./ptv-adapter.js";
import type { SourceAdapter } from "./source-adapter.js";
import { TyomarkkinatoriAdapter } from "./tyomarkkinatori-adapter.js";
import type { ScheduledSource } from "../sync-scheduler.js";

export const SOURCE_NAMES = ["ptv", "tyomarkkinatori", "konfo", "jsonld"] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/** Adapters of the configured sources, and why the others are off. */
export interface SourceAdapters {
  readonly adapters: ReadonlyMap<string, SourceAdapter>;
  readonly unavailable: ReadonlyMap<string, string>;
}

/** Builds the adapters from configuration; `http` overrides are for tests (fast back-off). */
export function createSourceAdapters(
  config: Config,
  options: { logger?: Logger | undefined; http?: Partial<HttpClientOptions> | undefined } = {},
): SourceAdapters {
  const http = () =>
    new HttpClient({
      timeoutMs: config.SYNC_HTTP_TIMEOUT_MS,
      maxRetries: config.SYNC_HTTP_RETRIES,
      userAgent: `Lahituki-sync/0.1 (+${config.PUBLIC_BASE_URL})`,
      logger: options.logger,
      ...options.http,
    });
  const adapters = new Map<string, SourceAdapter>();
  const unavailable = new Map<string, string>();
  adapters.set("ptv", new PtvAdapter({ baseUrl: config.PTV_BASE_URL, municipalityCodes: config.PTV_MUNICIPALITY_CODES, http: http() }));
  if (config.TMT_SUBSCRIPTION_KEY) {
    adapters.set(
      "tyomarkkinatori",
      new TyomarkkinatoriAdapter({
        baseUrl: config.TMT_BASE_URL,
        subscriptionKey: config.TMT_SUBSCRIPTION_KEY,
        municipalityCodes: config.TMT_MUNICIPALITY_CODES,
        escoMapping: loadEscoMapping({ csvFile: config.ESCO_OCCUPATIONS_CSV }),
        http: http(),
      }),
    );
  } else {
    unavailable.set("tyomarkkinatori", "TMT_SUBSCRIPTION_KEY is not set (credentials come from KEHA-keskus)");
  }
  adapters.set("konfo", new KonfoAdapter({ baseUrl: config.KONFO_BASE_URL, municipalityCodes: config.KONFO_MUNICIPALITY_CODES, http: http() }));
  if (config.JSONLD_URLS.length > 0) {
    adapters.set("jsonld", new JsonLdJobPostingAdapter({ locations: config.JSONLD_URLS, http: http() }));
  } else {
    unavailable.set("jsonld", "JSONLD_URLS is empty");
  }
  return { adapters, unavailable };
}

/** Interval of each configured source: its own override, else SYNC_INTERVAL_MINUTES. */
export function scheduledSources(config: Config, configured: Iterable<string>): ScheduledSource[] {
  const overrides: Readonly<Record<SourceName, number | undefined>> = {
    ptv: config.PTV_SYNC_INTERVAL_MINUTES,
    tyomarkkinatori: config.TMT_SYNC_INTERVAL_MINUTES,
    konfo: config.KONFO_SYNC_INTERVAL_MINUTES,
    jsonld: config.JSONLD_SYNC_INTERVAL_MINUTES,
  };
  return [...configured].map((name) => ({
    name,
    intervalMinutes: overrides[name as SourceName] ?? config.SYNC_INTERVAL_MINUTES,
  }));
}
