import { buildAlertEmailCard, buildAlertListCard, buildNotifyMeCard } from "../../adaptive-cards/index.js";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { DEFAULT_NEAR_RADIUS_KM } from "../../knowledge/index.js";
import type { ItemKind, Language } from "../../knowledge/index.js";
import { municipalityCode } from "../../knowledge/index.js";
import { understandQuery } from "../../knowledge/index.js";
import { loadVocabulary } from "../../knowledge/index.js";
import { redactText } from "../../platform/index.js";
import type { AlertCommand } from "./alert-commands.js";
import type { AlertRepository } from "./alert-repository.js";
import type { AlertReply } from "./alert-ports.js";
import { alertTexts, describeSubscription } from "./alert-texts.js";
import { expiryFrom, newSubscription, type AlertAddress, type AlertFilters, type AlertSubscription } from "./subscription.js";

export interface AlertTurnDeps {
  readonly repository: AlertRepository;
  /** ALERT_TTL_DAYS: a subscription's lifetime, renewable. */
  readonly ttlDays: number;
  /** Whether SMTP is configured; the e-mail offer is only made when it is. */
  readonly emailEnabled: boolean;
  /** Per conversation, to keep one person from creating hundreds. Default 10. */
  readonly maxPerConversation?: number;
  readonly newId?: () => string;
}

/** The search a "notify me" refers to (the conversation's last search). */
export interface LastSearch {
  readonly query: string;
  readonly kind?: ItemKind | undefined;
  /** Statistics Finland code. */
  readonly municipality?: string | undefined;
  readonly employmentType?: string | undefined;
}

export interface AlertTurnContext {
  readonly language: Language;
  readonly address: AlertAddress;
  readonly lastSearch?: LastSearch | undefined;
  readonly now: Date;
}

type Card = AlertReply["cards"][number];

function reply(language: Language, text: string, cards: readonly Card[] = [], outcome: "help" | "clarify" = "help"): AlertReply {
  return {
    kind: "message",
    replyId: randomUUID(),
    text,
    language,
    // Alert management is a function of the bot, like help: it cites no knowledge.
    outcome,
    sources: [],
    citations: [],
    cards,
    suggestedActions: [],
    feedback: false,
    generated: false,
  };
}

function channelKind(address: AlertAddress): "web" | "teams" | "other" {
  if (address.channelId === "msteams") return "teams";
  if (address.channelId === "directline" || address.channelId === "webchat") return "web";
  return "other";
}

/** Filters for a query typed in words: kind, place and ISCO occupations from the query understanding. */
export function filtersFromWords(query: string, fallback?: LastSearch): AlertFilters {
  const understanding = understandQuery(query, loadVocabulary());
  const occupations = [
    ...new Set(
      understanding.groups.flatMap((group) => group.entryKeys).filter((key) => key.startsWith("isco:")).map((key) => key.slice(5)),
    ),
  ].slice(0, 10);
  const municipality = understanding.municipality?.code ?? fallback?.municipality;
  return {
    kind: understanding.kinds[0] ?? fallback?.kind ?? "vacancy",
    ...(municipality ? { municipality } : {}),
    ...(understanding.municipality?.near ? { nearKm: DEFAULT_NEAR_RADIUS_KM } : {}),
    ...(occupations.length > 0 ? { occupations } : {}),
    ...(fallback?.employmentType ? { employmentType: fallback.employmentType } : {}),
  };
}

function sameSubscription(left: Pick<AlertSubscription, "query" | "filters">, right: Pick<AlertSubscription, "query" | "filters">): boolean {
  const normalise = (text: string) => text.toLocaleLowerCase("fi").replace(/\s+/g, " ").trim();
  return (
    normalise(left.query) === normalise(right.query) &&
    left.filters.kind === right.filters.kind &&
    left.filters.municipality === right.filters.municipality
  );
}

function listCard(subscriptions: readonly AlertSubscription[], language: Language): Card {
  return buildAlertListCard({
    language,
    alerts: subscriptions.map((subscription) => ({ id: subscription.id, description: describeSubscription(subscription, language) })),
    cancelLabel: alertTexts.cancelButton[language],
    cancelAllLabel: alertTexts.cancelAllButton[language],
    renewLabel: alertTexts.renewButton[language],
  });
}

function emailCard(language: Language): Card {
  return buildAlertEmailCard({
    language,
    offer: alertTexts.emailOffer(language),
    emailLabel: alertTexts.emailLabel[language],
    consentLabel: alertTexts.emailConsentLabel(language),
    buttonLabel: alertTexts.emailButton[language],
  });
}

