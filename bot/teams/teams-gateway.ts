import { AuthenticationConstants, ClaimsIdentity, type BotFrameworkAuthentication, type ConnectorClient } from "botframework-connector";
import type { Activity, ConversationParameters } from "botframework-schema";
import type { Logger } from "../../platform/index.js";
import type { PersonAddress, PersonMessage, TeamsConversationRef } from "../handoff/handoff-repository.js";
import type { BotReply } from "../conversation/bot-reply.js";
import type { ConversationAddress, ProactiveChannel } from "../conversation/ports.js";
import { toActivity } from "../conversation/reply-activity.js";
import { toBotReply } from "../handoff/conversation-handoff-port.js";
import type { AdvisorActivity, AdvisorGateway, PersonChannel } from "../handoff/ports.js";
import { withConnectorRetry } from "./connector-retry.js";

const ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive";

function toTeamsActivity(activity: AdvisorActivity): Partial<Activity> {
  return {
    type: "message",
    ...(activity.text ? { text: activity.text, textFormat: "markdown" } : {}),
    ...(activity.card ? { attachments: [{ contentType: ADAPTIVE_CARD, content: activity.card }] } : {}),
  };
}

/**
 * Outbound Teams calls outside a turn (proactive), straight through the Bot Connector client that
 * botbuilder's authentication builds (credentials for the configured app, none when anonymous).
 * Every call is retried on 429/412/502/504.
 */
export function createTeamsGateway(deps: { authentication: BotFrameworkAuthentication; appId: string | undefined; logger: Logger }) {
  const appId = deps.appId ?? "";
  const identity = new ClaimsIdentity(
    [
      { type: AuthenticationConstants.AudienceClaim, value: appId },
      { type: AuthenticationConstants.AppIdClaim, value: appId },
    ],
    true,
  );
  const factory = deps.authentication.createConnectorFactory(identity);
  const clients = new Map<string, Promise<ConnectorClient>>();
  const retry = <T>(call: () => Promise<T>) =>
    withConnectorRetry(call, { onRetry: (info) => deps.logger.warn(info, "teams.connector_retry") });

  function client(serviceUrl: string): Promise<ConnectorClient> {
    let existing = clients.get(serviceUrl);
    if (!existing) {
      // ConfigurationBotFrameworkAuthentication does not implement getOriginatingAudience().
      existing = factory.create(serviceUrl, AuthenticationConstants.ToChannelFromBotOAuthScope);
      existing.catch(() => clients.delete(serviceUrl));
      clients.set(serviceUrl, existing);
    }
    return existing;
  }

  async function send(conversation: TeamsConversationRef, activity: Partial<Activity>): Promise<string> {
    const connector = await client(conversation.serviceUrl);
    const response = await retry(() =>
      connector.conversations.sendToConversation(conversation.conversationId, {
        ...activity,
        conversation: { id: conversation.conversationId },
      } as Activity),
    );
    return response.id ?? "";
  }

  const gateway: AdvisorGateway = {
    postToChannel: (channel, activity) => send(channel, toTeamsActivity(activity)),
    async updateInChannel(channel, activityId, activity) {
      const connector = await client(channel.serviceUrl);
      await retry(() =>
        connector.conversations.updateActivity(channel.conversationId, activityId, {
          ...toTeamsActivity(activity),
          id: activityId,
          conversation: { id: channel.conversationId },
        } as Activity),
      );
    },
    async openPersonalChat(input) {
      const connector = await client(input.serviceUrl);
      const response = await retry(() =>
        connector.conversations.createConversation({
          isGroup: false,
          bot: { id: input.botId ?? (appId ? `28:${appId}` : "lahituki"), name: "Lähituki" },
          members: [{ id: input.teamsUserId, name: "" }],
          tenantId: input.tenantId,
          channelData: input.tenantId ? { tenant: { id: input.tenantId } } : {},
        } as unknown as ConversationParameters),
      );
      return { conversationId: response.id, serviceUrl: input.serviceUrl, tenantId: input.tenantId, botId: input.botId };
    },
    async sendToChat(chat, activity) {
      await send(chat, toTeamsActivity(activity));
    },
  };

  /** The person side for people who chat with the bot in Teams (personal scope). */
  const personChannel: PersonChannel = {
    channelIds: ["msteams"],
    async send(address: PersonAddress, message: PersonMessage, language) {
      if (!address.serviceUrl) throw new Error("Teams address without serviceUrl");
      const activity = toActivity(toBotReply(message, language));
      await send(
        { conversationId: address.conversationId, serviceUrl: address.serviceUrl },
        {
          ...activity,
          channelData: { ...(address.channelData ?? {}), lahituki: { outcome: "handoff", sources: [] } },
        },
      );
    },
  };

  /**
   * The conversation core's ProactiveChannel for Teams (bot/conversation/ports.ts): sends replies
   * into a Teams conversation outside a turn, retried on transient connector errors.
   */
  const proactive: ProactiveChannel = {
    channelIds: ["msteams"],
    async sendToConversation(address: ConversationAddress, replies: readonly BotReply[]) {
      if (!address.serviceUrl) throw new Error("Teams address without serviceUrl");
      for (const reply of replies) {
        const activity = toActivity(reply);
        await send(
          { conversationId: address.conversationId, serviceUrl: address.serviceUrl },
          { ...activity, channelData: { ...(address.channelData ?? {}), ...(activity.channelData as Record<string, unknown>) } },
        );
      }
    },
  };

  return { gateway, personChannel, proactive, sendActivity: send };
}

export type TeamsGateway = ReturnType<typeof createTeamsGateway>;
