import { randomBytes } from "node:crypto";
import { LANGUAGES, type Language } from "../../knowledge/index.js";
import { DatabaseError, type Database } from "../../platform/index.js";
import type { AlertRepository, PendingAlertItem, PendingDelivery } from "./alert-repository.js";
import { alertAddressSchema, alertFiltersSchema, type AlertSubscription } from "./subscription.js";

interface SubscriptionRow {
  id: string;
  conversation_id: string;
  person_key: string;
  channel: string;
  address: unknown;
  query: string;
  filters: unknown;
  language: string;
  email: string | null;
  email_consent_at: Date | string | null;
  email_token: string | null;
  expires_at: Date | string;
  created_at: Date | string;
}

const SUBSCRIPTION_COLUMNS =
  "id, conversation_id, person_key, channel, address, query, filters, language, email, email_consent_at, expires_at, created_at";
const SELECT_COLUMNS = `${SUBSCRIPTION_COLUMNS}, email_token`;

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/** Rows are parsed like any other input from outside the process: a bad row fails loudly. */
function toSubscription(row: SubscriptionRow): AlertSubscription {
  const language = LANGUAGES.includes(row.language as Language) ? (row.language as Language) : "fi";
  return {
    id: row.id,
    conversationId: row.conversation_id,
    personKey: row.person_key,
    channel: row.channel,
    address: alertAddressSchema.parse(typeof row.address === "string" ? JSON.parse(row.address) : row.address),
    query: row.query,
    filters: alertFiltersSchema.parse(typeof row.filters === "string" ? JSON.parse(row.filters) : row.filters),
    language,
    email: row.email ?? undefined,
    emailConsentAt: row.email_consent_at ? toDate(row.email_consent_at) : undefined,
    emailToken: row.email_token ?? undefined,
    expiresAt: toDate(row.expires_at),
    createdAt: toDate(row.created_at),
  };
}

