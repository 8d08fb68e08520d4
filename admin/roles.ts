/**
 * Who may do what in knowledge administration. Pure functions over an `Editor`; the router calls
 * them on every route so scope is enforced on the server, never only in the UI.
 * See docs/decisions/0040-admin-auth-and-scope.md.
 */

export const EDITOR_ROLES = ["editor", "admin"] as const;
export type EditorRole = (typeof EDITOR_ROLES)[number];

/** A signed-in person with their scope. */
export interface Editor {
  readonly user: string;
  /** "admin": area admin (manages editors, privacy operations); needs area scope. */
  readonly role: EditorRole;
  /** True: the whole employment area, including area-wide items without a municipality. */
  readonly allMunicipalities: boolean;
  /** Statistics Finland codes the editor maintains (empty with area scope). */
  readonly municipalities: readonly string[];
  /** How the request was authenticated. */
  readonly via: "token" | "sso" | "cli";
}

/** Whether the editor may see items of `municipality` (undefined: area-wide items, shared by all). */
export function canReadMunicipality(editor: Editor, municipality: string | undefined): boolean {
  if (editor.allMunicipalities || municipality === undefined) return true;
  return editor.municipalities.includes(municipality);
}

/** Whether the editor may create, change, expire or delete items of `municipality`. */
export function canWriteMunicipality(editor: Editor, municipality: string | undefined): boolean {
  if (editor.allMunicipalities) return true;
  // Area-wide services affect every municipality: only area scope may change them.
  if (municipality === undefined) return false;
  return editor.municipalities.includes(municipality);
}

/** Editors, tokens of others, erasure and retention: area admins only. */
export function isAreaAdmin(editor: Editor): boolean {
  return editor.role === "admin" && editor.allMunicipalities;
}

/**
 * The municipality codes a listing may show: undefined means no restriction (area scope).
 * `requested` narrows it; asking for codes outside the scope returns "forbidden".
 */
export function listingScope(
  editor: Editor,
  requested: readonly string[] | undefined,
): { readonly municipalities: readonly string[] | undefined; readonly includeAreaWide: boolean } | "forbidden" {
  if (requested && requested.length > 0) {
    if (requested.some((code) => !canReadMunicipality(editor, code))) return "forbidden";
    return { municipalities: requested, includeAreaWide: false };
  }
  if (editor.allMunicipalities) return { municipalities: undefined, includeAreaWide: true };
  return { municipalities: editor.municipalities, includeAreaWide: true };
}

