import { CloudAdapter, type InvokeResponse, type TurnContext } from "botbuilder";
import type { BotFrameworkAuthentication } from "botframework-connector";
import type { Activity, ResourceResponse } from "botframework-schema";
import type { Logger } from "../../platform/index.js";
import { withConnectorRetry } from "./connector-retry.js";

/**
 * botbuilder's CloudAdapter with two changes: our own HTTP handling (so a bad body is 400 and a bad
 * token is 401 as JSON, see teams-routes.ts) and retries with back-off on transient connector
 * errors for every reply and update sent during a turn.
 */
export class LahitukiCloudAdapter extends CloudAdapter {
  constructor(
    authentication: BotFrameworkAuthentication,
    private readonly logger: Logger,
  ) {
    super(authentication);
    this.onTurnError = async (context, error) => {
      this.logger.error({ err: error, activityType: context.activity.type, channelId: context.activity.channelId }, "teams.turn_failed");
    };
  }

  /** Authenticates and runs one inbound activity; resolves with the invoke response, if any. */
  async processInbound(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const [response] = await withConnectorRetry(() => super.sendActivities(context, [{ ...activity }]), {
        onRetry: (info) => this.logger.warn(info, "teams.connector_retry"),
      });
      if (response) responses.push(response);
    }
    return responses;
  }

  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    return withConnectorRetry(() => super.updateActivity(context, activity), {
      onRetry: (info) => this.logger.warn(info, "teams.connector_retry"),
    });
  }
}
