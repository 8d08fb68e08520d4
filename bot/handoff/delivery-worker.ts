import { randomUUID } from "node:crypto";
import type { Logger } from "../../platform/index.js";
import type { HandoffRepository, OutboxRow, StoredHandoff, TeamsConversationRef } from "./handoff-repository.js";
import type { HandoffService } from "./handoff-service.js";
import type { AdvisorGateway, PersonChannel } from "./ports.js";

export interface DeliveryWorkerDeps {
  readonly repository: HandoffRepository;
  readonly service: HandoffService;
  /** Absent when Teams is not configured: advisor deliveries are then dropped (console only). */
  readonly gateway: AdvisorGateway | undefined;
  readonly personChannels: readonly PersonChannel[];
  readonly logger: Logger;
  readonly pollMs: number;
  /** Lease of a claimed delivery; longer than any single connector call with its retries. */
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
}

class PermanentDeliveryError extends Error {}

/**
 * Delivers the handoff outbox: claims rows with a lease (so a second app instance on the same
 * database skips them), sends them, marks them delivered. Runs on a timer and when kicked after
 * a write; a restarted instance picks up whatever was left undelivered.
 */
export function createDeliveryWorker(deps: DeliveryWorkerDeps) {
  const workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const leaseMs = deps.leaseMs ?? 60_000;
  const maxAttempts = deps.maxAttempts ?? 8;
  const logger = deps.logger.child({ module: "handoff-delivery", workerId });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = true;

  async function channelRef(channelId: string): Promise<TeamsConversationRef> {
    const channel = (await deps.repository.listChannels()).find((candidate) => candidate.channelId === channelId);
    if (!channel) throw new PermanentDeliveryError(`advisor channel ${channelId} is not known (the bot was never added to it)`);
    return channel;
  }

  async function advisorChat(handoff: StoredHandoff, gateway: AdvisorGateway): Promise<TeamsConversationRef> {
    if (handoff.advisorChat) return handoff.advisorChat;
    const advisor = handoff.claimedBy;
    if (!advisor) throw new PermanentDeliveryError("handoff has no advisor");
    const known = await deps.repository.getAdvisorChat(advisor.id);
    let chat: TeamsConversationRef | undefined = known;
    if (!chat) {
      let serviceUrl = advisor.serviceUrl;
      let tenantId = advisor.tenantId;
      let botId: string | undefined;
      const cards = await deps.repository.listCards(handoff.id);
      if (cards[0]) {
        const channel = await channelRef(cards[0].channelId).catch(() => undefined);
        serviceUrl ??= channel?.serviceUrl;
        tenantId ??= channel?.tenantId;
        botId = channel?.botId;
      }
      // Without a Teams user id (claimed in the console), Teams accepts the Entra object id in MRI form.
      const teamsUserId = advisor.teamsUserId ?? `8:orgid:${advisor.id}`;
      if (!serviceUrl) throw new PermanentDeliveryError("no Teams service URL to reach the advisor");
      chat = await gateway.openPersonalChat({ serviceUrl, tenantId, teamsUserId, botId });
      await deps.repository.saveAdvisorChat({ ...chat, advisorId: advisor.id, teamsUserId, name: advisor.name });
    }
    await deps.repository.setAdvisorChat(handoff.id, chat);
    return chat;
  }

  async function deliver(row: OutboxRow): Promise<void> {
    const payload = row.payload;
    if (payload.kind === "person") {
      const channel = deps.personChannels.find((candidate) => candidate.channelIds.includes(payload.address.channelId));
      if (!channel) throw new PermanentDeliveryError(`no channel delivers to ${payload.address.channelId}`);
      const handoff = await deps.repository.getHandoff(row.handoffId);
      await channel.send(payload.address, payload.message, handoff?.language ?? "fi", row.handoffId);
      return;
    }
    const gateway = deps.gateway;
    // Without Teams the console is the advisors' only view; there is nothing to deliver to.
    if (!gateway) throw new PermanentDeliveryError("Teams is not configured");
    const handoff = await deps.repository.getHandoff(row.handoffId);
    if (!handoff) throw new PermanentDeliveryError("handoff no longer exists");
    switch (payload.kind) {
      case "channel-card": {
        const channel = await channelRef(payload.channelId);
        const card = deps.service.buildCard(handoff, { escalated: payload.cardKind === "escalation" });
        const activityId = await gateway.postToChannel(channel, { card });
        await deps.repository.addCard(handoff, {
          channelId: channel.conversationId,
          serviceUrl: channel.serviceUrl,
          activityId,
          kind: payload.cardKind,
        });
        return;
      }
      case "card-update": {
        for (const card of await deps.repository.listCards(handoff.id)) {
          const channel = await channelRef(card.channelId).catch(() => ({ conversationId: card.channelId, serviceUrl: card.serviceUrl }));
          await gateway.updateInChannel(channel, card.activityId, {
            card: deps.service.buildCard(handoff, { escalated: card.kind === "escalation" }),
          });
        }
        return;
      }
      case "advisor-chat": {
        const chat = await advisorChat(handoff, gateway);
        await gateway.sendToChat(chat, { text: payload.text, card: payload.card });
        return;
      }
    }
  }

  async function runOnce(): Promise<number> {
    const rows = await deps.repository.claimOutbox(workerId, 20, leaseMs, new Date().toISOString());
    for (const row of rows) {
      try {
        await deliver(row);
        await deps.repository.markDelivered(row.id, workerId);
      } catch (error) {
        const permanent = error instanceof PermanentDeliveryError || row.attempts >= maxAttempts;
        const retryAt = permanent ? undefined : new Date(Date.now() + Math.min(60_000, 500 * 2 ** row.attempts)).toISOString();
        logger.warn({ err: error, outboxId: row.id, handoffId: row.handoffId, kind: row.payload.kind, permanent }, "handoff.delivery_failed");
        await deps.repository.markFailed(row.id, workerId, (error as Error).message ?? String(error), retryAt);
      }
    }
    return rows.length;
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      try {
        while (!stopped && (await runOnce()) > 0) {
          // keep going while there is work
        }
      } catch (error) {
        logger.error({ err: error }, "handoff.delivery_loop_failed");
      }
    } while (again && !stopped);
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain().finally(() => {
      running = undefined;
    });
  }

  return {
    workerId,
    kick,
    runOnce,
    start(): void {
      if (!stopped) return;
      stopped = false;
      timer = setInterval(kick, deps.pollMs);
      timer.unref();
      kick();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;

/** Checks for unclaimed handoffs to escalate every `intervalMs`. */
export function startEscalationTimer(service: HandoffService, logger: Logger, intervalMs: number): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = service
      .escalateDue()
      .then(() => service.expireStale())
      .catch((error: unknown) => logger.error({ err: error }, "handoff.escalation_failed"))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
