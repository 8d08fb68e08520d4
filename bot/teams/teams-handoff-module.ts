import type { TurnContext } from "botbuilder";
import { ConfigError, createJwtVerifier, type Config, type Database, type Logger } from "../../platform/index.js";
import { parseAdvisorAreaMap } from "../advisor/advisor-auth.js";
import { ADVISOR_PATH, createAdvisorRouter } from "../advisor/advisor-routes.js";
import type { RouteModule } from "../app.js";
import { NoAdvisorHandoff } from "../conversation/no-advisor-handoff.js";
import { createConversationHandoffPort } from "../handoff/conversation-handoff-port.js";
import { createDeliveryWorker, startEscalationTimer } from "../handoff/delivery-worker.js";
import { createAreaDirectory } from "../handoff/employment-areas.js";
import { createHandoffRepository } from "../handoff/handoff-repository.js";
import { createHandoffService } from "../handoff/handoff-service.js";
import { createOfficeHoursPolicy } from "../handoff/office-hours.js";
import type { PersonChannel } from "../handoff/ports.js";
import { parseAreaChannels } from "../handoff/routing.js";
import { botAuthMode, createBotFrameworkAuthentication } from "./bot-authentication.js";
import { LahitukiCloudAdapter } from "./teams-adapter.js";
import { createTeamsGateway } from "./teams-gateway.js";
import { TEAMS_MESSAGES_PATH, createTeamsRouter } from "./teams-routes.js";
import { createTeamsTurnHandler, type ConversationTurn } from "./teams-turn.js";

export interface TeamsHandoffModuleOptions {
  readonly config: Config;
  readonly database: Database;
  readonly logger: Logger;
  /** Channels that reach people outside Teams (the web chat's Direct Line). */
  readonly personChannels?: readonly PersonChannel[];
  /** The shared conversation bot, for jobseekers chatting in Teams. */
  readonly conversationTurn?: ConversationTurn | undefined;
  readonly clock?: () => Date;
}

/**
 * Builds the Teams channel and the human handoff: `/api/messages`, the handoff service with its
 * delivery worker and escalation timer. The composition root (bot/main.ts) mounts `routes` and
 * calls `start`/`stop`.
 */
export function createTeamsHandoffModule(options: TeamsHandoffModuleOptions) {
  const { config, database } = options;
  const logger = options.logger.child({ module: "handoff" });
  const mode = botAuthMode(config);
  if (mode === "anonymous") {
    logger.warn("BOT_ALLOW_ANONYMOUS=true: /api/messages accepts unauthenticated activities. Never use this in production.");
  } else if (mode === "disabled") {
    logger.info("No MicrosoftAppId: /api/messages answers 503 until the Teams bot is configured");
  }
  const authentication = createBotFrameworkAuthentication(config);
  const adapter = mode === "disabled" ? undefined : new LahitukiCloudAdapter(authentication, logger);
  const teams = mode === "disabled" ? undefined : createTeamsGateway({ authentication, appId: config.MicrosoftAppId, logger });

  let officeHours: ReturnType<typeof createOfficeHoursPolicy>;
  try {
    officeHours = createOfficeHoursPolicy(config.OFFICE_HOURS, config.OFFICE_HOURS_BY_AREA);
  } catch (error) {
    // A typo in office hours must stop the start with the variable named, not fall back silently.
    throw new ConfigError(`Invalid configuration: OFFICE_HOURS / OFFICE_HOURS_BY_AREA: ${(error as Error).message}`, error);
  }
  const repository = createHandoffRepository(database);
  const areas = createAreaDirectory(config.ADVISOR_PARTNER_AREAS);
  let kick: () => void = () => undefined;
  const service = createHandoffService({
    repository,
    areas,
    officeHours,
    areaChannels: parseAreaChannels(config.HANDOFF_AREA_CHANNELS),
    escalateAfterMinutes: config.HANDOFF_ESCALATE_MINUTES,
    waitExpireMinutes: config.HANDOFF_WAIT_EXPIRE_MINUTES,
    idleCloseHours: config.HANDOFF_IDLE_CLOSE_HOURS,
    advisorLanguage: config.ADVISOR_LANGUAGE,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    onEnqueued: () => kick(),
  });
  const personChannels: PersonChannel[] = [...(options.personChannels ?? []), ...(teams ? [teams.personChannel] : [])];
  const worker = createDeliveryWorker({
    repository,
    service,
    gateway: teams?.gateway,
    personChannels,
    logger,
    pollMs: config.HANDOFF_OUTBOX_POLL_MS,
  });
  kick = () => worker.kick();
  let conversationTurn = options.conversationTurn;
  const onTurn = createTeamsTurnHandler({
    service,
    repository,
    areas,
    logger,
    conversationTurn: (context: TurnContext) => (conversationTurn ? conversationTurn(context) : Promise.resolve()),
  });
  const verifier = config.AUTH_JWKS_URL
    ? createJwtVerifier({ jwksUrl: config.AUTH_JWKS_URL, issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE })
    : undefined;
  const routes: RouteModule[] = [
    { path: TEAMS_MESSAGES_PATH, router: createTeamsRouter({ mode, adapter, logic: onTurn, logger }) },
    {
      path: ADVISOR_PATH,
      router: createAdvisorRouter({ service, repository, areas, verifier, areaMap: parseAdvisorAreaMap(config.ADVISOR_AREA_MAP), logger }),
    },
  ];
  let escalation: { stop(): Promise<void> } | undefined;

  return {
    mode,
    routes,
    service,
    /**
     * The conversation core's HandoffPort. When no advisor can be reached at all (no Teams bot and
     * no console sign-in configured) a request would wait forever, so the core's honest
     * "no advisors connected" port is used instead.
     */
    port: mode !== "disabled" || verifier ? createConversationHandoffPort(service) : new NoAdvisorHandoff(),
    repository,
    areas,
    worker,
    /** Sends conversation replies into Teams outside a turn; undefined without a Teams bot. */
    proactive: teams?.proactive,
    adapter,
    /** Proactive messages into Teams conversations for other capabilities (undefined without Teams). */
    teamsProactive: teams?.proactive,
    /** Adds a person channel after construction (the Direct Line channel is built later in main). */
    addPersonChannel(channel: PersonChannel): void {
      personChannels.unshift(channel);
    },
    setConversationTurn(turn: ConversationTurn): void {
      conversationTurn = turn;
    },
    start(): void {
      worker.start();
      const interval = Math.max(1_000, Math.min(60_000, (config.HANDOFF_ESCALATE_MINUTES * 60_000) / 4));
      escalation = startEscalationTimer(service, logger, interval);
    },
    async stop(): Promise<void> {
      await escalation?.stop();
      await worker.stop();
    },
  };
}

export type TeamsHandoffModule = ReturnType<typeof createTeamsHandoffModule>;
