import { randomUUID } from "node:crypto";
import { buildHandoffAdvisorCard, type AdvisorCardLanguage } from "../../adaptive-cards/index.js";
import { buildRelayIntroCard } from "../../adaptive-cards/index.js";
import { municipalityName } from "../../knowledge/index.js";
import type { Logger } from "../../platform/index.js";
import { escapeMarkdown } from "../../platform/index.js";
import type { AreaDirectory } from "./employment-areas.js";
import {
  decide,
  isCancelRequest,
  type AdvisorIdentity,
  type HandoffCommand,
  type HandoffContact,
  type PersonLanguage,
  type TranscriptLine,
} from "./handoff.js";
import type { HandoffRepository, OutboxPayload, PersonAddress, PersonMessage, StoredHandoff } from "./handoff-repository.js";
import { describeOfficeHours, isWithinOfficeHours, type OfficeHoursPolicy } from "./office-hours.js";
import { advisorFirstName, personText } from "./person-texts.js";
import { routeEscalation, routeHandoff } from "./routing.js";
import { handoffBotAnswers, handoffSummary, handoffTopic } from "./summary.js";

export interface HandoffServiceDeps {
  readonly repository: HandoffRepository;
  readonly areas: AreaDirectory;
  readonly officeHours: OfficeHoursPolicy;
  /** Area id → default advisor channel id. */
  readonly areaChannels: ReadonlyMap<string, string>;
  readonly escalateAfterMinutes: number;
  /** Live handoffs waiting longer end and return the person to the bot. */
  readonly waitExpireMinutes?: number;
  /** Claimed handoffs without messages for longer are closed. */
  readonly idleCloseHours?: number;
  readonly advisorLanguage: AdvisorCardLanguage;
  /** Base URL for console links on cards; undefined: no link. */
  readonly publicBaseUrl?: string | undefined;
  readonly logger: Logger;
  readonly clock?: () => Date;
  /** Called after anything was put in the outbox, so the worker delivers at once. */
  readonly onEnqueued?: () => void;
}

export interface HandoffRequestInput {
  readonly conversationId: string;
  readonly channel: string;
  readonly address: PersonAddress;
  readonly language: PersonLanguage;
  readonly municipality?: string | undefined;
  readonly summary?: string | undefined;
  readonly transcript?: readonly TranscriptLine[] | undefined;
  readonly contact?: HandoffContact | undefined;
  readonly consentToTranscript: boolean;
  readonly trigger: string;
  readonly topicKind?: string | undefined;
  /** "employer": the person spoke as an employer (the card's topic says so). */
  readonly audience?: "employer" | undefined;
  readonly botAnswers?: readonly string[] | undefined;
}

export type AdvisorActionResult =
  | { readonly outcome: "done"; readonly handoff: StoredHandoff }
  | { readonly outcome: "rejected"; readonly reason: string; readonly handoff: StoredHandoff; readonly notice: string }
  | { readonly outcome: "not_found" };

const NOTICES = {
  fi: {
    already_claimed: (name: string) => `Ei onnistunut: ${name} otti tämän jo hoitoonsa.`,
    already_ended: "Tämä pyyntö on jo päättynyt.",
    not_callback: "Tämä ei ole yhteydenottopyyntö.",
    not_waiting: "Tämä pyyntö ei enää odota.",
    already_escalated: "Pyyntö on jo välitetty.",
  },
  en: {
    already_claimed: (name: string) => `Too late: ${name} has already claimed this.`,
    already_ended: "This request has already ended.",
    not_callback: "This is not a callback request.",
    not_waiting: "This request is no longer waiting.",
    already_escalated: "This request was already forwarded.",
  },
} as const;

/**
 * The contact as the reply shows it: masked ("•••67", "m•••@example.fi"), so the number or address
 * is kept only in the handoff record and never in the stored chat transcript or bot state.
 */
function maskedContact(contact: HandoffContact | undefined): string | undefined {
  const phone = contact?.phone ? `•••${contact.phone.replace(/\D/g, "").slice(-2)}` : undefined;
  const at = contact?.email ? contact.email.indexOf("@") : -1;
  const email = contact?.email && at > 0 ? `${contact.email[0]}•••${contact.email.slice(at)}` : undefined;
  const parts = [phone, email].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : undefined;
}

/**
 * The handoff use cases. Every state change and every message it causes are written in one
 * transaction (state + outbox); a delivery worker sends them (bot/handoff/delivery-worker.ts).
 */
