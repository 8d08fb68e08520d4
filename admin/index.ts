export { createAdminModule, type AdminModule, type AdminModuleDeps, type AdminConfig } from "./admin-module.js";
export { AdminRepository, type AuditEntry, type AuditWrite, type EditorRecord } from "./admin-repository.js";
export { LOCAL_ADMIN_PATH } from "./local-admin-http.js";
export { eraseConversation, applyRetention, discoverPersonalDataTables } from "./privacy.js";
export type { DigestSender } from "./digest.js";
export type { Editor, EditorRole } from "./roles.js";
export { shortageRoutes } from "./shortage-routes.js";
export type { InsightSource, InsightQuery, OutcomeRow, FeedbackRow, HandoffRow } from "./insights.js";
export { submissionRoutes, publishApprovedLeftovers, type SubmissionDecisionNotifier, type SubmissionReviewDeps } from "./submissions.js";
