import type { Router } from "express";
import type { Embedder } from "../knowledge/index.js";
import type { KnowledgeStore } from "../knowledge/index.js";
import type { Config } from "../platform/index.js";
import type { Database } from "../platform/index.js";
import { createJwtVerifier, type JwtVerifier } from "../platform/index.js";
import type { Logger } from "../platform/index.js";
import { AdminRepository } from "./admin-repository.js";
import { createAdminRouter } from "./admin-router.js";
import type { AdminRouteExtension } from "./admin-routes-types.js";
import { createAdminUiRouter } from "./admin-ui-router.js";
import { createAdminAuthenticator } from "./authenticate.js";
import { startAdminJobs } from "./admin-jobs.js";
import type { DigestSender } from "./digest.js";
import { createLocalAdminRouter } from "./local-admin-http.js";
import { insightRoutes } from "./insights-routes.js";
import type { InsightSource } from "./insights.js";
import { privacyRoutes } from "./privacy-routes.js";
import { ImportQueue, SqlSubmissionRepository } from "../ingest/index.js";
import { helsinkiDate } from "../knowledge/index.js";
import { publishApprovedLeftovers, submissionRoutes, type SubmissionDecisionNotifier } from "./submissions.js";
import { clearUploadScratch, uploadRoutes, uploadScratchDirectory } from "./uploads.js";

export type AdminConfig = Pick<
  Config,
  | "ADMIN_UPLOAD_MAX_MB"
  | "ADMIN_UPLOAD_PARSE_TIMEOUT_MS"
  | "ADMIN_UPLOAD_PARSE_MEMORY_MB"
  | "ADMIN_JWKS_URL"
  | "ADMIN_ISSUER"
  | "ADMIN_AUDIENCE"
  | "AUTH_JWKS_URL"
  | "AUTH_ISSUER"
  | "AUTH_AUDIENCE"
  | "ADMIN_EXPIRING_DAYS"
  | "ADMIN_STALE_DAYS"
  | "DIGEST_SCHEDULE"
  | "RETENTION_DAYS"
  | "IMPORT_QUEUE_MAX_WAITING"
  | "SUBMISSION_REVIEW_DAYS"
  | "dataDir"
>;

export interface AdminModuleDeps {
  readonly database: Database;
  readonly store: KnowledgeStore;
  readonly embedder: Embedder;
  readonly logger: Logger;
  readonly config: AdminConfig;
  /** Tests pass a verifier for a local JWKS; otherwise built from ADMIN_JWKS_URL when set. */
  readonly jwtVerifier?: JwtVerifier | undefined;
  /** The server's one import queue, shared with `npm run ingest` through the server; default: the module's own. */
  readonly importQueue?: ImportQueue | undefined;
  /** Today in Europe/Helsinki; injectable for tests. */
  readonly today?: () => string;
  /** Turn outcomes, feedback and handoffs for insights, from the capability that owns them. */
  readonly insights: InsightSource;
  /** Told the ids an upload or item edit wrote, so job alerts go out at once; must not throw. */
  readonly onItemsChanged?: ((source: string, ids: readonly string[]) => void) | undefined;
  /** Tells employers about review decisions (the bot's e-mail and chat); read when a decision is made. */
  readonly submissionNotifier?: (() => SubmissionDecisionNotifier | undefined) | undefined;
}

export interface AdminModule {
  readonly repository: AdminRepository;
  /** Mount at /api/admin. */
  readonly apiRouter: Router;
  /** Mount at /admin. */
  readonly uiRouter: Router;
  /** Mount at LOCAL_ADMIN_PATH when this process holds DATA_DIR: `npm run admin` goes through it. */
  localRouter(secret: string): Router;
  /** Starts daily retention and the weekly digest (when a sender exists); stop before closing the database. */
  startJobs(options: { digestSender?: DigestSender | undefined; publicBaseUrl: string }): { stop(): Promise<void> };
}