export function createHandoffService(deps: HandoffServiceDeps) {
  const clock = deps.clock ?? (() => new Date());
  const now = () => clock().toISOString();
  const notices = NOTICES[deps.advisorLanguage];
  const kick = () => deps.onEnqueued?.();

  function personMessage(handoff: StoredHandoff, message: PersonMessage): OutboxPayload {
    return { kind: "person", address: handoff.address, message };
  }

  function officeHoursText(handoff: Pick<StoredHandoff, "areaId">, language: PersonLanguage | "fi" | "en"): string {
    return describeOfficeHours(deps.officeHours.forArea(handoff.areaId), language);
  }

  /** The advisor card for the current state; `notice` only goes to the advisor who acted. */
  function buildCard(handoff: StoredHandoff, options: { notice?: string; escalated?: boolean } = {}): Record<string, unknown> {
    return buildHandoffAdvisorCard(
      {
        handoffId: handoff.id,
        state: handoff.state,
        mode: handoff.mode,
        municipalityName: handoff.municipality ? municipalityName(handoff.municipality, "fi") : undefined,
        areaName: handoff.areaId ? deps.areas.byId(handoff.areaId)?.name : undefined,
        language: handoff.language,
        topic: handoff.topic,
        summary: handoff.summary,
        botAnswers: handoff.botAnswers,
        waitingSince: handoff.createdAt,
        consentToTranscript: handoff.consentToTranscript,
        contact: handoff.contact,
        claimedByName: handoff.claimedBy?.name,
        closedByName: handoff.closedByName,
        callbackDone: handoff.callbackDone,
        escalated: options.escalated,
        officeHours: handoff.mode === "callback" ? officeHoursText(handoff, deps.advisorLanguage) : undefined,
        notice: options.notice,
        consoleUrl: deps.publicBaseUrl ? `${deps.publicBaseUrl.replace(/\/$/, "")}/advisor#${handoff.id}` : undefined,
      },
      deps.advisorLanguage,
    );
  }

  function buildRelayIntro(handoff: StoredHandoff): Record<string, unknown> {
    return buildRelayIntroCard({
      handoffId: handoff.id,
      municipalityName: handoff.municipality ? municipalityName(handoff.municipality, "fi") : undefined,
      language: handoff.language,
      topic: handoff.topic,
      summary: handoff.summary,
      transcript: handoff.consentToTranscript ? handoff.transcript : [],
    });
  }

  async function applyCommand(
    handoffId: string,
    command: HandoffCommand,
    effects: (handoff: StoredHandoff) => readonly OutboxPayload[],
  ): Promise<AdvisorActionResult> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const current = await deps.repository.getHandoff(handoffId);
      if (!current) return { outcome: "not_found" };
      const decision = decide(current, command, now());
      if (decision.kind === "rejected") {
        const notice =
          decision.reason === "already_claimed"
            ? notices.already_claimed(current.claimedBy?.name ?? "?")
            : notices[decision.reason];
        return { outcome: "rejected", reason: decision.reason, handoff: current, notice };
      }
      const updated = await deps.repository.applyPatch(handoffId, decision.from, decision.patch, effects, now());
      if (updated) {
        kick();
        return { outcome: "done", handoff: updated };
      }
      // Lost a race: the state changed under us; decide again on the new state.
    }
    const latest = await deps.repository.getHandoff(handoffId);
    if (!latest) return { outcome: "not_found" };
    return { outcome: "rejected", reason: "conflict", handoff: latest, notice: notices.already_ended };
  }

  return {
    buildCard,

    /** The open live handoff of a conversation: while it exists the bot does not answer itself. */
    async active(conversationId: string): Promise<StoredHandoff | undefined> {
      const open = await deps.repository.findOpenByConversation(conversationId);
      return open && open.mode === "live" ? open : undefined;
    },

    async request(input: HandoffRequestInput): Promise<{ handoff: StoredHandoff; created: boolean; messages: PersonMessage[] }> {
      const createdAt = now();
      const area = deps.areas.areaOf(input.municipality);
      const hours = deps.officeHours.forArea(area?.id);
      const mode = isWithinOfficeHours(hours, clock()) ? "live" : "callback";
      const transcript = input.consentToTranscript ? [...(input.transcript ?? [])] : [];
      const allTexts = (input.transcript ?? []).filter((line) => line.role === "person").map((line) => line.text);
      const id = randomUUID();
      const registrations = await deps.repository.listChannels();
      const route = routeHandoff({
        municipality: input.municipality,
        areaId: area?.id,
        registrations: registrations.filter((channel) => channel.registeredAt),
        areaDefaults: deps.areaChannels,
      });
      const outbox: OutboxPayload[] = [];
      if (route) outbox.push({ kind: "channel-card", channelId: route.channelId, cardKind: "primary" });
      const result = await deps.repository.insertHandoff(
        {
          id,
          conversationId: input.conversationId,
          channel: input.channel,
          address: input.address,
          language: input.language,
          municipality: input.municipality,
          areaId: area?.id,
          topic: handoffTopic({ topicKind: input.topicKind, texts: [input.summary ?? "", ...allTexts], employer: input.audience === "employer" }),
          summary: handoffSummary({ summary: input.summary, transcript: input.transcript ?? [] }),
          botAnswers: handoffBotAnswers({ botAnswers: input.botAnswers, transcript: input.transcript ?? [] }),
          consentToTranscript: input.consentToTranscript,
          transcript,
          contact: input.contact,
          trigger: input.trigger,
          mode,
          state: "waiting",
          createdAt,
        },
        outbox,
      );
      if (!result.created) {
        const existing = result.handoff;
        const text =
          existing.mode === "callback"
            ? personText("callback", input.language)(officeHoursText(existing, input.language), maskedContact(existing.contact))
            : personText("alreadyQueued", input.language);
        return { handoff: existing, created: false, messages: [{ text }] };
      }
      kick();
      deps.logger.info(
        { handoffId: id, mode, area: area?.id, route: route?.reason ?? "none", trigger: input.trigger },
        "handoff.requested",
      );
      if (!route) deps.logger.warn({ handoffId: id, area: area?.id }, "handoff.no_advisor_channel");
      const text =
        mode === "live"
          ? personText("queued", input.language)
          : personText("callback", input.language)(officeHoursText(result.handoff, input.language), maskedContact(input.contact));
      return { handoff: result.handoff, created: true, messages: [{ text }] };
    },

    /** A message from the person while a live handoff is open: cancel, or relay to the advisor. */
    async relayFromPerson(input: { conversationId: string; text: string }): Promise<PersonMessage[]> {
      const handoff = await deps.repository.findOpenByConversation(input.conversationId);
      if (!handoff || handoff.mode !== "live") return [];
      if (handoff.state === "waiting" && isCancelRequest(input.text)) {
        const result = await applyCommand(handoff.id, { type: "cancel" }, () => [{ kind: "card-update" }]);
        if (result.outcome === "done") {
          deps.logger.info({ handoffId: handoff.id }, "handoff.cancelled");
          return [{ text: personText("cancelled", handoff.language) }];
        }
      }
      const text = input.text.slice(0, 2000);
      if (!text.trim()) return [];
      if (handoff.state === "claimed") {
        const label = handoff.municipality ? `Asiakas (${municipalityName(handoff.municipality, "fi")})` : "Asiakas";
        await deps.repository.addMessage(handoff, { direction: "to_advisor", text }, [
          { kind: "advisor-chat", text: `**${label}:** ${escapeMarkdown(text)}` },
        ]);
        kick();
        return [];
      }
      const earlier = await deps.repository.listMessages(handoff.id);
      await deps.repository.addMessage(handoff, { direction: "to_advisor", text }, []);
      return earlier.some((message) => message.direction === "to_advisor") ? [] : [{ text: personText("waitingNote", handoff.language) }];
    },

    async claim(handoffId: string, advisor: AdvisorIdentity): Promise<AdvisorActionResult> {
      const result = await applyCommand(handoffId, { type: "claim", advisor }, (handoff) => {
        const effects: OutboxPayload[] = [{ kind: "card-update" }];
        if (handoff.mode === "live") {
          effects.push(personMessage(handoff, { text: personText("joined", handoff.language)(advisorFirstName(advisor.name)) }));
          effects.push({ kind: "advisor-chat", card: buildRelayIntro(handoff) });
        }
        return effects;
      });
      if (result.outcome === "done") {
        deps.logger.info({ handoffId }, "handoff.claimed");
        if (result.handoff.mode === "live") {
          // Messages the person wrote while waiting go to the advisor right after the introduction.
          const waiting = (await deps.repository.listMessages(handoffId)).filter((message) => message.direction === "to_advisor");
          if (waiting.length > 0) {
            await deps.repository.enqueueOnly(result.handoff, [
              { kind: "advisor-chat", text: waiting.map((message) => `**Asiakas:** ${escapeMarkdown(message.text)}`).join("\n\n") },
            ]);
            kick();
          }
        }
      }
      return result;
    },

    async close(handoffId: string, advisor: AdvisorIdentity): Promise<AdvisorActionResult> {
      const result = await applyCommand(handoffId, { type: "close", by: "advisor", name: advisor.name }, (handoff) => [
        { kind: "card-update" },
        ...(handoff.mode === "live" ? [personMessage(handoff, { text: personText("closed", handoff.language), feedback: true })] : []),
        ...(handoff.advisorChat ? [{ kind: "advisor-chat" as const, text: "Keskustelu suljettu. (Conversation closed.)" }] : []),
      ]);
      if (result.outcome === "done") deps.logger.info({ handoffId }, "handoff.closed");
      return result;
    },

    async callbackDone(handoffId: string, advisor: AdvisorIdentity): Promise<AdvisorActionResult> {
      const result = await applyCommand(handoffId, { type: "callbackDone", advisor }, () => [{ kind: "card-update" }]);
      if (result.outcome === "done") deps.logger.info({ handoffId }, "handoff.callback_done");
      return result;
    },

    /**
     * A message in an advisor's 1:1 chat with the bot: `/close` ends the newest claimed handoff of
     * that chat, anything else goes to the person. Returns undefined when no handoff is relayed there.
     */
    async relayFromAdvisor(input: { chatId: string; advisor: AdvisorIdentity; text: string; close: boolean }): Promise<
      { outcome: "relayed" | "closed"; handoff: StoredHandoff } | undefined
    > {
      const handoff = await deps.repository.findClaimedByAdvisorChat(input.chatId);
      if (!handoff) return undefined;
      if (input.close) {
        const result = await this.close(handoff.id, input.advisor);
        return { outcome: "closed", handoff: result.outcome === "done" ? result.handoff : handoff };
      }
      const name = advisorFirstName(handoff.claimedBy?.name ?? input.advisor.name);
      await deps.repository.addMessage(handoff, { direction: "to_person", senderName: name, text: input.text }, [
        personMessage(handoff, { text: input.text, advisorName: name }),
      ]);
      kick();
      return { outcome: "relayed", handoff };
    },

    /**
     * Ends live handoffs nobody answered (waiting too long, or claimed and silent too long) so no
     * person is left with a bot that does not answer. Returns how many ended.
     */
    async expireStale(): Promise<number> {
      const nowMs = clock().getTime();
      const stale = await deps.repository.staleOpen({
        waitingBefore: new Date(nowMs - (deps.waitExpireMinutes ?? 120) * 60_000).toISOString(),
        idleBefore: new Date(nowMs - (deps.idleCloseHours ?? 12) * 3_600_000).toISOString(),
      });
      let ended = 0;
      for (const handoff of stale) {
        const wasWaiting = handoff.state === "waiting";
        const result = await applyCommand(handoff.id, { type: "close", by: "system", name: wasWaiting ? "ei vastausta" : "ei viestejä" }, (updated) => [
          { kind: "card-update" },
          personMessage(updated, { text: personText(wasWaiting ? "waitExpired" : "idleClosed", updated.language), feedback: !wasWaiting }),
          ...(updated.advisorChat ? [{ kind: "advisor-chat" as const, text: "Keskustelu suljettiin, koska siinä ei ollut viestejä. (Closed after a long silence.)" }] : []),
        ]);
        if (result.outcome === "done") {
          ended += 1;
          deps.logger.info({ handoffId: handoff.id, from: handoff.state }, "handoff.expired");
        }
      }
      return ended;
    },

    /** Notifies partner areas of live handoffs nobody claimed in time. Returns how many. */
    async escalateDue(): Promise<number> {
      const cutoff = new Date(clock().getTime() - deps.escalateAfterMinutes * 60_000).toISOString();
      const due = await deps.repository.dueForEscalation(cutoff);
      if (due.length === 0) return 0;
      const registrations = (await deps.repository.listChannels()).filter((channel) => channel.registeredAt);
      let escalated = 0;
      for (const handoff of due) {
        const partner = handoff.areaId ? deps.areas.partnerOf(handoff.areaId) : undefined;
        const cards = await deps.repository.listCards(handoff.id);
        const route = partner
          ? routeEscalation({
              partnerAreaId: partner.id,
              partnerMembers: partner.members,
              registrations,
              areaDefaults: deps.areaChannels,
              exclude: cards.map((card) => card.channelId),
            })
          : undefined;
        const result = await applyCommand(handoff.id, { type: "escalate" }, () =>
          route ? [{ kind: "channel-card", channelId: route.channelId, cardKind: "escalation" }] : [],
        );
        if (result.outcome === "done") {
          escalated += 1;
          deps.logger.info({ handoffId: handoff.id, partner: partner?.id, routed: Boolean(route) }, "handoff.escalated");
        }
      }
      return escalated;
    },
  };
}

export type HandoffService = ReturnType<typeof createHandoffService>;
