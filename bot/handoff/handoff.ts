/**
 * The handoff domain: one request of a person to talk with a human advisor, and the pure state
 * machine that decides which commands are allowed in which state. The repository applies a
 * decision with a conditional UPDATE on the state it was made from, so a race (two advisors
 * claiming at once) is settled by the database: the loser re-reads and gets `rejected`.
 */
export type HandoffState = "waiting" | "claimed" | "closed" | "cancelled";

/** `live`: an advisor chats now; `callback`: outside office hours, an advisor contacts later. */
export type HandoffMode = "live" | "callback";

export type PersonLanguage = "fi" | "sv" | "en";

export interface AdvisorIdentity {
  /** Stable id: Entra object id (Teams `aadObjectId`, token `oid`) or the Teams user id. */
  readonly id: string;
  readonly name: string;
  /** Teams user id (`29:…`) when known, needed to open the advisor's 1:1 chat. */
  readonly teamsUserId?: string | undefined;
  /** Tenant and Bot Connector service URL seen when the advisor acted in Teams. */
  readonly tenantId?: string | undefined;
  readonly serviceUrl?: string | undefined;
}

export interface HandoffContact {
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
}

export interface TranscriptLine {
  readonly role: "person" | "bot" | "advisor";
  readonly text: string;
  readonly at?: string | undefined;
}

export interface Handoff {
  readonly id: string;
  /** The person's conversation (Direct Line or Teams). */
  readonly conversationId: string;
  readonly channel: string;
  readonly language: PersonLanguage;
  /** Statistics Finland code, when known. */
  readonly municipality: string | undefined;
  readonly areaId: string | undefined;
  readonly topic: string;
  readonly summary: string;
  readonly botAnswers: readonly string[];
  readonly consentToTranscript: boolean;
  /** Only stored when the person consented to share the conversation. */
  readonly transcript: readonly TranscriptLine[];
  readonly contact: HandoffContact | undefined;
  readonly trigger: string;
  readonly mode: HandoffMode;
  readonly state: HandoffState;
  readonly createdAt: string;
  readonly claimedAt: string | undefined;
  readonly claimedBy: AdvisorIdentity | undefined;
  readonly closedAt: string | undefined;
  readonly closedBy: "advisor" | "person" | "system" | undefined;
  readonly closedByName: string | undefined;
  readonly escalatedAt: string | undefined;
  readonly callbackDone: boolean;
}

export type HandoffCommand =
  | { readonly type: "claim"; readonly advisor: AdvisorIdentity }
  | { readonly type: "close"; readonly by: "advisor" | "person" | "system"; readonly name?: string | undefined }
  | { readonly type: "cancel" }
  | { readonly type: "callbackDone"; readonly advisor: AdvisorIdentity }
  | { readonly type: "escalate" };

export type HandoffPatch = Partial<
  Pick<Handoff, "state" | "claimedAt" | "claimedBy" | "closedAt" | "closedBy" | "closedByName" | "escalatedAt" | "callbackDone">
>;

export type HandoffDecision =
  | { readonly kind: "apply"; readonly from: HandoffState; readonly patch: HandoffPatch }
  | {
      readonly kind: "rejected";
      readonly reason: "already_claimed" | "already_ended" | "not_waiting" | "not_callback" | "already_escalated";
    };

/** Decides a command against the current state; pure, `now` is an ISO instant. */
export function decide(handoff: Handoff, command: HandoffCommand, now: string): HandoffDecision {
  const ended = handoff.state === "closed" || handoff.state === "cancelled";
  switch (command.type) {
    case "claim":
      if (ended) return { kind: "rejected", reason: "already_ended" };
      if (handoff.state === "claimed") return { kind: "rejected", reason: "already_claimed" };
      return { kind: "apply", from: "waiting", patch: { state: "claimed", claimedAt: now, claimedBy: command.advisor } };
    case "close":
      if (ended) return { kind: "rejected", reason: "already_ended" };
      return {
        kind: "apply",
        from: handoff.state,
        patch: { state: "closed", closedAt: now, closedBy: command.by, closedByName: command.name },
      };
    case "cancel":
      if (ended) return { kind: "rejected", reason: "already_ended" };
      if (handoff.state !== "waiting") return { kind: "rejected", reason: "not_waiting" };
      return { kind: "apply", from: "waiting", patch: { state: "cancelled", closedAt: now, closedBy: "person" } };
    case "callbackDone":
      if (handoff.mode !== "callback") return { kind: "rejected", reason: "not_callback" };
      if (ended) return { kind: "rejected", reason: "already_ended" };
      return {
        kind: "apply",
        from: handoff.state,
        patch: {
          state: "closed",
          closedAt: now,
          closedBy: "advisor",
          closedByName: command.advisor.name,
          callbackDone: true,
          ...(handoff.claimedBy ? {} : { claimedBy: command.advisor, claimedAt: now }),
        },
      };
    case "escalate":
      if (handoff.state !== "waiting") return { kind: "rejected", reason: "not_waiting" };
      if (handoff.escalatedAt) return { kind: "rejected", reason: "already_escalated" };
      return { kind: "apply", from: "waiting", patch: { escalatedAt: now } };
  }
}

/** Cancel words a waiting person may type ("peru", "avbryt", "cancel"), compared loosely. */
const CANCEL_WORDS = new Set([
  "peru", "peruuta", "peruutan", "peru pyyntö", "en halua", "lopeta",
  "avbryt", "avbryta", "ångra",
  "cancel", "stop", "never mind", "nevermind",
]);

export function isCancelRequest(text: string): boolean {
  const normalised = text.normalize("NFC").toLowerCase().replace(/[.!?,;:"'´`]+/g, " ").replace(/\s+/g, " ").trim();
  return CANCEL_WORDS.has(normalised);
}

/** `/close` (or `/sulje`, `/stäng`) typed by an advisor in the relay chat. */
export function isAdvisorCloseCommand(text: string): boolean {
  return /^\/(close|sulje|lopeta|stäng)\s*$/i.test(text.trim());
}
