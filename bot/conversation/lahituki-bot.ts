import { createHash } from "node:crypto";
import {
  ActivityHandler,
  ActivityTypes,
  ConversationState,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Storage,
  type TurnContext,
} from "botbuilder";
import { isVacancyFormCard } from "../../adaptive-cards/index.js";
import { municipalityCode, type Language } from "../../knowledge/index.js";
import type { Logger } from "../../platform/index.js";
import type { AnalyticsRepository } from "./analytics-repository.js";
import type { BotReply } from "./bot-reply.js";
import { fixedReply } from "./compose-reply.js";
import { handleTurn, type TurnDeps, type TurnResult } from "./handle-turn.js";
import { parseShownItems } from "./item-question.js";
import { EMPTY_MEMORY, type ConversationMemory } from "./memory.js";
import type { ConversationAddress, ReplyDecorator, TurnOutcomeEvent, TurnOutcomeHook } from "./ports.js";
import { parseFeedbackAction, toActivity } from "./reply-activity.js";

/** `channelData` key under which the web chat channel passes its client-address hash. */
export const CLIENT_KEY_FIELD = "lahitukiClientKey";

export interface LahitukiBotDeps {
  readonly turn: TurnDeps;
  readonly storage: Storage;
  readonly analytics?: AnalyticsRepository | undefined;
  /** Run after each turn (analytics is built in; alerts can add theirs). */
  readonly onTurnOutcome?: readonly TurnOutcomeHook[] | undefined;
  readonly decorators?: readonly ReplyDecorator[] | undefined;
  readonly logger: Logger;
}

/** Page settings a web chat sends when it starts (embed attribute, chosen language). */
interface ChannelHints {
  readonly municipality?: string | undefined;
  readonly language?: Language | undefined;
}

function readHints(channelData: unknown): ChannelHints {
  if (!channelData || typeof channelData !== "object") return {};
  const lahituki = (channelData as Record<string, unknown>).lahituki;
  if (!lahituki || typeof lahituki !== "object") return {};
  const record = lahituki as Record<string, unknown>;
  const municipality = typeof record.municipality === "string" ? municipalityCode(record.municipality.slice(0, 60)) : undefined;
  const language = record.language === "fi" || record.language === "sv" || record.language === "en" ? record.language : undefined;
  return { municipality, language };
}

/**
 * The one ActivityHandler every channel (Direct Line web chat, Teams) runs. A thin adapter: it
 * loads and saves the conversation memory, calls the channel-neutral `handleTurn`, sends the
 * replies, and records outcomes and feedback.
 */
