import type { Database } from "../platform/index.js";
import type { Logger } from "../platform/index.js";
import type { AdminRepository } from "./admin-repository.js";
import { editorOf, languageOf } from "./admin-router.js";
import type { AdminRouteExtension } from "./admin-routes-types.js";
import { applyRetention, eraseConversation } from "./privacy.js";

/** `DELETE /api/admin/conversations/:id` and `POST /api/admin/retention`: area admins only. */
export function privacyRoutes(deps: { database: Database; repository: AdminRepository; logger: Logger; retentionDays: number }): AdminRouteExtension {
  return (router, helpers) => {
    router.delete("/conversations/:id", async (request, response) => {
      const editor = editorOf(response);
      helpers.requireAreaAdmin(editor, languageOf(request));
      const result = await eraseConversation(deps, { conversationId: String(request.params.id), actor: editor.user });
      deps.logger.info({ user: editor.user, total: result.total }, "admin.conversation_erased");
      response.json(result);
    });
    router.post("/retention", async (request, response) => {
      const editor = editorOf(response);
      helpers.requireAreaAdmin(editor, languageOf(request));
      const result = await applyRetention(deps, { days: deps.retentionDays, actor: editor.user });
      response.json({ days: deps.retentionDays, ...result });
    });
  };
}
