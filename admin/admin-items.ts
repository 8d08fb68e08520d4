import type { Embedder } from "../knowledge/index.js";
import { contentHash, validateItem, type CanonicalItem, type ItemKind, type StoredItem } from "../knowledge/index.js";
import type { KnowledgeStore } from "../knowledge/index.js";
import { addDays } from "../knowledge/index.js";
import { municipalityName } from "../knowledge/index.js";
import { asksForCredentials } from "../knowledge/index.js";
import { NotFoundError } from "../platform/index.js";
import { ForbiddenError } from "../platform/index.js";
import type { Logger } from "../platform/index.js";
import { writeItems } from "../ingest/index.js";
import { ConflictError, ItemValidationError } from "./admin-errors.js";
import type { AdminRepository } from "./admin-repository.js";
import { ADMIN_MESSAGES, localiseIssue, type AdminLanguage } from "./messages.js";
import { canReadMunicipality, canWriteMunicipality, listingScope, type Editor } from "./roles.js";

/** Items created through the admin API belong to this source. */
const ADMIN_SOURCE = "admin";

export interface AdminItemsDeps {
  readonly store: KnowledgeStore;
  readonly embedder: Embedder;
  readonly repository: AdminRepository;
  readonly logger: Logger;
  /** Told the ids an edit or upload wrote (job alerts); must not throw. */
  readonly onItemsChanged?: ((source: string, ids: readonly string[]) => void) | undefined;
}

/** A stored item as the admin API returns it: with whether the caller may change it and the municipality's name. */
export type AdminItem = StoredItem & {
  readonly editable: boolean;
  readonly municipalityName?: string | undefined;
  /** The text asks people to send credentials: held back from the chat until an editor reviews it. */
  readonly flaggedAsksForCredentials?: true | undefined;
};

export interface ItemQuery {
  readonly kind?: ItemKind | undefined;
  /** Municipality codes (already resolved from any name form). */
  readonly municipalities?: readonly string[] | undefined;
  readonly source?: string | undefined;
  readonly validity?: "open" | "expired" | "upcoming" | undefined;
  readonly text?: string | undefined;
  /** Only items whose validUntil is within this many days from today. */
  readonly expiringWithinDays?: number | undefined;
  /** Only items not updated for this many days. */
  readonly staleAfterDays?: number | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** Fields a client may send back from a GET that are not part of the canonical item. */
const STORED_ONLY_FIELDS = ["source", "contentHash", "createdAt", "updatedAt", "editable", "municipalityName"];

function forbidden(editor: Editor, municipality: string | undefined, language: AdminLanguage): ForbiddenError {
  void editor;
  return new ForbiddenError(
    municipality === undefined ? ADMIN_MESSAGES.forbiddenAreaWide[language] : ADMIN_MESSAGES.forbiddenMunicipality[language],
  );
}

function withEditable(editor: Editor, item: StoredItem): AdminItem {
  const name = item.municipality ? municipalityName(item.municipality) : undefined;
  const flagged = asksForCredentials(`${item.title}. ${item.description}`);
  return {
    ...item,
    editable: canWriteMunicipality(editor, item.municipality),
    ...(name ? { municipalityName: name } : {}),
    ...(flagged ? { flaggedAsksForCredentials: true as const } : {}),
  };
}

/** Validates a request body as a canonical item, with messages in the caller's language. */
function parseItemBody(body: unknown, options: { today: string; language: AdminLanguage; id?: string }): CanonicalItem {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ItemValidationError([{ field: "(body)", message: localiseIssue({ field: "(body)", message: "invalid" }, options.language) }]);
  }
  const raw: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const field of STORED_ONLY_FIELDS) delete raw[field];
  if (options.id !== undefined) {
    if (raw.id === undefined || raw.id === "") raw.id = options.id;
    else if (String(raw.id) !== options.id) {
      throw new ItemValidationError([{ field: "id", message: ADMIN_MESSAGES.idMismatch[options.language] }]);
    }
  }
  const result = validateItem(raw, { today: options.today });
  if (!result.ok) {
    throw new ItemValidationError(
      result.issues.map((issue) => ({ field: issue.field, message: localiseIssue(issue, options.language) })),
    );
  }
  return result.item;
}

export async function listAdminItems(
  deps: AdminItemsDeps,
  editor: Editor,
  query: ItemQuery,
  context: { today: string; language: AdminLanguage; now?: Date },
): Promise<{ items: AdminItem[]; total: number; limit: number; offset: number }> {
  const scope = listingScope(editor, query.municipalities);
  if (scope === "forbidden") throw new ForbiddenError(ADMIN_MESSAGES.forbiddenMunicipality[context.language]);
  const now = context.now ?? new Date();
  const result = await deps.repository.listItems({
    kind: query.kind,
    municipalities: scope.municipalities,
    includeAreaWide: scope.includeAreaWide,
    source: query.source,
    validity: query.validity,
    text: query.text,
    expiringBy: query.expiringWithinDays === undefined ? undefined : addDays(context.today, query.expiringWithinDays),
    updatedBefore: query.staleAfterDays === undefined ? undefined : new Date(now.getTime() - query.staleAfterDays * 86_400_000),
    today: context.today,
    limit: query.limit,
    offset: query.offset,
  });
  return { items: result.items.map((item) => withEditable(editor, item)), total: result.total, limit: query.limit, offset: query.offset };
}

