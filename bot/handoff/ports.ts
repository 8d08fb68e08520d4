import type { PersonAddress, PersonMessage, TeamsConversationRef } from "./handoff-repository.js";

/** An outgoing Teams message: plain text (markdown) and/or one Adaptive Card. */
export interface AdvisorActivity {
  readonly text?: string | undefined;
  readonly card?: Record<string, unknown> | undefined;
}

/**
 * What the handoff capability needs from Teams, apart from the turn it is in: post and update
 * cards in advisor channels and talk in an advisor's 1:1 chat. Implemented over botbuilder's
 * connector in bot/teams/teams-gateway.ts; retried there on transient connector errors.
 */
export interface AdvisorGateway {
  /** Posts a new message to a channel; returns the activity id (for later updates). */
  postToChannel(channel: TeamsConversationRef, activity: AdvisorActivity): Promise<string>;
  updateInChannel(channel: TeamsConversationRef, activityId: string, activity: AdvisorActivity): Promise<void>;
  /** Opens (or reopens) the 1:1 chat between the bot and a Teams user. */
  openPersonalChat(input: { serviceUrl: string; tenantId: string | undefined; teamsUserId: string; botId: string | undefined }): Promise<TeamsConversationRef>;
  sendToChat(chat: TeamsConversationRef, activity: AdvisorActivity): Promise<void>;
}

/** Delivers messages to the person (web chat through Direct Line, Teams proactively). */
export interface PersonChannel {
  readonly channelIds: readonly string[];
  send(address: PersonAddress, message: PersonMessage, language: "fi" | "sv" | "en", handoffId: string): Promise<void>;
}
