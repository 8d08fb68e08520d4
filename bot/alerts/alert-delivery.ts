import { helsinkiDate } from "../../knowledge/index.js";
import type { StoredItem } from "../../knowledge/index.js";
import { describeError, type Logger } from "../../platform/index.js";
import type { AlertRepository, PendingAlertItem, PendingDelivery } from "./alert-repository.js";
import { buildAlertReply, buildAlertEmail, MAX_ITEMS_PER_MESSAGE, type AlertGroup } from "./alert-messages.js";
import type { AlertChannel, AlertItemReader, EmailSender } from "./alert-ports.js";
import { deliveryDay, expiresSoon, isOpenOn, matchesSubscription, type AlertSubscription } from "./subscription.js";

/** Ids written per source by an ingest or a sync (`IngestSummary.changed`, `onItemsChanged`). */
export interface ItemChanges {
  readonly source: string;
  readonly ids: readonly string[];
}

export interface QueueAlertsDeps {
  readonly repository: AlertRepository;
  readonly items: AlertItemReader;
  readonly logger: Logger;
}

/**
 * Matches items that an ingest or sync just wrote against every live subscription and queues the
 * matches. Queuing is idempotent per (subscription, item), so an item that is updated or
 * re-imported later is never sent again.
 */
export async function queueAlertMatches(
  deps: QueueAlertsDeps,
  options: { readonly changes: readonly ItemChanges[]; readonly now: Date },
): Promise<{ readonly matched: number; readonly queued: number }> {
  const ids = options.changes.flatMap((change) => change.ids.map((id) => ({ source: change.source, id })));
  if (ids.length === 0) return { matched: 0, queued: 0 };
  const subscriptions = await deps.repository.activeSubscriptions(options.now);
  if (subscriptions.length === 0) return { matched: 0, queued: 0 };
  const today = helsinkiDate(options.now);
  const entries: Array<PendingAlertItem & { conversationId: string }> = [];
  for (const { source, id } of ids) {
    const item = await deps.items.getItem(source, id);
    if (!item || !isOpenOn(item, today)) continue;
    for (const subscription of subscriptions) {
      // Only items written after the person subscribed are new to them.
      if (Date.parse(item.updatedAt) < subscription.createdAt.getTime()) continue;
      if (matchesSubscription(subscription, item, { today })) {
        entries.push({ subscriptionId: subscription.id, conversationId: subscription.conversationId, source, itemId: id });
      }
    }
  }
  const queued = await deps.repository.queueItems(entries);
  deps.logger.info({ changed: ids.length, matched: entries.length, queued }, "alerts.queued");
  return { matched: entries.length, queued };
}

export interface DeliverAlertsDeps {
  readonly repository: AlertRepository;
  readonly items: AlertItemReader;
  /** The proactive channel for an address's `channelId` (msteams, directline, webchat…). */
  readonly channelFor: (channelId: string) => AlertChannel | undefined;
  /** Absent when SMTP is not configured: e-mail copies are then skipped. */
  readonly email?: EmailSender | undefined;
  /** Extra lines per item (distance from the person's home, shortage mark); failures only drop them. */
  readonly itemNotes?:
    | ((input: { conversationId: string; items: readonly StoredItem[]; language: AlertSubscription["language"] }) => Promise<ReadonlyMap<string, readonly string[]>>)
    | undefined;
  /** Builds the e-mail's unsubscribe link from its token (PUBLIC_BASE_URL/alerts/unsubscribe/TOKEN). */
  readonly unsubscribeUrl?: ((token: string) => string) | undefined;
  readonly logger: Logger;
}

export interface DeliveryReport {
  /** People who got a message now. */
  readonly delivered: number;
  readonly emailed: number;
  /** People with queued items who already had today's message. */
  readonly waiting: number;
  readonly failed: number;
  readonly expiredRemoved: number;
}

/**
 * Sends each person with queued items at most one message per Helsinki day: the day is claimed in
 * the database first, so two app instances cannot both send. Items that closed meanwhile are
 * dropped; when the chat channel fails the day is released and the items stay queued for a retry.
 */
export async function deliverDueAlerts(deps: DeliverAlertsDeps, options: { readonly now: Date }): Promise<DeliveryReport> {
  const expiredRemoved = await deps.repository.deleteExpired(options.now);
  const pending = await deps.repository.pendingDeliveries(options.now);
  let delivered = 0;
  let emailed = 0;
  let waiting = 0;
  let failed = 0;
  for (const person of pending) {
    const outcome = await deliverToPerson(deps, person, options.now);
    if (outcome.status === "delivered") delivered += 1;
    if (outcome.status === "waiting") waiting += 1;
    if (outcome.status === "failed") failed += 1;
    if (outcome.emailed) emailed += 1;
  }
  if (pending.length > 0 || expiredRemoved > 0) {
    deps.logger.info({ people: pending.length, delivered, emailed, waiting, failed, expiredRemoved }, "alerts.delivery_run");
  }
  return { delivered, emailed, waiting, failed, expiredRemoved };
}