async function loadReadable(
  deps: AdminItemsDeps,
  editor: Editor,
  source: string,
  id: string,
  language: AdminLanguage,
): Promise<StoredItem> {
  const item = await deps.store.getItem(source, id);
  if (!item) throw new NotFoundError(ADMIN_MESSAGES.notFound[language]);
  if (!canReadMunicipality(editor, item.municipality)) throw forbidden(editor, item.municipality, language);
  return item;
}

async function loadWritable(
  deps: AdminItemsDeps,
  editor: Editor,
  source: string,
  id: string,
  language: AdminLanguage,
): Promise<StoredItem> {
  const item = await loadReadable(deps, editor, source, id, language);
  if (!canWriteMunicipality(editor, item.municipality)) throw forbidden(editor, item.municipality, language);
  return item;
}

export async function getAdminItem(
  deps: AdminItemsDeps,
  editor: Editor,
  key: { source: string; id: string },
  language: AdminLanguage,
): Promise<AdminItem> {
  return withEditable(editor, await loadReadable(deps, editor, key.source, key.id, language));
}

export async function createAdminItem(
  deps: AdminItemsDeps,
  editor: Editor,
  body: unknown,
  context: { today: string; language: AdminLanguage },
): Promise<AdminItem> {
  const item = parseItemBody(body, context);
  if (!canWriteMunicipality(editor, item.municipality)) throw forbidden(editor, item.municipality, context.language);
  if (await deps.store.getItem(ADMIN_SOURCE, item.id)) throw new ConflictError(ADMIN_MESSAGES.exists[context.language], "id");
  await writeItems(deps, { source: ADMIN_SOURCE, items: [item] });
  deps.onItemsChanged?.(ADMIN_SOURCE, [item.id]);
  const hash = contentHash(item);
  await deps.repository.appendAudit({
    actor: editor.user,
    action: "item.create",
    source: ADMIN_SOURCE,
    itemId: item.id,
    municipality: item.municipality,
    afterHash: hash,
  });
  return withEditable(editor, (await deps.store.getItem(ADMIN_SOURCE, item.id))!);
}

export async function replaceAdminItem(
  deps: AdminItemsDeps,
  editor: Editor,
  key: { source: string; id: string },
  body: unknown,
  context: { today: string; language: AdminLanguage },
): Promise<AdminItem> {
  const before = await loadWritable(deps, editor, key.source, key.id, context.language);
  const item = parseItemBody(body, { ...context, id: key.id });
  // Moving an item to another municipality needs scope over both.
  if (!canWriteMunicipality(editor, item.municipality)) throw forbidden(editor, item.municipality, context.language);
  const written = await writeItems(deps, { source: key.source, items: [item] });
  if (written.changedIds.length > 0) deps.onItemsChanged?.(key.source, written.changedIds);
  await deps.repository.appendAudit({
    actor: editor.user,
    action: "item.update",
    source: key.source,
    itemId: key.id,
    municipality: item.municipality ?? before.municipality,
    beforeHash: before.contentHash,
    afterHash: contentHash(item),
    ...(before.municipality !== item.municipality ? { details: { movedFrom: before.municipality ?? null } } : {}),
  });
  return withEditable(editor, (await deps.store.getItem(key.source, key.id))!);
}

/**
 * Ends an item's validity today (Europe/Helsinki). The item keeps `validUntil` = today for the
 * record, and its chunks are removed in the same transaction so search stops finding it at once
 * instead of at midnight (see docs/decisions/0040). A later edit re-indexes it.
 */
export async function expireAdminItem(
  deps: AdminItemsDeps,
  editor: Editor,
  key: { source: string; id: string },
  context: { today: string; language: AdminLanguage },
): Promise<AdminItem> {
  const before = await loadWritable(deps, editor, key.source, key.id, context.language);
  const raw: Record<string, unknown> = { ...before, validUntil: context.today };
  for (const field of STORED_ONLY_FIELDS) delete raw[field];
  if (typeof raw.validFrom === "string" && raw.validFrom > context.today) raw.validFrom = context.today;
  const item = parseItemBody(raw, context);
  const hash = contentHash(item);
  await deps.store.applyChanges({ source: key.source, upserts: [{ item, contentHash: hash, chunks: [] }] });
  await deps.repository.appendAudit({
    actor: editor.user,
    action: "item.expire",
    source: key.source,
    itemId: key.id,
    municipality: before.municipality,
    beforeHash: before.contentHash,
    afterHash: hash,
    details: { validUntil: context.today },
  });
  return withEditable(editor, (await deps.store.getItem(key.source, key.id))!);
}

export async function deleteAdminItem(
  deps: AdminItemsDeps,
  editor: Editor,
  key: { source: string; id: string },
  language: AdminLanguage,
): Promise<void> {
  const before = await loadWritable(deps, editor, key.source, key.id, language);
  await deps.store.applyChanges({ source: key.source, upserts: [], deletions: [key.id] });
  await deps.repository.appendAudit({
    actor: editor.user,
    action: "item.delete",
    source: key.source,
    itemId: key.id,
    municipality: before.municipality,
    beforeHash: before.contentHash,
  });
}
