import { randomUUID } from "node:crypto";

/** Teams-shaped Bot Framework activities for protocol tests (as Teams sends them to /api/messages). */
export const TENANT_ID = "72f988bf-0000-4000-8000-000000000001";
export const BOT_ID = "28:lahituki-bot";

export interface TeamsChannelFixture {
  readonly teamId: string;
  readonly teamName: string;
  readonly channelId: string;
  readonly channelName: string;
}

export function teamsChannel(name: string): TeamsChannelFixture {
  const id = randomUUID().replace(/-/g, "").slice(0, 20);
  return { teamId: `19:team-${id}@thread.tacv2`, teamName: `Neuvojat ${name}`, channelId: `19:${id}@thread.tacv2`, channelName: name };
}

export interface TeamsUser {
  readonly id: string;
  readonly aadObjectId: string;
  readonly name: string;
}

export function teamsUser(name: string): TeamsUser {
  return { id: `29:${randomUUID()}`, aadObjectId: randomUUID(), name };
}

function base(serviceUrl: string) {
  return {
    id: randomUUID(),
    channelId: "msteams",
    serviceUrl,
    timestamp: new Date().toISOString(),
    recipient: { id: BOT_ID, name: "Lähituki" },
    locale: "fi-FI",
  };
}

function channelData(channel: TeamsChannelFixture, extra: Record<string, unknown> = {}) {
  return {
    tenant: { id: TENANT_ID },
    team: { id: channel.teamId, name: channel.teamName },
    channel: { id: channel.channelId, name: channel.channelName },
    ...extra,
  };
}

/** The bot was added to a team (Teams sends conversationUpdate with eventType teamMemberAdded). */
export function botAddedToTeam(serviceUrl: string, channel: TeamsChannelFixture, by: TeamsUser) {
  return {
    ...base(serviceUrl),
    type: "conversationUpdate",
    from: { id: by.id, aadObjectId: by.aadObjectId, name: by.name },
    conversation: { id: channel.channelId, conversationType: "channel", isGroup: true, tenantId: TENANT_ID },
    membersAdded: [{ id: BOT_ID }],
    channelData: channelData(channel, { eventType: "teamMemberAdded" }),
  };
}

export function channelMessage(serviceUrl: string, channel: TeamsChannelFixture, from: TeamsUser, text: string) {
  const rootId = String(Date.now());
  return {
    ...base(serviceUrl),
    type: "message",
    text,
    textFormat: "plain",
    from: { id: from.id, aadObjectId: from.aadObjectId, name: from.name },
    conversation: { id: `${channel.channelId};messageid=${rootId}`, conversationType: "channel", isGroup: true, tenantId: TENANT_ID },
    entities: text.includes("<at>") ? [{ type: "mention", text: "<at>Lähituki</at>", mentioned: { id: BOT_ID, name: "Lähituki" } }] : [],
    channelData: channelData(channel),
  };
}

/** `adaptiveCard/action` invoke from a card in a channel (Universal Actions). */
export function cardAction(
  serviceUrl: string,
  channel: TeamsChannelFixture,
  from: TeamsUser,
  input: { verb: string; handoffId: string; replyToId?: string },
) {
  return {
    ...base(serviceUrl),
    type: "invoke",
    name: "adaptiveCard/action",
    from: { id: from.id, aadObjectId: from.aadObjectId, name: from.name },
    conversation: {
      id: `${channel.channelId};messageid=${input.replyToId ?? "1"}`,
      conversationType: "channel",
      isGroup: true,
      tenantId: TENANT_ID,
    },
    replyToId: input.replyToId,
    value: { action: { type: "Action.Execute", verb: input.verb, data: { handoffId: input.handoffId } }, trigger: "manual" },
    channelData: channelData(channel),
  };
}

/** A message in a 1:1 (personal) chat with the bot. */
export function personalMessage(serviceUrl: string, conversationId: string, from: TeamsUser, text: string) {
  return {
    ...base(serviceUrl),
    type: "message",
    text,
    textFormat: "plain",
    from: { id: from.id, aadObjectId: from.aadObjectId, name: from.name },
    conversation: { id: conversationId, conversationType: "personal", tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
  };
}
