import type { DigestSender } from "../../admin/index.js";
import type { Database } from "../../platform/index.js";

/** A Teams channel as registered by the Teams capability (table advisor_channels, migration 0030). */
export interface RegisteredChannel {
  readonly channelId: string;
  readonly serviceUrl: string;
  readonly tenantId?: string | undefined;
  readonly botId?: string | undefined;
}

/**
 * The admin capability's DigestSender port over the channels advisors registered for
 * municipalities (this capability's table). Posting is passed in, so tests can record it.
 * Area-wide channels (all municipalities) are not sent every municipality's digest: one card per
 * municipality would flood them.
 */
export function createAdvisorChannelDigestSender(deps: {
  database: Database;
  postCard: (channel: RegisteredChannel, card: Readonly<Record<string, unknown>>) => Promise<void>;
}): DigestSender {
  const channels = async (): Promise<Array<RegisteredChannel & { municipalities: string[] }>> => {
    const result = await deps.database.query<{
      channel_id: string;
      service_url: string;
      tenant_id: string | null;
      bot_id: string | null;
      municipalities: unknown;
    }>("SELECT channel_id, service_url, tenant_id, bot_id, municipalities FROM advisor_channels WHERE registered_at IS NOT NULL");
    return result.rows.map((row) => ({
      channelId: row.channel_id,
      serviceUrl: row.service_url,
      tenantId: row.tenant_id ?? undefined,
      botId: row.bot_id ?? undefined,
      municipalities: Array.isArray(row.municipalities) ? row.municipalities.filter((value): value is string => typeof value === "string") : [],
    }));
  };
  return {
    async municipalitiesWithChannels() {
      return [...new Set((await channels()).flatMap((channel) => channel.municipalities))].sort();
    },
    async send(municipality, card) {
      for (const channel of await channels()) {
        if (channel.municipalities.includes(municipality)) await deps.postCard(channel, card);
      }
    },
  };
}
