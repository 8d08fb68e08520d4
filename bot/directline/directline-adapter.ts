import { randomUUID } from "node:crypto";
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ActivityHandler,
  type ConversationReference,
  type ResourceResponse,
} from "botbuilder";
import type { Logger } from "../../platform/index.js";
import type { DirectLineNotifier } from "./directline-notifier.js";
import type { DirectLineStore } from "./directline-store.js";

export const DIRECTLINE_CHANNEL_ID = "directline";
export const BOT_ID = "lahituki";
export const BOT_NAME = "Lähituki";

/**
 * A small Bot Framework adapter for our own Direct Line: it runs the shared ActivityHandler
 * in-process and writes the bot's activities to the Direct Line store, which the web chat reads
 * over HTTP or the WebSocket stream. No Bot Connector, no anonymous Bot Framework adapter: the
 * channel authenticates people with its own tokens before an activity gets here.
 */
export class DirectLineAdapter extends BotAdapter {
  constructor(
    private readonly deps: { store: DirectLineStore; notifier: DirectLineNotifier; logger: Logger; serviceUrl: string },
  ) {
    super();
    this.onTurnError = async (context, error) => {
      deps.logger.error({ err: error, conversationId: context.activity.conversation?.id }, "directline.turn_error");
    };
  }

  /** Runs one incoming activity through the middleware and the bot. */
  async processActivity(activity: Partial<Activity>, bot: ActivityHandler): Promise<void> {
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, async (turnContext) => bot.run(turnContext));
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation.id;
    const userId = context.activity.from?.role === "bot" ? context.activity.recipient?.id : context.activity.from?.id;
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === "delay") {
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === "number" ? activity.value : 1000));
        responses.push({ id: "" });
        continue;
      }
      if (activity.type === ActivityTypes.InvokeResponse || activity.type === "trace") {
        responses.push({ id: "" });
        continue;
      }
      const full = this.complete(activity, conversationId, userId, context.activity.id);
      if (activity.type === ActivityTypes.Typing) {
        // Typing is ephemeral: streamed to open sockets, never stored.
        this.deps.notifier.publishEphemeral(conversationId, { ...full, id: `typing-${randomUUID()}` });
        responses.push({ id: "" });
        continue;
      }
      const stored = await this.deps.store.append(conversationId, "bot", full);
      this.deps.notifier.publish(conversationId);
      responses.push({ id: stored.id });
    }
    return responses;
  }

  /** Appends bot activities to a conversation outside a turn (advisor messages, alerts). */
  async deliver(conversationId: string, userId: string | undefined, activities: Partial<Activity>[]): Promise<string[]> {
    const ids: string[] = [];
    for (const activity of activities) {
      const stored = await this.deps.store.append(conversationId, "bot", this.complete(activity, conversationId, userId, undefined));
      ids.push(stored.id);
    }
    this.deps.notifier.publish(conversationId);
    return ids;
  }

  private complete(activity: Partial<Activity>, conversationId: string, userId: string | undefined, replyToId: string | undefined): Record<string, unknown> {
    return {
      ...activity,
      type: activity.type ?? ActivityTypes.Message,
      channelId: DIRECTLINE_CHANNEL_ID,
      serviceUrl: this.deps.serviceUrl,
      conversation: { id: conversationId },
      from: { id: BOT_ID, name: BOT_NAME, role: "bot" },
      recipient: userId ? { id: userId, role: "user" } : undefined,
      ...(replyToId ? { replyToId } : {}),
      timestamp: new Date().toISOString(),
    };
  }

  async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<void> {
    if (!activity.id) return;
    const conversationId = context.activity.conversation.id;
    await this.deps.store.replace(conversationId, activity.id, this.complete(activity, conversationId, context.activity.from?.id, activity.replyToId));
    this.deps.notifier.publish(conversationId);
  }

  async deleteActivity(context: TurnContext, reference: Partial<ConversationReference>): Promise<void> {
    if (reference.activityId) await this.deps.store.remove(context.activity.conversation.id, reference.activityId);
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: "continueConversation" }, reference, true);
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
  }
}