type PersonOutcome = { status: "delivered" | "waiting" | "failed" | "nothing"; emailed: boolean };

async function deliverToPerson(deps: DeliverAlertsDeps, person: PendingDelivery, now: Date): Promise<PersonOutcome> {
  const today = helsinkiDate(now);
  const day = deliveryDay(now);
  const newest = person.subscriptions[person.subscriptions.length - 1];
  if (!newest) return { status: "nothing", emailed: false };
  const claimed = await deps.repository.claimDeliveryDay(person.personKey, day, newest.conversationId);
  if (!claimed) return { status: "waiting", emailed: false };

  const closed: PendingAlertItem[] = [];
  const open: Array<{ pending: PendingAlertItem; item: StoredItem }> = [];
  for (const pending of person.items) {
    const item = await deps.items.getItem(pending.source, pending.itemId);
    if (item && isOpenOn(item, today)) open.push({ pending, item });
    else closed.push(pending);
  }
  if (closed.length > 0) await deps.repository.markSent(closed, now);
  if (open.length === 0) {
    await deps.repository.releaseDeliveryDay(person.personKey, day);
    return { status: "nothing", emailed: false };
  }
  const shown = dedupeByItem(open).slice(0, MAX_ITEMS_PER_MESSAGE);
  const shownKeys = new Set(shown.map((entry) => itemKey(entry.pending)));
  // The same item matched by two subscriptions is shown once; both queue rows count as sent.
  const sentRows = open.filter((entry) => shownKeys.has(itemKey(entry.pending))).map((entry) => entry.pending);
  const deferredCount = new Set(open.map((entry) => itemKey(entry.pending))).size - shown.length;
  const groups = groupBySubscription(person.subscriptions, shown);
  const language = newest.language;
  const soonest = person.subscriptions.filter((subscription) => expiresSoon(subscription, now)).map((subscription) => subscription.expiresAt);
  const expiresAt = soonest.length > 0 ? new Date(Math.min(...soonest.map((date) => date.getTime()))) : undefined;
  let notes: ReadonlyMap<string, readonly string[]> | undefined;
  try {
    notes = await deps.itemNotes?.({ conversationId: newest.conversationId, items: shown.map((entry) => entry.item), language });
  } catch (error) {
    deps.logger.warn({ error: describeError(error) }, "alerts.item_notes_failed");
  }
  const message = { language, groups, deferredCount, expiresAt, notes };

  const channel = deps.channelFor(newest.address.channelId);
  let chatSent = false;
  if (channel) {
    try {
      await channel.sendToConversation(newest.address, [buildAlertReply(message)]);
      chatSent = true;
    } catch (error) {
      deps.logger.warn({ channel: newest.channel, error: describeError(error) }, "alerts.channel_send_failed");
    }
  } else {
    deps.logger.warn({ channel: newest.channel }, "alerts.no_channel");
  }
  const withEmail = person.subscriptions.find((subscription) => subscription.email && subscription.emailConsentAt);
  const email = withEmail?.email;
  let emailed = false;
  if (email && deps.email) {
    try {
      const unsubscribeUrl = withEmail?.emailToken && deps.unsubscribeUrl ? deps.unsubscribeUrl(withEmail.emailToken) : undefined;
      await deps.email.send(buildAlertEmail({ ...message, to: email, unsubscribeUrl }));
      emailed = true;
    } catch (error) {
      deps.logger.warn({ error: describeError(error) }, "alerts.email_send_failed");
    }
  }
  if (!chatSent && !emailed) {
    await deps.repository.releaseDeliveryDay(person.personKey, day);
    return { status: "failed", emailed: false };
  }
  await deps.repository.markSent(sentRows, now);
  return { status: "delivered", emailed };
}

function itemKey(item: Pick<PendingAlertItem, "source" | "itemId">): string {
  return `${item.source}\u0000${item.itemId}`;
}

function dedupeByItem<T extends { pending: PendingAlertItem }>(entries: readonly T[]): T[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const key = itemKey(entry.pending);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function groupBySubscription(
  subscriptions: readonly AlertSubscription[],
  shown: ReadonlyArray<{ pending: PendingAlertItem; item: StoredItem }>,
): AlertGroup[] {
  const groups: AlertGroup[] = [];
  for (const subscription of subscriptions) {
    const items = shown.filter((entry) => entry.pending.subscriptionId === subscription.id).map((entry) => entry.item);
    if (items.length > 0) groups.push({ subscription, items });
  }
  return groups;
}