/** `AlertRepository` over PostgreSQL or PGlite (tables of platform/migrations/0050_alerts.sql). */
export function createSqlAlertRepository(database: Database): AlertRepository {
  const guard = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DatabaseError) throw error;
      throw new DatabaseError(`Alert repository: ${what} failed`, { cause: error });
    }
  };

  return {
    create: (subscription) =>
      guard("create", async () => {
        await database.query(
          `INSERT INTO alert_subscriptions (${SUBSCRIPTION_COLUMNS})
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::jsonb, $8, $9, $10, $11, $12)`,
          [
            subscription.id,
            subscription.conversationId,
            subscription.personKey,
            subscription.channel,
            JSON.stringify(subscription.address),
            subscription.query,
            JSON.stringify(subscription.filters),
            subscription.language,
            subscription.email ?? null,
            subscription.emailConsentAt ?? null,
            subscription.expiresAt,
            subscription.createdAt,
          ],
        );
      }),

    listForConversation: (conversationId, now) =>
      guard("list", async () => {
        const result = await database.query<SubscriptionRow>(
          `SELECT ${SELECT_COLUMNS} FROM alert_subscriptions
           WHERE conversation_id = $1 AND expires_at > $2 ORDER BY created_at, id`,
          [conversationId, now],
        );
        return result.rows.map(toSubscription);
      }),

    cancel: (conversationId, subscriptionId) =>
      guard("cancel", async () => {
        const result = subscriptionId
          ? await database.query("DELETE FROM alert_subscriptions WHERE conversation_id = $1 AND id = $2", [
              conversationId,
              subscriptionId,
            ])
          : await database.query("DELETE FROM alert_subscriptions WHERE conversation_id = $1", [conversationId]);
        return result.affectedRows;
      }),

    renew: (conversationId, expiresAt, now) =>
      guard("renew", async () => {
        const result = await database.query(
          // Renewing is a fresh consent: created_at moves too, so retention (RETENTION_DAYS, counted from
          // created_at) does not delete a renewed alert before its new expiry.
          "UPDATE alert_subscriptions SET expires_at = $2, created_at = $3 WHERE conversation_id = $1 AND expires_at > $3",
          [conversationId, expiresAt, now],
        );
        return result.affectedRows;
      }),

    setEmail: (conversationId, email, consentAt) =>
      guard("set e-mail", async () => {
        const result = await database.query(
          "UPDATE alert_subscriptions SET email = $2, email_consent_at = $3, email_token = $4 WHERE conversation_id = $1",
          [conversationId, email ?? null, email ? consentAt : null, email ? randomBytes(24).toString("base64url") : null],
        );
        return result.affectedRows;
      }),

    activeSubscriptions: (now) =>
      guard("active", async () => {
        const result = await database.query<SubscriptionRow>(
          `SELECT ${SELECT_COLUMNS} FROM alert_subscriptions WHERE expires_at > $1 ORDER BY created_at, id`,
          [now],
        );
        return result.rows.map(toSubscription);
      }),

    queueItems: (entries) =>
      guard("queue", async () => {
        if (entries.length === 0) return 0;
        return database.transaction(async (client) => {
          let queued = 0;
          for (const entry of entries) {
            const result = await client.query(
              `INSERT INTO alert_items (subscription_id, conversation_id, source, item_id)
               VALUES ($1, $2, $3, $4) ON CONFLICT (subscription_id, source, item_id) DO NOTHING`,
              [entry.subscriptionId, entry.conversationId, entry.source, entry.itemId],
            );
            queued += result.affectedRows;
          }
          return queued;
        });
      }),

    pendingDeliveries: (now) =>
      guard("pending", async () => {
        const items = await database.query<{ subscription_id: string; source: string; item_id: string; person_key: string }>(
          `SELECT i.subscription_id, i.source, i.item_id, s.person_key
           FROM alert_items i JOIN alert_subscriptions s ON s.id = i.subscription_id
           WHERE i.sent_at IS NULL AND s.expires_at > $1
           ORDER BY i.created_at, i.source, i.item_id`,
          [now],
        );
        if (items.rows.length === 0) return [];
        const subscriptionIds = [...new Set(items.rows.map((row) => row.subscription_id))];
        const subscriptions = await database.query<SubscriptionRow>(
          `SELECT ${SELECT_COLUMNS} FROM alert_subscriptions WHERE id = ANY($1::text[]) ORDER BY created_at, id`,
          [subscriptionIds],
        );
        const byPerson = new Map<string, { subscriptions: AlertSubscription[]; items: PendingAlertItem[] }>();
        for (const row of subscriptions.rows) {
          const subscription = toSubscription(row);
          const entry = byPerson.get(subscription.personKey) ?? { subscriptions: [], items: [] };
          entry.subscriptions.push(subscription);
          byPerson.set(subscription.personKey, entry);
        }
        for (const row of items.rows) {
          byPerson.get(row.person_key)?.items.push({ subscriptionId: row.subscription_id, source: row.source, itemId: row.item_id });
        }
        const deliveries: PendingDelivery[] = [];
        for (const [personKey, entry] of byPerson) deliveries.push({ personKey, ...entry });
        return deliveries;
      }),

    claimDeliveryDay: (personKey, day, conversationId) =>
      guard("claim day", async () => {
        const result = await database.query(
          `INSERT INTO alert_deliveries (person_key, delivered_on, conversation_id) VALUES ($1, $2::date, $3)
           ON CONFLICT (person_key, delivered_on) DO NOTHING`,
          [personKey, day, conversationId],
        );
        return result.affectedRows === 1;
      }),

    releaseDeliveryDay: (personKey, day) =>
      guard("release day", async () => {
        await database.query("DELETE FROM alert_deliveries WHERE person_key = $1 AND delivered_on = $2::date", [
          personKey,
          day,
        ]);
      }),

    markSent: (items, sentAt) =>
      guard("mark sent", async () => {
        if (items.length === 0) return;
        await database.transaction(async (client) => {
          for (const item of items) {
            await client.query(
              `UPDATE alert_items SET sent_at = $4
               WHERE subscription_id = $1 AND source = $2 AND item_id = $3 AND sent_at IS NULL`,
              [item.subscriptionId, item.source, item.itemId, sentAt],
            );
          }
        });
      }),

    deleteExpired: (now) =>
      guard("delete expired", async () => {
        // Delivery-day rows only say "a message went out that day"; a week is enough to enforce the limit.
        await database.query("DELETE FROM alert_deliveries WHERE created_at < $1", [new Date(now.getTime() - 7 * 86_400_000)]);
        const result = await database.query("DELETE FROM alert_subscriptions WHERE expires_at <= $1", [now]);
        return result.affectedRows;
      }),

    cancelByEmailToken: (token) =>
      guard("unsubscribe", async () => {
        if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return 0;
        const result = await database.query("DELETE FROM alert_subscriptions WHERE email_token = $1", [token]);
        return result.affectedRows;
      }),

    eraseConversation: (conversationId) =>
      guard("erase", async () =>
        database.transaction(async (client) => {
          await client.query("DELETE FROM alert_items WHERE conversation_id = $1", [conversationId]);
          await client.query("DELETE FROM alert_deliveries WHERE conversation_id = $1", [conversationId]);
          const result = await client.query("DELETE FROM alert_subscriptions WHERE conversation_id = $1", [conversationId]);
          return result.affectedRows;
        }),
      ),
  };
}
