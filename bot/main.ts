import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createLocalIngestRouter, ImportQueue, LOCAL_INGEST_PATH, seedDemoKnowledge } from "../ingest/index.js";
import { createAdminModule } from "../admin/index.js";
import { LOCAL_ADMIN_PATH } from "../admin/index.js";
import { createLocalSyncRouter, LOCAL_SYNC_PATH } from "../ingest/index.js";
import { createSourceAdapters, scheduledSources } from "../ingest/index.js";
import { SqlSyncLeaseStore, SyncRunner } from "../ingest/index.js";
import { startSyncScheduler, type SyncScheduler } from "../ingest/index.js";
import { openKnowledgeBase, type KnowledgeBase } from "../knowledge/index.js";
import { HybridSearcher, helsinkiDate } from "../knowledge/index.js";
import { createSearchRouter, SEARCH_PATH } from "../knowledge/index.js";
import { createLogger, describeError, loadConfig, type Config, type Logger } from "../platform/index.js";
import { createApp, type RouteModule } from "./app.js";
import { createTeamsHandoffModule, type TeamsHandoffModule } from "./teams/teams-handoff-module.js";
import { createSqlInsightSource } from "./insight-source.js";
import { createTeamsDigestSender } from "./teams/teams-digest-sender.js";
import { createConversationBot } from "./conversation/create-conversation-bot.js";
import { createAlertsModule, type AlertsModule } from "./alerts/create-alerts-module.js";
import { shortageRoutes } from "../admin/index.js";
import { isDirectLineStreamPath } from "./directline/directline-stream.js";
import { createDirectLineModule, type DirectLineModule } from "./directline/create-directline-module.js";
import { createProactivePersonChannel } from "./handoff/conversation-handoff-port.js";
import { createWebRouter } from "./web/web-router.js";
import { createEmployerModule } from "./employer/employer-module.js";

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  readonly knowledge: KnowledgeBase;
  /** Teams channel and human handoff. */
  readonly handoff: TeamsHandoffModule;
  /** Web chat channel. */
  readonly directLine: DirectLineModule;
  /** Job alerts, commute and shortage guidance. */
  readonly alerts: AlertsModule;
  stop(): Promise<void>;
}