/** Builds the admin API and UI from the opened knowledge base; the composition root mounts them. */
export function createAdminModule(deps: AdminModuleDeps, extensions: readonly AdminRouteExtension[] = []): AdminModule {
  const logger = deps.logger.child({ module: "admin" });
  const repository = new AdminRepository(deps.database);
  // The admin and advisor tabs live in one Teams app with one SSO resource: ADMIN_* default to AUTH_*.
  const jwksUrl = deps.config.ADMIN_JWKS_URL ?? deps.config.AUTH_JWKS_URL;
  const jwtVerifier =
    deps.jwtVerifier ??
    (jwksUrl
      ? createJwtVerifier({
          jwksUrl,
          issuer: deps.config.ADMIN_ISSUER ?? deps.config.AUTH_ISSUER,
          audience: deps.config.ADMIN_AUDIENCE ?? deps.config.AUTH_AUDIENCE,
        })
      : undefined);
  const itemsDeps = { store: deps.store, embedder: deps.embedder, repository, logger, onItemsChanged: deps.onItemsChanged };
  const scratchDirectory = uploadScratchDirectory(deps.config.dataDir);
  const leftovers = clearUploadScratch(scratchDirectory);
  if (leftovers > 0) logger.info({ folders: leftovers }, "admin.upload_scratch_cleared");
  const uploads = uploadRoutes(
    itemsDeps,
    {
      maxBytes: deps.config.ADMIN_UPLOAD_MAX_MB * 1024 * 1024,
      parseTimeoutMs: deps.config.ADMIN_UPLOAD_PARSE_TIMEOUT_MS,
      parseMemoryMb: deps.config.ADMIN_UPLOAD_PARSE_MEMORY_MB,
    },
    { scratchDirectory, queue: deps.importQueue ?? new ImportQueue(deps.config.IMPORT_QUEUE_MAX_WAITING) },
  );
  const today = deps.today ?? (() => helsinkiDate());
  const submissions = new SqlSubmissionRepository(deps.database);
  const reviewDeps = {
    submissions,
    store: deps.store,
    embedder: deps.embedder,
    audit: repository,
    logger,
    today,
    onItemsChanged: deps.onItemsChanged,
  };
  const apiRouter = createAdminRouter({
    ...itemsDeps,
    authenticator: createAdminAuthenticator({ repository, jwtVerifier }),
    expiringDays: deps.config.ADMIN_EXPIRING_DAYS,
    staleDays: deps.config.ADMIN_STALE_DAYS,
    ...(deps.today ? { today: deps.today } : {}),
    extensions: [uploads, insightRoutes({ insights: deps.insights, submissions }), privacyRoutes({ database: deps.database, repository, logger, retentionDays: deps.config.RETENTION_DAYS }),
      submissionRoutes({ ...reviewDeps, notifier: () => deps.submissionNotifier?.() }),
      ...extensions,
    ],
  });
  return {
    repository,
    apiRouter,
    uiRouter: createAdminUiRouter(),
    localRouter: (secret) =>
      createLocalAdminRouter({ database: deps.database, repository, retentionDays: deps.config.RETENTION_DAYS, secret }),
    startJobs: (options) => {
      if (!options.digestSender && deps.config.DIGEST_SCHEDULE !== "off") {
        logger.info("admin.digest_idle: no Teams app registration, the weekly digest is not sent");
      }
      publishApprovedLeftovers(reviewDeps).then(
        (count) => count > 0 && logger.info({ count }, "admin.submissions_republished"),
        (error: unknown) => logger.error({ err: error }, "admin.submissions_republish_failed"),
      );
      return startAdminJobs({
        submissions,
        submissionReviewDays: deps.config.SUBMISSION_REVIEW_DAYS,
        database: deps.database,
        repository,
        logger,
        retentionDays: deps.config.RETENTION_DAYS,
        digestSchedule: deps.config.DIGEST_SCHEDULE,
        digestSender: options.digestSender,
        expiringDays: deps.config.ADMIN_EXPIRING_DAYS,
        staleDays: deps.config.ADMIN_STALE_DAYS,
        adminUrl: `${options.publicBaseUrl.replace(/\/$/, "")}/admin`,
      });
    },
  };
}
