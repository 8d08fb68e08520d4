import { UnauthorizedError, ForbiddenError, type JwtVerifier } from "../platform/index.js";
import type { AdminRepository } from "./admin-repository.js";
import { looksLikeApiToken } from "./api-tokens.js";
import type { Editor } from "./roles.js";

/** Turns an `Authorization` header into a signed-in editor, or throws 401/403. */
export interface AdminAuthenticator {
  authenticate(authorization: string | undefined): Promise<Editor>;
}

/**
 * Personal API tokens (looked up by hash) and, when ADMIN_JWKS_URL is configured, Teams SSO tokens
 * (Entra ID JWTs) whose `oid` or `preferred_username` names a registered editor.
 */
export function createAdminAuthenticator(deps: {
  repository: AdminRepository;
  jwtVerifier?: JwtVerifier | undefined;
}): AdminAuthenticator {
  return {
    async authenticate(authorization) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
      if (!match) throw new UnauthorizedError("Authentication required: send Authorization: Bearer TOKEN");
      const token = match[1]!;
      if (looksLikeApiToken(token)) {
        const editor = await deps.repository.editorForToken(token);
        if (!editor) throw new UnauthorizedError("Invalid or revoked token");
        return editor;
      }
      if (!deps.jwtVerifier || token.split(".").length !== 3) throw new UnauthorizedError("Invalid or revoked token");
      const payload = await deps.jwtVerifier.verify(token);
      // Only an immutable claim of the configured tenant identifies an editor: a user name
      // (preferred_username, upn) can be chosen by anyone in any tenant.
      const objectId = typeof payload.oid === "string" ? payload.oid : typeof payload.sub === "string" ? payload.sub : undefined;
      const record = objectId ? await deps.repository.findEditorForSso(objectId) : undefined;
      if (!record) throw new ForbiddenError("You are signed in but not registered as an editor; ask your area admin.");
      return { user: record.user, role: record.role, allMunicipalities: record.allMunicipalities, municipalities: record.municipalities, via: "sso" };
    },
  };
}
