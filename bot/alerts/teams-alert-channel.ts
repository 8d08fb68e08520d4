import type { Config, Logger } from "../../platform/index.js";
import { toActivity } from "../conversation/reply-activity.js";
import { botAuthMode, createBotFrameworkAuthentication } from "../teams/bot-authentication.js";
import { createTeamsGateway } from "../teams/teams-gateway.js";
import type { AlertChannel } from "./alert-ports.js";

/**
 * Alerts to people who chat with the bot in Teams: a proactive message into their 1:1 chat through
 * the Bot Connector (the Teams channel's own gateway, with its retries on 429/412/502/504).
 * Undefined when the Teams channel is disabled (no MicrosoftAppId and no development flag).
 */
export function createTeamsAlertChannel(deps: { readonly config: Config; readonly logger: Logger }): AlertChannel | undefined {
  if (botAuthMode(deps.config) === "disabled") return undefined;
  const teams = createTeamsGateway({
    authentication: createBotFrameworkAuthentication(deps.config),
    appId: deps.config.MicrosoftAppId,
    logger: deps.logger,
  });
  return {
    async sendToConversation(address, replies) {
      if (!address.serviceUrl) throw new Error("Teams address without serviceUrl");
      for (const reply of replies) {
        const activity = toActivity(reply);
        await teams.sendActivity(
          { conversationId: address.conversationId, serviceUrl: address.serviceUrl },
          { ...activity, channelData: { ...(address.channelData ?? {}), ...(activity.channelData as Record<string, unknown> | undefined) } },
        );
      }
    },
  };
}
