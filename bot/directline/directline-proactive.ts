import type { BotReply } from "../conversation/bot-reply.js";
import type { ConversationAddress, ProactiveChannel } from "../conversation/ports.js";
import { toActivity } from "../conversation/reply-activity.js";
import { DIRECTLINE_CHANNEL_ID, type DirectLineAdapter } from "./directline-adapter.js";

/**
 * Proactive messages to web chat users: appended to the stored Direct Line conversation, so the
 * person sees them on the open stream or on the next poll, from any instance.
 */
export class DirectLineProactiveChannel implements ProactiveChannel {
  readonly channelIds = [DIRECTLINE_CHANNEL_ID] as const;

  constructor(private readonly adapter: DirectLineAdapter) {}

  async sendToConversation(address: ConversationAddress, replies: readonly BotReply[]): Promise<void> {
    if (address.channelId !== DIRECTLINE_CHANNEL_ID) throw new Error(`DirectLineProactiveChannel cannot send to ${address.channelId}`);
    await this.adapter.deliver(address.conversationId, address.userId, replies.map(toActivity));
  }
}