/** A card with the "notify me" button (`Action.Submit` data `{"action":"subscribeAlert"}`) for vacancy and training answers. */
export function notifyMeCard(language: Language): Card {
  return buildNotifyMeCard({ language, text: alertTexts.notifyMeQuestion[language], buttonLabel: alertTexts.notifyMe[language] });
}

const emailSchema = z.email().max(320);

/**
 * Carries out an alert command of one turn and returns the replies. Subscribing stores only the
 * query, its filters, the language and the address; listing, cancelling and renewing are one step.
 */
export async function handleAlertCommand(
  deps: AlertTurnDeps,
  command: AlertCommand,
  context: AlertTurnContext,
): Promise<AlertReply[]> {
  const { language, address, now } = context;
  const conversationId = address.conversationId;
  switch (command.type) {
    case "subscribe": {
      let query: string;
      let filters: AlertFilters;
      const last = context.lastSearch;
      if (command.fromButton || (command.likeLast && last)) {
        const base = command.filters?.query ? undefined : last;
        query = command.filters?.query ?? base?.query ?? "";
        if (!query && !base) return [reply(language, alertTexts.whatToSubscribe(language), [], "clarify")];
        const municipality = command.filters?.municipality ? municipalityCode(command.filters.municipality) : base?.municipality;
        filters = {
          ...filtersFromWords(query, base),
          ...(command.filters?.kind ? { kind: command.filters.kind } : base?.kind ? { kind: base.kind } : {}),
          ...(municipality ? { municipality } : {}),
        };
      } else {
        query = command.query;
        // "Like this" without an earlier search, or a bare "notify me": ask what about.
        if (!query || command.likeLast) return [reply(language, alertTexts.whatToSubscribe(language), [], "clarify")];
        filters = filtersFromWords(query);
      }
      query = redactText(query).slice(0, 300);
      const existing = await deps.repository.listForConversation(conversationId, now);
      const draft = { query, filters };
      const duplicate = existing.find((subscription) => sameSubscription(subscription, draft));
      if (duplicate) return [reply(language, alertTexts.alreadySubscribed(language, describeSubscription(duplicate, language)))];
      const limit = deps.maxPerConversation ?? 10;
      if (existing.length >= limit) return [reply(language, alertTexts.tooMany(language, limit))];
      const subscription = newSubscription({
        id: deps.newId?.() ?? randomUUID(),
        address,
        query,
        filters,
        language,
        now,
        ttlDays: deps.ttlDays,
      });
      await deps.repository.create(subscription);
      const hasEmail = existing.some((candidate) => candidate.email);
      const text = alertTexts.subscribed(language, describeSubscription(subscription, language), subscription.expiresAt, channelKind(address));
      return [reply(language, text, deps.emailEnabled && !hasEmail ? [emailCard(language)] : [])];
    }
    case "list": {
      const subscriptions = await deps.repository.listForConversation(conversationId, now);
      if (subscriptions.length === 0) return [reply(language, alertTexts.noAlerts(language))];
      const text = alertTexts.list(
        language,
        subscriptions.map((subscription) => describeSubscription(subscription, language)),
        subscriptions.map((subscription) => subscription.expiresAt),
      );
      return [reply(language, text, [listCard(subscriptions, language)])];
    }
    case "cancel-all": {
      const subscriptions = await deps.repository.listForConversation(conversationId, now);
      await deps.repository.cancel(conversationId);
      return [reply(language, alertTexts.cancelledAll(language, subscriptions.map((subscription) => describeSubscription(subscription, language))))];
    }
    case "cancel-one": {
      const subscriptions = await deps.repository.listForConversation(conversationId, now);
      const target = subscriptions.find((subscription) => subscription.id === command.subscriptionId);
      if (!target) return [reply(language, alertTexts.noAlerts(language))];
      await deps.repository.cancel(conversationId, target.id);
      return [reply(language, alertTexts.cancelledOne(language, describeSubscription(target, language)))];
    }
    case "renew": {
      const expiresAt = expiryFrom(now, deps.ttlDays);
      const count = await deps.repository.renew(conversationId, expiresAt, now);
      return [reply(language, alertTexts.renewed(language, count, expiresAt))];
    }
    case "email": {
      const valid = command.email !== undefined && emailSchema.safeParse(command.email).success;
      if (!valid || !command.consent) return [reply(language, alertTexts.emailRejected(language))];
      const count = await deps.repository.setEmail(conversationId, command.email, now);
      if (count === 0) return [reply(language, alertTexts.noAlerts(language))];
      return [reply(language, alertTexts.emailSaved(language))];
    }
  }
}
