import { describeError, type Logger } from "../../platform/index.js";
import { deliverDueAlerts, queueAlertMatches, type DeliverAlertsDeps, type DeliveryReport, type ItemChanges } from "./alert-delivery.js";
import type { AlertChannel, AlertItemReader, EmailSender } from "./alert-ports.js";
import type { AlertRepository } from "./alert-repository.js";
import type { ItemScanner } from "./sql-item-scanner.js";

export interface AlertServiceDeps {
  readonly repository: AlertRepository;
  readonly items: AlertItemReader;
  readonly scanner: ItemScanner;
  /** Proactive channels by channel id ("msteams", "directline", …). */
  readonly channels: ReadonlyMap<string, AlertChannel>;
  readonly email?: EmailSender | undefined;
  readonly unsubscribeUrl?: ((token: string) => string) | undefined;
  readonly itemNotes?: DeliverAlertsDeps["itemNotes"];
  readonly logger: Logger;
  /** Between scans of the items table and delivery runs (ALERT_INTERVAL_SECONDS). */
  readonly intervalMs: number;
  readonly clock?: () => Date;
}

export interface AlertService {
  /** Called with the ids an ingest or sync wrote: queues matches and delivers at once. */
  onItemsChanged(source: string, ids: readonly string[]): Promise<void>;
  /** One scheduler round: scan for changed items, queue matches, deliver what is due. */
  runOnce(): Promise<DeliveryReport>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Job alerts in the running app. Matches are queued from direct `onItemsChanged` calls (source
 * syncs) and from a periodic scan of the items table (every other way items arrive); delivery runs
 * right after, and on each tick so that items held back by the one-message-a-day rule go out the
 * next day. Runs never overlap within an instance; across instances the database claims keep it safe.
 */
export function createAlertService(deps: AlertServiceDeps): AlertService {
  const logger = deps.logger.child({ module: "alerts" });
  const clock = deps.clock ?? (() => new Date());
  const channelFor = (channelId: string) => deps.channels.get(channelId) ?? (channelId === "webchat" ? deps.channels.get("directline") : undefined);
  const deliveryDeps = { repository: deps.repository, items: deps.items, channelFor, email: deps.email, unsubscribeUrl: deps.unsubscribeUrl, itemNotes: deps.itemNotes, logger };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  // Serialises rounds: a slow SMTP server must not let two rounds claim the same day twice.
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = running.then(work, work);
    running = next.catch(() => undefined);
    return next;
  };

  const queueAndDeliver = async (changes: readonly ItemChanges[]): Promise<DeliveryReport> => {
    const now = clock();
    if (changes.length > 0) await queueAlertMatches(deliveryDeps, { changes, now });
    return deliverDueAlerts(deliveryDeps, { now });
  };

  const service: AlertService = {
    onItemsChanged(source, ids) {
      return exclusive(async () => {
        await queueAndDeliver([{ source, ids }]);
      });
    },
    runOnce() {
      return exclusive(async () => {
        const scan = await deps.scanner.changesSinceLastScan();
        const report = await queueAndDeliver(scan.changes);
        await deps.scanner.saveWatermark(scan.scannedUntil);
        return report;
      });
    },
    start() {
      if (timer) return;
      const tick = () => {
        service.runOnce().catch((error: unknown) => logger.error({ error: describeError(error) }, "alerts.round_failed"));
      };
      // Record the starting point at once, so items ingested after start are "new".
      tick();
      timer = setInterval(tick, deps.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
  return service;
}
