import type { Searcher } from "../../knowledge/index.js";
import { helsinkiDate } from "../../knowledge/index.js";
import type { Config, Database, Logger } from "../../platform/index.js";
import { PostgresStorage } from "../storage/postgres-storage.js";
import { sharedUnderstandingModel, type UnderstandingModel } from "../understanding/index.js";
import { AnalyticsRepository } from "./analytics-repository.js";
import type { ChatModel } from "./chat-model.js";
import { LahitukiBot } from "./lahituki-bot.js";
import { NoAdvisorHandoff } from "./no-advisor-handoff.js";
import { OpenAiChatModel } from "./openai-chat-model.js";
import type { HandoffPort, ReplyDecorator, SearchReplyEnricher, TurnInterceptor, TurnOutcomeHook } from "./ports.js";

export interface ConversationBotOptions {
  readonly config: Config;
  readonly database: Database;
  readonly searcher: Searcher;
  readonly logger: Logger;
  /** Human handoff; default: the honest no-advisor flow. */
  readonly handoff?: HandoffPort | undefined;
  /** Default: an OpenAI-compatible model when OPENAI_CHAT_MODEL is set, else none. */
  readonly chatModel?: ChatModel | undefined;
  readonly onTurnOutcome?: readonly TurnOutcomeHook[] | undefined;
  readonly decorators?: readonly ReplyDecorator[] | undefined;
  readonly interceptors?: readonly TurnInterceptor[] | undefined;
  readonly enrichers?: readonly SearchReplyEnricher[] | undefined;
  /** Override "today" (tests). */
  readonly today?: () => string;
  /** Trained understanding; default: the repository corpus's model, trained once per process. */
  readonly understanding?: UnderstandingModel | undefined;
}

/** The chat model configured by OPENAI_CHAT_MODEL (+ key/base URL), or undefined. */
function createChatModel(config: Config): ChatModel | undefined {
  if (!config.OPENAI_CHAT_MODEL) return undefined;
  return new OpenAiChatModel({
    apiKey: config.OPENAI_API_KEY,
    baseUrl: config.OPENAI_BASE_URL,
    apiVersion: config.OPENAI_API_VERSION,
    model: config.OPENAI_CHAT_MODEL,
    timeoutMs: Math.min(config.OPENAI_TIMEOUT_MS, config.REPLY_BUDGET_MS),
  });
}

/** Builds the one bot every channel shares, with its state in PostgreSQL. */
export function createConversationBot(options: ConversationBotOptions): LahitukiBot {
  const { config, logger } = options;
  const chatModel = "chatModel" in options ? options.chatModel : createChatModel(config);
  return new LahitukiBot({
    turn: {
      searcher: options.searcher,
      handoff: options.handoff ?? new NoAdvisorHandoff(),
      chatModel,
      understanding: options.understanding ?? sharedUnderstandingModel(),
      logger: logger.child({ module: "conversation" }),
      today: options.today ?? (() => helsinkiDate()),
      settings: { replyBudgetMs: config.REPLY_BUDGET_MS, minScore: config.ANSWER_MIN_SCORE, pageSize: 5 },
      interceptors: options.interceptors,
      enrichers: options.enrichers,
    },
    storage: new PostgresStorage(options.database),
    analytics: new AnalyticsRepository(options.database),
    onTurnOutcome: options.onTurnOutcome,
    decorators: options.decorators,
    logger: logger.child({ module: "conversation" }),
  });
}
