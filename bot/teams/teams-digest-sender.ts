import { createAdvisorChannelDigestSender } from "./advisor-channel-digest-sender.js";
import type { DigestSender } from "../../admin/index.js";
import type { Config } from "../../platform/index.js";
import type { Database } from "../../platform/index.js";
import type { Logger } from "../../platform/index.js";
import { botAuthMode, createBotFrameworkAuthentication } from "./bot-authentication.js";
import { createTeamsGateway } from "./teams-gateway.js";

/**
 * The admin capability's weekly freshness digest, posted through the Teams gateway to the channels
 * advisors registered for a municipality. Undefined without a Teams app registration: there is
 * nowhere to post, and the digest job then stays idle.
 */
export function createTeamsDigestSender(deps: { config: Config; database: Database; logger: Logger }): DigestSender | undefined {
  if (botAuthMode(deps.config) !== "authenticated") return undefined;
  const teams = createTeamsGateway({
    authentication: createBotFrameworkAuthentication(deps.config),
    appId: deps.config.MicrosoftAppId,
    logger: deps.logger.child({ module: "admin-digest" }),
  });
  return createAdvisorChannelDigestSender({
    database: deps.database,
    async postCard(channel, card) {
      await teams.gateway.postToChannel(
        { conversationId: channel.channelId, serviceUrl: channel.serviceUrl, tenantId: channel.tenantId, botId: channel.botId },
        { card: { ...card } },
      );
    },
  });
}