/**
 * The composition root: reads config, opens the knowledge base, wires every capability's routes
 * and starts listening. `/healthz` answers 503 until migrations and the demo seed are done.
 */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  let ready = false;
  const knowledge = await openKnowledgeBase(config, logger);
  const maxFileBytes = config.INGEST_MAX_FILE_MB * 1024 * 1024;
  const importQueue = new ImportQueue(config.IMPORT_QUEUE_MAX_WAITING);
  const modules: RouteModule[] = [];
  const searcher = new HybridSearcher({ database: knowledge.database, embedder: knowledge.embedder, logger });
  modules.push({ path: SEARCH_PATH, router: createSearchRouter({ searcher, logger }) });
  // Job alerts, commute-aware answers and shortage guidance.
  const alerts = createAlertsModule({ config, database: knowledge.database, store: knowledge.store, searcher, logger });
  // Items written by a file ingest, an upload or an edit are matched against alerts at once, not at
  // the next periodic scan; the caller's answer does not wait for the deliveries.
  const itemsChanged = (source: string, ids: readonly string[]) => {
    if (ids.length === 0) return;
    alerts.service.onItemsChanged(source, ids).catch((error: unknown) => logger.warn({ err: error, source }, "alerts.on_items_changed_failed"));
  };
  if (knowledge.lock) {
    modules.push({
      path: LOCAL_INGEST_PATH,
      router: createLocalIngestRouter({
        store: knowledge.store,
        embedder: knowledge.embedder,
        logger,
        secret: knowledge.lock.info.secret,
        maxFileBytes,
        queue: importQueue,
        onIngested: (summary) => {
          for (const entry of summary.changed) itemsChanged(entry.source, entry.ids);
        },
      }),
    });
  }
  const sources = createSourceAdapters(config, { logger });
  const syncRunner = new SyncRunner({
    store: knowledge.store,
    embedder: knowledge.embedder,
    logger,
    leases: new SqlSyncLeaseStore(knowledge.database),
    ...sources,
    onItemsChanged: (source, ids) => alerts.service.onItemsChanged(source, ids),
  });
  if (knowledge.lock) {
    modules.push({
      path: LOCAL_SYNC_PATH,
      router: createLocalSyncRouter({ runner: syncRunner, secret: knowledge.lock.info.secret, logger }),
    });
  }
  // Employers: the vacancy form in the chat, and the answer when a municipality decides.
  const employer = createEmployerModule({
    database: knowledge.database,
    logger,
    limits: { perConversationPerDay: config.SUBMISSIONS_PER_CONVERSATION_PER_DAY, perClientPerDay: config.SUBMISSIONS_PER_CLIENT_PER_DAY },
    today: () => helsinkiDate(),
    email: alerts.email,
  });
  const admin = createAdminModule({
    ...knowledge,
    logger,
    config,
    importQueue,
    insights: createSqlInsightSource(knowledge.database),
    onItemsChanged: itemsChanged,
    submissionNotifier: () => employer.notifier,
  }, [
    shortageRoutes({ store: alerts.shortage, audit: { appendAudit: (entry) => admin.repository.appendAudit(entry) } }),
  ]);
  modules.push({ path: "/api/admin", router: admin.apiRouter }, { path: "/admin", router: admin.uiRouter });
  if (knowledge.lock) modules.push({ path: LOCAL_ADMIN_PATH, router: admin.localRouter(knowledge.lock.info.secret) });
  const handoff = createTeamsHandoffModule({ config, database: knowledge.database, logger });
  modules.push(...handoff.routes);
  const conversationBot = createConversationBot({
    config,
    database: knowledge.database,
    searcher,
    logger,
    handoff: handoff.port,
    interceptors: [employer.intercept, (turn) => alerts.mobility.intercept(turn)],
    enrichers: [(context) => alerts.mobility.enrichSearchReply(context)],
  });
  handoff.setConversationTurn((context) => conversationBot.run(context));
  const directLine = await createDirectLineModule({ config, database: knowledge.database, bot: conversationBot, logger });
  handoff.addPersonChannel(createProactivePersonChannel(directLine.proactive));
  alerts.addChannel("directline", directLine.proactive);
  employer.addChannel(directLine.proactive);
  if (handoff.proactive) employer.addChannel(handoff.proactive);
  modules.push(...alerts.routes);
  modules.push(...directLine.routes, { path: "/", router: createWebRouter({ config }) });
  const app = createApp({ logger, isReady: () => ready }, modules);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.PORT, config.HOST, () => resolve(listening));
    listening.once("error", reject);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  knowledge.lock?.setPort(port);
  directLine.attach(server);
  // Upgrades to any other path are answered and closed at once: left open, they piled up in
  // CLOSE-WAIT and kept the process from exiting on SIGTERM.
  server.on("upgrade", (request: IncomingMessage, socket: Duplex) => {
    if (isDirectLineStreamPath(request.url)) return;
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", () => socket.destroy());
  });
  logger.info({ port, database: knowledge.database.kind, embedder: knowledge.embedder.id }, "server.listening");

  if (config.SEED_DEMO) {
    const seeded = await seedDemoKnowledge(
      { store: knowledge.store, embedder: knowledge.embedder, logger },
      { maxFileBytes },
    );
    if (seeded) {
      logger.info({ inserted: seeded.inserted, rejected: seeded.rejected }, "server.demo_seeded");
    }
  }
  handoff.start();
  const adminJobs = admin.startJobs({
    digestSender: createTeamsDigestSender({ config, database: knowledge.database, logger }),
    publicBaseUrl: config.PUBLIC_BASE_URL,
  });
  alerts.start();
  ready = true;
  logger.info("server.ready");
  // Off unless SYNC_INTERVAL_MINUTES (or a per-source interval) is set: no network calls by default.
  const syncScheduler: SyncScheduler = startSyncScheduler(
    { runner: syncRunner, logger },
    { sources: scheduledSources(config, syncRunner.sources) },
  );

  let stopped = false;
  return {
    server,
    port,
    knowledge,
    handoff,
    directLine,
    alerts,
    async stop() {
      if (stopped) return;
      stopped = true;
      await handoff.stop();
      await directLine.stop();
      await syncScheduler.stop();
      await adminJobs.stop();
      await alerts.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await knowledge.close();
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env, { dotenvPath: path.resolve(".env") });
  } catch (error) {
    process.stderr.write(`${describeError(error)}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  let running: RunningServer;
  try {
    running = await startServer(config, logger);
  } catch (error) {
    logger.fatal({ err: error }, "server.start_failed");
    process.stderr.write(`Lähituki could not start: ${describeError(error)}\n`);
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, "server.stopping");
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "server.stop_failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main();
}
