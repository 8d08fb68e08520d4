import { ActivityTypes, type TurnContext } from "botbuilder";
import type { Activity } from "botframework-schema";
import { z } from "zod";
import { buildRegistrationCard, SUBMIT_VACANCY_ACTION } from "../../adaptive-cards/index.js";
import { municipalityName } from "../../knowledge/index.js";
import { stripTags, type Logger } from "../../platform/index.js";
import type { AreaDirectory } from "../handoff/employment-areas.js";
import { isAdvisorCloseCommand, type AdvisorIdentity } from "../handoff/handoff.js";
import type { HandoffRepository } from "../handoff/handoff-repository.js";
import type { AdvisorActionResult, HandoffService } from "../handoff/handoff-service.js";
import { parseRegisterCommand } from "../handoff/routing.js";

const ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive";

/** Teams `channelData` fields we use (Teams sends more). */
const teamsChannelDataSchema = z
  .object({
    tenant: z.object({ id: z.string() }).partial().optional(),
    team: z.object({ id: z.string(), name: z.string().optional() }).partial().optional(),
    channel: z.object({ id: z.string(), name: z.string().optional() }).partial().optional(),
    eventType: z.string().optional(),
  })
  .loose();

/** The `adaptiveCard/action` invoke value (Universal Actions). */
const cardActionSchema = z.object({
  action: z.object({
    type: z.literal("Action.Execute"),
    verb: z.string(),
    data: z.object({ handoffId: z.string().min(1).max(100) }).loose(),
  }),
});

/** Universal Action verbs of the jobseeker/employer conversation, answered by the shared bot. */
const CONVERSATION_VERBS = new Set([SUBMIT_VACANCY_ACTION]);

/** Runs a turn of the shared conversation bot (the jobseeker's chat), when wired. */
export type ConversationTurn = (context: TurnContext) => Promise<void>;

export interface TeamsTurnDeps {
  readonly service: HandoffService;
  readonly repository: HandoffRepository;
  readonly areas: AreaDirectory;
  readonly logger: Logger;
  readonly conversationTurn?: ConversationTurn | undefined;
}

function channelDataOf(activity: Partial<Activity>) {
  const parsed = teamsChannelDataSchema.safeParse(activity.channelData ?? {});
  return parsed.success ? parsed.data : {};
}

function advisorOf(activity: Partial<Activity>): AdvisorIdentity {
  const from = activity.from ?? { id: "unknown", name: "" };
  const channelData = channelDataOf(activity);
  return {
    id: from.aadObjectId ?? from.id,
    name: from.name?.trim() || "Neuvoja",
    teamsUserId: from.id,
    tenantId: channelData.tenant?.id ?? activity.conversation?.tenantId,
    serviceUrl: activity.serviceUrl,
  };
}

/** The channel a channel-scoped activity belongs to (a thread id carries `;messageid=`). */
function channelIdOf(activity: Partial<Activity>): string | undefined {
  const channelData = channelDataOf(activity);
  return channelData.channel?.id ?? channelData.team?.id ?? activity.conversation?.id?.split(";")[0];
}

/**
 * Teams sends formatted messages as HTML; the person's web chat shows plain text, so tags are
 * removed and the few entities Teams uses are decoded.
 */
export function plainText(text: string): string {
  const withBreaks = text
    .slice(0, 20_000)
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/p>\s*<p>/gi, "\n");
  return stripTags(withBreaks)
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();
}

function invokeResponse(body: unknown, status = 200): Partial<Activity> {
  return { type: ActivityTypes.InvokeResponse, value: { status, body } };
}

/**
 * Teams-specific turn handling: advisor channels (bot added, `register …`), card actions
 * (claim/close/callbackDone) and the advisor's 1:1 relay chat. Everything else — a jobseeker
 * chatting with the bot in personal scope — goes to the shared conversation bot.
 */
