import type { AlertSubscription } from "./subscription.js";

/** An item queued for a subscription and not yet sent. */
export interface PendingAlertItem {
  readonly subscriptionId: string;
  readonly source: string;
  readonly itemId: string;
}

/** What one person is owed: their live subscriptions with queued items, oldest subscription first. */
export interface PendingDelivery {
  readonly personKey: string;
  readonly subscriptions: readonly AlertSubscription[];
  readonly items: readonly PendingAlertItem[];
}

/**
 * Persistence of job alerts. Implemented once over SQL for PGlite and PostgreSQL
 * (sql-alert-repository.ts). Cancelling and expiry delete rows: nothing is kept "just in case".
 */
export interface AlertRepository {
  create(subscription: AlertSubscription): Promise<void>;
  /** Live (unexpired) subscriptions of one conversation, oldest first. */
  listForConversation(conversationId: string, now: Date): Promise<AlertSubscription[]>;
  /** Deletes one subscription (by id) or all of a conversation's; returns how many were removed. */
  cancel(conversationId: string, subscriptionId?: string): Promise<number>;
  /** Moves the expiry of a conversation's live subscriptions to `expiresAt`; returns how many. */
  renew(conversationId: string, expiresAt: Date, now: Date): Promise<number>;
  /** Sets (or with undefined clears) the e-mail of a conversation's subscriptions, with the consent time. */
  setEmail(conversationId: string, email: string | undefined, consentAt: Date): Promise<number>;
  /** Every live subscription (for matching a batch of new items). */
  activeSubscriptions(now: Date): Promise<AlertSubscription[]>;
  /**
   * Queues matched items. An item already queued or sent for a subscription is ignored, which is
   * what guarantees that no item is ever repeated. Returns how many were newly queued.
   */
  queueItems(entries: ReadonlyArray<PendingAlertItem & { readonly conversationId: string }>): Promise<number>;
  /** Queued items of live subscriptions, grouped by person. */
  pendingDeliveries(now: Date): Promise<PendingDelivery[]>;
  /**
   * Claims the person's one alert message of `day` (Helsinki date). False when it was already
   * claimed, by this or another app instance.
   */
  claimDeliveryDay(personKey: string, day: string, conversationId: string): Promise<boolean>;
  /** Gives the day back when nothing could be sent. */
  releaseDeliveryDay(personKey: string, day: string): Promise<void>;
  /** Marks queued items as sent (or dropped, for items that closed meanwhile). */
  markSent(items: readonly PendingAlertItem[], sentAt: Date): Promise<void>;
  /** Deletes expired subscriptions and their queue; returns how many subscriptions went. */
  deleteExpired(now: Date): Promise<number>;
  /** Deletes the alerts behind an e-mail's unsubscribe link; returns how many. */
  cancelByEmailToken(token: string): Promise<number>;
  /** Removes everything of one conversation (privacy erasure). */
  eraseConversation(conversationId: string): Promise<number>;
}
