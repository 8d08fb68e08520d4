import type { KnowledgeStore } from "../../knowledge/index.js";
import type { Searcher } from "../../knowledge/index.js";
import { shortageListFor, shortageMark, type ShortageStore } from "../../knowledge/index.js";
import { distanceLabel } from "../../knowledge/index.js";
import { createSqlShortageStore } from "../../knowledge/index.js";
import type { Config, Database, Logger } from "../../platform/index.js";
import type { AlertChannel, EmailSender } from "./alert-ports.js";
import type { AlertRepository } from "./alert-repository.js";
import { createAlertService, type AlertService } from "./alert-service.js";
import { createSqlHomeStore } from "../commute/home-store.js";
import { createMobility, type MobilityPort } from "../mobility.js";
import { createSmtpEmailSender } from "./smtp-email-sender.js";
import { createSqlAlertRepository } from "./sql-alert-repository.js";
import { createSqlItemScanner } from "./sql-item-scanner.js";
import { createSqlOccupationItemFinder } from "../commute/sql-occupation-items.js";
import { createTeamsAlertChannel } from "./teams-alert-channel.js";
import { createUnsubscribeRouter, UNSUBSCRIBE_PATH } from "./unsubscribe-router.js";
import type { Router } from "express";

export interface AlertsModule {
  /** Turn interceptor and search-reply enricher for the conversation core. */
  readonly mobility: MobilityPort;
  readonly service: AlertService;
  readonly repository: AlertRepository;
  readonly shortage: ShortageStore;
  /** The SMTP sender (SMTP_URL), shared with other capabilities that e-mail people; undefined without SMTP. */
  readonly email: EmailSender | undefined;
  /** The e-mail unsubscribe page, for the app's route modules. */
  readonly routes: ReadonlyArray<{ readonly path: string; readonly router: Router }>;
  /** Registers a proactive channel (the Direct Line one is built after the bot). */
  addChannel(channelId: string, channel: AlertChannel): void;
  start(): void;
  stop(): Promise<void>;
}

/**
 * The alerts capability for the composition root: job alerts (repository, delivery service with Teams, web and
 * e-mail channels), commute-aware answers and shortage guidance. Tests pass their own e-mail sender
 * and Teams channel.
 */
export function createAlertsModule(options: {
  readonly config: Config;
  readonly database: Database;
  readonly store: KnowledgeStore;
  readonly searcher: Searcher;
  readonly logger: Logger;
  readonly email?: EmailSender | undefined;
  readonly teamsChannel?: AlertChannel | undefined;
  readonly clock?: () => Date;
}): AlertsModule {
  const { config, database, logger } = options;
  const repository = createSqlAlertRepository(database);
  const shortage = cachedShortageStore(createSqlShortageStore(database), 30_000);
  const smtp = options.email ?? (config.SMTP_URL ? createSmtpEmailSender({ url: config.SMTP_URL, from: config.SMTP_FROM }) : undefined);
  const channels = new Map<string, AlertChannel>();
  const teams = options.teamsChannel ?? createTeamsAlertChannel({ config, logger: logger.child({ module: "alerts" }) });
  if (teams) channels.set("msteams", teams);
  const homes = createSqlHomeStore(database);
  const mobility = createMobility({
    repository,
    ttlDays: config.ALERT_TTL_DAYS,
    emailEnabled: smtp !== undefined,
    searcher: options.searcher,
    shortage,
    homes,
    occupationItems: createSqlOccupationItemFinder(database),
    items: options.store,
    logger,
    minScore: config.ANSWER_MIN_SCORE,
    nearKm: config.COMMUTE_NEAR_KM,
  });
  const service = createAlertService({
    repository,
    items: options.store,
    scanner: createSqlItemScanner(database),
    channels,
    email: smtp,
    // Alerts carry the same marks as answers: distance from the told home, shortage occupation.
    itemNotes: async ({ conversationId, items, language }) => {
      const [home, lists] = await Promise.all([homes.get(conversationId), shortage.lists()]);
      const notes = new Map<string, string[]>();
      for (const item of items) {
        const lines: string[] = [];
        const distance = home.municipality ? distanceLabel(home.municipality, item.municipality, language) : undefined;
        if (distance) lines.push(`📍 ${distance}`);
        const list = item.kind === "vacancy" ? shortageListFor(lists, { occupation: item.occupation, municipalityCode: item.municipality }) : undefined;
        if (list) lines.push(`⚑ ${shortageMark(list, language)}`);
        if (lines.length > 0) notes.set(item.id, lines);
      }
      return notes;
    },
    unsubscribeUrl: (token) => `${config.PUBLIC_BASE_URL.replace(/\/+$/, "")}${UNSUBSCRIBE_PATH}/${token}`,
    logger,
    intervalMs: config.ALERT_INTERVAL_SECONDS * 1000,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    mobility,
    service,
    repository,
    shortage,
    email: smtp,
    routes: [{ path: UNSUBSCRIBE_PATH, router: createUnsubscribeRouter({ repository, logger }) }],
    addChannel(channelId, channel) {
      channels.set(channelId, channel);
    },
    start() {
      service.start();
    },
    async stop() {
      await service.stop();
      if (smtp && "close" in smtp && typeof smtp.close === "function") smtp.close();
    },
  };
}

/**
 * Every search answer reads the shortage lists; they change a few times a year. Cached briefly, and
 * cleared by this instance's own saves so an admin's change shows in the very next answer (other
 * instances within `ttlMs`).
 */
function cachedShortageStore(store: ShortageStore, ttlMs: number): ShortageStore {
  let cached: { lists: Promise<Awaited<ReturnType<ShortageStore["lists"]>>>; at: number } | undefined;
  return {
    lists() {
      const now = Date.now();
      if (!cached || now - cached.at > ttlMs) {
        const lists = store.lists();
        cached = { lists, at: now };
        lists.catch(() => {
          cached = undefined;
        });
      }
      return cached.lists;
    },
    async replace(list) {
      cached = undefined;
      const saved = await store.replace(list);
      cached = undefined;
      return saved;
    },
  };
}