export function createTeamsTurnHandler(deps: TeamsTurnDeps) {
  const logger = deps.logger.child({ module: "teams" });

  async function recordChannel(activity: Partial<Activity>): Promise<string | undefined> {
    const channelId = channelIdOf(activity);
    if (!channelId || !activity.serviceUrl) return undefined;
    const channelData = channelDataOf(activity);
    await deps.repository.upsertChannel({
      channelId,
      conversationId: channelId,
      teamId: channelData.team?.id,
      teamName: channelData.team?.name,
      channelName: channelData.channel?.name,
      tenantId: channelData.tenant?.id ?? activity.conversation?.tenantId,
      serviceUrl: activity.serviceUrl,
      botId: activity.recipient?.id,
    });
    return channelId;
  }

  async function handleChannelMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const channelId = await recordChannel(activity);
    const command = parseRegisterCommand(activity.text ?? "", deps.areas);
    if (!command || !channelId) {
      if (/<at>/i.test(activity.text ?? "")) {
        await context.sendActivity(
          "Rekisteröi tämä kanava kunnille: `register Kaustinen, Halsua` tai kaikille: `register all`. (Register this channel: `register Kaustinen, Halsua` or `register all`.)",
        );
      }
      return;
    }
    if (command.all || command.municipalities.length > 0) {
      await deps.repository.registerChannel(channelId, {
        municipalities: command.municipalities,
        all: command.all,
        by: activity.from?.name,
        at: new Date().toISOString(),
      });
      logger.info({ channelId, all: command.all, municipalities: command.municipalities }, "teams.channel_registered");
    }
    const card = buildRegistrationCard({
      all: command.all,
      municipalities: command.municipalities.map((code) => municipalityName(code, "fi") ?? code),
      unknown: command.unknown,
      channelName: channelDataOf(activity).channel?.name,
    });
    await context.sendActivity({ type: "message", attachments: [{ contentType: ADAPTIVE_CARD, content: card }] });
  }

  async function handleCardAction(context: TurnContext): Promise<void> {
    // Card actions of the conversation itself (the vacancy form) belong to the shared bot.
    const requested = (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
    if (typeof requested === "string" && CONVERSATION_VERBS.has(requested)) {
      await delegate(context);
      return;
    }
    const parsed = cardActionSchema.safeParse(context.activity.value);
    if (!parsed.success) {
      await context.sendActivity(
        invokeResponse({ statusCode: 400, type: "application/vnd.microsoft.error", value: { code: "BadRequest", message: "Unknown card action" } }),
      );
      return;
    }
    const { verb, data } = parsed.data.action;
    const advisor = advisorOf(context.activity);
    // In a 1:1 chat only the advisor relaying that very handoff may act on it (the intro card's
    // close button); claims and closes otherwise come from cards in advisor channels.
    if (context.activity.conversation?.conversationType === "personal") {
      const relayed = await deps.repository.findClaimedByAdvisorChat(context.activity.conversation.id);
      if (!relayed || relayed.id !== data.handoffId) {
        await context.sendActivity(
          invokeResponse({ statusCode: 403, type: "application/vnd.microsoft.error", value: { code: "Forbidden", message: "Not allowed here" } }),
        );
        return;
      }
    }
    let result: AdvisorActionResult;
    if (verb === "claim") result = await deps.service.claim(data.handoffId, advisor);
    else if (verb === "close") result = await deps.service.close(data.handoffId, advisor);
    else if (verb === "callbackDone") result = await deps.service.callbackDone(data.handoffId, advisor);
    else {
      await context.sendActivity(
        invokeResponse({ statusCode: 400, type: "application/vnd.microsoft.error", value: { code: "BadRequest", message: `Unknown verb ${verb}` } }),
      );
      return;
    }
    if (result.outcome === "not_found") {
      await context.sendActivity(invokeResponse({ statusCode: 200, type: "application/vnd.microsoft.activity.message", value: "Pyyntöä ei löytynyt. (Request not found.)" }));
      return;
    }
    logger.info({ verb, handoffId: data.handoffId, outcome: result.outcome }, "teams.card_action");
    const card =
      result.outcome === "done"
        ? deps.service.buildCard(result.handoff)
        : deps.service.buildCard(result.handoff, { notice: result.notice });
    await context.sendActivity(invokeResponse({ statusCode: 200, type: ADAPTIVE_CARD, value: card }));
  }

  async function handlePersonalMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const text = plainText(activity.text ?? "");
    const files = (activity.attachments ?? []).filter((attachment) => attachment.contentType !== "text/html");
    const chatId = activity.conversation?.id;
    if (chatId && text) {
      const relayed = await deps.service.relayFromAdvisor({ chatId, advisor: advisorOf(activity), text, close: isAdvisorCloseCommand(text) });
      if (relayed) {
        if (files.length > 0) await context.sendActivity("Liitteitä ei välitetä asiakkaalle, vain teksti. (Attachments are not forwarded, only text.)");
        return;
      }
    } else if (chatId && files.length > 0 && (await deps.repository.findClaimedByAdvisorChat(chatId))) {
      await context.sendActivity("Liitteitä ei välitetä asiakkaalle, vain teksti. (Attachments are not forwarded, only text.)");
      return;
    }
    await delegate(context);
  }

  async function delegate(context: TurnContext): Promise<void> {
    if (deps.conversationTurn) {
      await deps.conversationTurn(context);
      return;
    }
    if (context.activity.type === ActivityTypes.Message) {
      await context.sendActivity("Lähituki ei ole vielä käytettävissä Teamsissa. (Lähituki is not yet available in Teams.)");
    }
  }

  return async function onTurn(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const conversationType = activity.conversation?.conversationType;
    const inChannel = conversationType === "channel" || Boolean(channelDataOf(activity).team?.id);
    switch (activity.type) {
      case ActivityTypes.ConversationUpdate:
      case ActivityTypes.InstallationUpdate: {
        if (inChannel) {
          const botRemoved = (activity.membersRemoved ?? []).some((member) => member.id === activity.recipient?.id) || activity.action === "remove";
          if (botRemoved) {
            const channelData = channelDataOf(activity);
            const removedId = channelData.team?.id ?? channelIdOf(activity);
            if (removedId) await deps.repository.unregisterChannel(removedId);
            logger.info({ channelId: removedId }, "teams.bot_removed_from_team");
            return;
          }
          const channelId = await recordChannel(activity);
          const botAdded = (activity.membersAdded ?? []).some((member) => member.id === activity.recipient?.id);
          if (botAdded || activity.action === "add") {
            logger.info({ channelId }, "teams.bot_added_to_team");
            await context.sendActivity(
              "Hei! Olen Lähituki. Rekisteröi tämä kanava kuntien yhteydenottopyynnöille: `@Lähituki register Kaustinen, Halsua` tai `@Lähituki register all`. (Register this channel for handoffs with `register …`.)",
            );
          }
          return;
        }
        await delegate(context);
        return;
      }
      case ActivityTypes.Invoke:
        if (activity.name === "adaptiveCard/action") {
          await handleCardAction(context);
          return;
        }
        await delegate(context);
        return;
      case ActivityTypes.Message:
        if (inChannel || conversationType === "groupChat") {
          await handleChannelMessage(context);
          return;
        }
        await handlePersonalMessage(context);
        return;
      default:
        await delegate(context);
    }
  };
}
