import type { Server } from "node:http";
import type { ActivityHandler } from "botbuilder";
import type { Config, Database, Logger } from "../../platform/index.js";
import type { RouteModule } from "../app.js";
import { DirectLineAdapter } from "./directline-adapter.js";
import { DirectLineNotifier } from "./directline-notifier.js";
import { DirectLineProactiveChannel } from "./directline-proactive.js";
import { createDirectLineRouter, DIRECTLINE_PATH } from "./directline-router.js";
import { DirectLineStore } from "./directline-store.js";
import { attachDirectLineStream } from "./directline-stream.js";
import { DirectLineTokens } from "./directline-tokens.js";
import { RateLimiter } from "./rate-limiter.js";

export interface DirectLineModule {
  readonly routes: readonly RouteModule[];
  readonly adapter: DirectLineAdapter;
  readonly store: DirectLineStore;
  readonly tokens: DirectLineTokens;
  /** For the handoff capability: relays advisor messages to web chat users. */
  readonly proactive: DirectLineProactiveChannel;
  /** Attaches the WebSocket stream to the listening HTTP server. */
  attach(server: Server): void;
  stop(): Promise<void>;
}

/** Builds the web chat channel (Direct Line 3.0-compatible API) over the shared bot. */
export async function createDirectLineModule(options: {
  config: Config;
  database: Database;
  bot: ActivityHandler;
  logger: Logger;
}): Promise<DirectLineModule> {
  const { config, database } = options;
  const logger = options.logger.child({ module: "directline" });
  const tokens = await DirectLineTokens.create({
    database,
    secret: config.DIRECTLINE_TOKEN_SECRET,
    ttlSeconds: config.DIRECTLINE_TOKEN_TTL_SECONDS,
  });
  const store = new DirectLineStore(database);
  const notifier = new DirectLineNotifier();
  const adapter = new DirectLineAdapter({ store, notifier, logger, serviceUrl: `${config.PUBLIC_BASE_URL}${DIRECTLINE_PATH}` });
  const router = createDirectLineRouter({
    tokens,
    store,
    adapter,
    bot: options.bot,
    activityLimiter: new RateLimiter(config.CHAT_RATE_LIMIT_PER_MINUTE, 60_000),
    generateLimiter: new RateLimiter(config.DIRECTLINE_TOKENS_PER_ADDRESS_PER_MINUTE, 60_000),
    logger,
  });
  let detach: (() => Promise<void>) | undefined;
  return {
    routes: [{ path: DIRECTLINE_PATH, router }],
    adapter,
    store,
    tokens,
    proactive: new DirectLineProactiveChannel(adapter),
    attach(server) {
      detach = attachDirectLineStream(server, { tokens, store, notifier, logger });
    },
    async stop() {
      await detach?.();
    },
  };
}