export class LahitukiBot extends ActivityHandler {
  private readonly conversationState: ConversationState;
  private readonly memoryProperty;
  /** Turns of one conversation run one after another on this instance (state etags cover others). */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly deps: LahitukiBotDeps) {
    super();
    this.conversationState = new ConversationState(deps.storage);
    this.memoryProperty = this.conversationState.createProperty<ConversationMemory>("memory");

    this.onMessage(async (context, next) => {
      await this.serialised(context, async () => {
        await this.messageTurn(context);
      });
      await next();
    });
    this.onEvent(async (context, next) => {
      await this.serialised(context, () => this.eventTurn(context));
      await next();
    });
  }

  private async serialised(context: TurnContext, work: () => Promise<void>): Promise<void> {
    const key = context.activity.conversation?.id ?? "";
    const previous = this.queues.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(work);
    const settled = current.catch(() => undefined);
    this.queues.set(key, settled);
    try {
      await current;
    } finally {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    }
  }

  private address(context: TurnContext): ConversationAddress {
    const activity = context.activity;
    return {
      channelId: activity.channelId,
      conversationId: activity.conversation.id,
      userId: activity.from?.id,
      serviceUrl: activity.serviceUrl,
      channelData: activity.channelData && typeof activity.channelData === "object" ? { tenant: (activity.channelData as Record<string, unknown>).tenant } : undefined,
    };
  }

  /** See TurnInput.clientKey: the Direct Line router's hash, or a hash of the Teams user. */
  private clientKey(context: TurnContext): string | undefined {
    const activity = context.activity;
    if (activity.channelId === "msteams") {
      const user = activity.from?.aadObjectId ?? activity.from?.id;
      return user ? createHash("sha256").update(`teams:${user}`).digest("hex").slice(0, 32) : undefined;
    }
    const channelData = activity.channelData as Record<string, unknown> | undefined;
    const key = channelData?.[CLIENT_KEY_FIELD];
    return typeof key === "string" && /^[0-9a-f]{32}$/.test(key) ? key : undefined;
  }

  private async loadMemory(context: TurnContext): Promise<ConversationMemory> {
    const memory = (await this.memoryProperty.get(context, { ...EMPTY_MEMORY })) ?? EMPTY_MEMORY;
    const hints = readHints(context.activity.channelData);
    return {
      ...EMPTY_MEMORY,
      ...memory,
      preferMunicipality: memory.preferMunicipality ?? hints.municipality,
      language: memory.language ?? hints.language,
      // Stored JSON from an older version or another instance: keep only what still fits.
      lastResults: parseShownItems(memory.lastResults),
    };
  }

  private async saveMemory(context: TurnContext, memory: ConversationMemory): Promise<void> {
    await this.memoryProperty.set(context, memory);
    try {
      await this.conversationState.saveChanges(context, false);
    } catch (error) {
      // Another instance wrote this conversation meanwhile: last writer wins for this small state.
      this.deps.logger.warn({ err: error, conversationId: context.activity.conversation.id }, "conversation.state_conflict");
      await this.conversationState.saveChanges(context, true);
    }
  }

  /** Sends the replies; returns the channel's activity id for each reply id. */
  private async send(
    context: TurnContext,
    replies: readonly BotReply[],
    event: Omit<TurnOutcomeEvent, "address"> | undefined,
  ): Promise<Map<string, string>> {
    const decorated = replies.map((reply) =>
      event ? (this.deps.decorators ?? []).reduce((current, decorate) => decorate(current, event), reply) : reply,
    );
    const ids = new Map<string, string>();
    if (decorated.length === 0) return ids;
    const responses = await context.sendActivities(decorated.map(toActivity));
    decorated.forEach((reply, index) => {
      const id = responses[index]?.id;
      if (id) ids.set(reply.replyId, id);
    });
    return ids;
  }

  /**
   * Teams Universal Actions (`Action.Execute`, the vacancy form): the action's data is the turn's
   * value. A form shown again (with field errors) replaces the submitted card in place; other
   * replies are sent as messages and the invoke answers with the first one's text.
   */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const data = invokeValue.action.data && typeof invokeValue.action.data === "object" ? (invokeValue.action.data as Record<string, unknown>) : {};
    const value = { ...data, action: typeof data.action === "string" ? data.action : invokeValue.action.verb };
    let outcome: { card?: Record<string, unknown>; text?: string } = {};
    await this.serialised(context, async () => {
      outcome = await this.messageTurn(context, { value, replaceForm: true });
    });
    if (outcome.card) return { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: outcome.card };
    return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: outcome.text ?? "" } as unknown as AdaptiveCardInvokeResponse;
  }

  private async messageTurn(
    context: TurnContext,
    options: { value?: Record<string, unknown>; replaceForm?: boolean } = {},
  ): Promise<{ card?: Record<string, unknown>; text?: string }> {
    const activity = context.activity;
    const receivedAt = Date.now();
    await context.sendActivity({ type: ActivityTypes.Typing });
    const memory = await this.loadMemory(context);
    const value =
      options.value ??
      (activity.value && typeof activity.value === "object" && !Array.isArray(activity.value) ? (activity.value as Record<string, unknown>) : undefined);
    const attachments = (activity.attachments ?? []).filter((attachment) => attachment.contentType !== "application/vnd.microsoft.card.adaptive");
    let result: TurnResult;
    try {
      result = await handleTurn(this.deps.turn, {
        conversationId: activity.conversation.id,
        channel: activity.channelId,
        address: this.address(context),
        text: typeof activity.text === "string" ? activity.text : undefined,
        value,
        attachmentCount: attachments.length,
        memory,
        receivedAt,
        clientKey: this.clientKey(context),
      });
    } catch (error) {
      this.deps.logger.error({ err: error, conversationId: activity.conversation.id }, "conversation.turn_failed");
      const failed = fixedReply("error", memory.language ?? "fi", "no-answer");
      await context.sendActivity(toActivity(failed));
      return { text: failed.text };
    }
    let replies = result.replies;
    let card: Record<string, unknown> | undefined;
    if (options.replaceForm) {
      const form = replies.flatMap((reply) => reply.cards).find((attachment) => isVacancyFormCard(attachment.content));
      if (form) {
        card = form.content;
        replies = replies.map((reply) => ({ ...reply, cards: reply.cards.filter((attachment) => attachment !== form) }));
      }
    }
    const sent = await this.send(context, replies, result.outcome);
    const memoryWithIds: ConversationMemory = {
      ...result.memory,
      replies: result.memory.replies.map((reply) => (sent.has(reply.replyId) ? { ...reply, activityId: sent.get(reply.replyId) } : reply)),
    };
    await this.saveMemory(context, memoryWithIds);
    await this.afterTurn(context, result);
    return { card, text: replies[0]?.text };
  }

  private async afterTurn(context: TurnContext, result: TurnResult): Promise<void> {
    const conversationId = context.activity.conversation.id;
    if (result.feedback && this.deps.analytics) {
      await this.deps.analytics
        .recordFeedback({
          conversationId,
          activityId: result.feedback.activityId ?? result.feedback.replyId,
          rating: result.feedback.rating,
          outcome: result.feedback.outcome,
          questionRedacted: result.feedback.questionRedacted,
          municipality: result.memory.preferMunicipality ?? result.memory.lastSearch?.municipality,
          language: result.memory.language,
        })
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, "conversation.feedback_write_failed"));
    }
    const event = result.outcome;
    if (!event) return;
    if (this.deps.analytics) {
      await this.deps.analytics
        .recordTurnOutcome(event)
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, "conversation.outcome_write_failed"));
    }
    for (const hook of this.deps.onTurnOutcome ?? []) {
      await hook({ ...event, address: this.address(context) }).catch((error: unknown) =>
        this.deps.logger.warn({ err: error }, "conversation.outcome_hook_failed"),
      );
    }
    this.deps.logger.info(
      { conversationId, outcome: event.outcome, channel: event.channel, language: event.language, sources: event.sources.length, reason: event.reason },
      "conversation.turn",
    );
  }

  private async eventTurn(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.name === "webchat:activity-status/feedback") {
      const parsed = (activity.entities ?? []).map(parseFeedbackAction).find(Boolean);
      if (!parsed) return;
      const memory = await this.loadMemory(context);
      const result = await handleTurn(this.deps.turn, {
        conversationId: activity.conversation.id,
        channel: activity.channelId,
        address: this.address(context),
        text: undefined,
        value: { action: "feedback", rating: parsed.rating, replyId: parsed.replyId },
        attachmentCount: 0,
        memory,
        receivedAt: Date.now(),
      });
      await this.afterTurn(context, result);
      return;
    }
    if (activity.name === "webchat/join") {
      const memory = await this.loadMemory(context);
      const value = activity.value && typeof activity.value === "object" ? (activity.value as Record<string, unknown>) : {};
      const hints = readHints({ lahituki: value });
      const language = hints.language ?? memory.language ?? "fi";
      const next: ConversationMemory = {
        ...memory,
        language,
        preferMunicipality: hints.municipality ?? memory.preferMunicipality,
        greeted: true,
      };
      if (!memory.greeted) await context.sendActivity(toActivity(fixedReply("greeting", language, "help")));
      await this.saveMemory(context, next);
    }
  }
}
