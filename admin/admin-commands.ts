import { z } from "zod";
import { municipalityCode } from "../knowledge/index.js";
import type { Database } from "../platform/index.js";
import { ValidationError } from "../platform/index.js";
import type { AdminRepository } from "./admin-repository.js";
import { applyRetention, eraseConversation } from "./privacy.js";

/** What `npm run admin` can do; the same commands run in the server (local route) or directly. */
export const adminCommandSchema = z.discriminatedUnion("command", [
  z.object({
    command: z.literal("create-token"),
    user: z.string().trim().min(1).max(200),
    /** "all" or municipality names/codes. */
    municipalities: z.array(z.string().trim().min(1)).min(1),
    role: z.enum(["editor", "admin"]).optional(),
  }),
  z.object({ command: z.literal("revoke-token"), user: z.string().trim().min(1) }),
  z.object({ command: z.literal("list-tokens") }),
  z.object({ command: z.literal("erase"), conversation: z.string().trim().min(1).max(500) }),
  z.object({ command: z.literal("retention"), days: z.number().int().positive().optional() }),
]);
export type AdminCommand = z.infer<typeof adminCommandSchema>;

export interface AdminCommandDeps {
  readonly database: Database;
  readonly repository: AdminRepository;
  readonly retentionDays: number;
  /** Who runs the command, for the audit log (e.g. "cli:maija"). */
  readonly actor: string;
}

/** Resolves `--municipality` values: "all" or names in any form; unknown names fail with the name. */
function resolveScope(values: readonly string[]): { all: boolean; codes: string[] } {
  const parts = values.flatMap((value) => value.split(",")).map((value) => value.trim()).filter(Boolean);
  if (parts.some((value) => value.toLowerCase() === "all")) {
    if (parts.length > 1) throw new ValidationError('--municipality all cannot be combined with municipalities', { field: "municipality" });
    return { all: true, codes: [] };
  }
  const codes: string[] = [];
  for (const part of parts) {
    const code = municipalityCode(part);
    if (!code) throw new ValidationError(`unknown municipality "${part}"`, { field: "municipality" });
    if (!codes.includes(code)) codes.push(code);
  }
  return { all: false, codes };
}

export async function runAdminCommand(deps: AdminCommandDeps, command: AdminCommand): Promise<Record<string, unknown>> {
  switch (command.command) {
    case "create-token": {
      const scope = resolveScope(command.municipalities);
      // Whole-area tokens are area admins unless asked otherwise; municipal editors never are.
      const role = command.role ?? (scope.all ? "admin" : "editor");
      if (role === "admin" && !scope.all) {
        throw new ValidationError("--role admin needs --municipality all", { field: "role" });
      }
      const editor = await deps.repository.upsertEditor({
        user: command.user,
        role,
        allMunicipalities: scope.all,
        municipalities: scope.codes,
      });
      const created = await deps.repository.createToken(command.user);
      await deps.repository.appendAudit({
        actor: deps.actor,
        action: "token.create",
        details: { user: command.user, role, scope: scope.all ? "all" : scope.codes.join(","), prefix: created.record.prefix },
      });
      return { user: editor.user, role: editor.role, allMunicipalities: editor.allMunicipalities, municipalities: editor.municipalities, token: created.token };
    }
    case "revoke-token": {
      const revoked = await deps.repository.revokeTokens(command.user);
      await deps.repository.appendAudit({ actor: deps.actor, action: "token.revoke", details: { user: command.user, revoked } });
      return { user: command.user, revoked };
    }
    case "list-tokens": {
      const editors = await deps.repository.listEditors();
      const tokens = await deps.repository.listTokens();
      return { editors, tokens };
    }
    case "erase": {
      const result = await eraseConversation(deps, { conversationId: command.conversation, actor: deps.actor });
      return { ...result };
    }
    case "retention": {
      const days = command.days ?? deps.retentionDays;
      const result = await applyRetention(deps, { days, actor: deps.actor });
      return { days, ...result };
    }
  }
}
