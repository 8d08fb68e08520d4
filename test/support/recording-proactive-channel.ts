import type { BotReply } from "../../bot/conversation/bot-reply.js";
import type { ConversationAddress, ProactiveChannel } from "../../bot/conversation/ports.js";

/** A ProactiveChannel test double: records what would reach the person, per conversation. */
export function createRecordingProactiveChannel(channelIds: readonly string[] = ["directline"]) {
  const sent: Array<{ address: ConversationAddress; reply: BotReply }> = [];
  const waiters: Array<{ predicate: (reply: BotReply, address: ConversationAddress) => boolean; resolve: (reply: BotReply) => void }> = [];
  const channel: ProactiveChannel = {
    channelIds,
    async sendToConversation(address, replies) {
      for (const reply of replies) {
        sent.push({ address, reply });
        for (const waiter of [...waiters]) {
          if (waiter.predicate(reply, address)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(reply);
          }
        }
      }
    },
  };
  return {
    channel,
    sent,
    textsFor: (conversationId: string) => sent.filter((entry) => entry.address.conversationId === conversationId).map((entry) => entry.reply.text),
    waitFor(conversationId: string, match: (text: string) => boolean, timeoutMs = 10_000): Promise<BotReply> {
      const predicate = (reply: BotReply, address: ConversationAddress) => address.conversationId === conversationId && match(reply.text);
      const existing = sent.find((entry) => predicate(entry.reply, entry.address));
      if (existing) return Promise.resolve(existing.reply);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching message for ${conversationId}: ${JSON.stringify(sent.map((entry) => entry.reply.text))}`)), timeoutMs);
        waiters.push({ predicate, resolve: (reply) => { clearTimeout(timer); resolve(reply); } });
      });
    },
  };
}
