import { z } from "zod";
import {
  EMPLOYER_SOURCE,
  SUBMISSION_FIELDS,
  submissionReference,
  validateSubmission,
  vacancyItem,
  writeItems,
  type SqlSubmissionRepository,
  type StoredSubmission,
  type SubmissionErrorCode,
  type SubmissionStatus,
  type VacancyDraft,
} from "../ingest/index.js";
import { municipalityName, validateItem, type Embedder, type KnowledgeStore } from "../knowledge/index.js";
import { ForbiddenError, NotFoundError, type Logger } from "../platform/index.js";
import { ConflictError, ItemValidationError } from "./admin-errors.js";
import type { AdminRepository } from "./admin-repository.js";
import { editorOf, languageOf, parseInput } from "./admin-router.js";
import type { AdminRouteExtension } from "./admin-routes-types.js";
import { ADMIN_MESSAGES, type AdminLanguage } from "./messages.js";
import { canReadMunicipality, canWriteMunicipality, type Editor } from "./roles.js";

/**
 * Tells the employer about a decision (e-mail, and a reply in the chat while it is still open). The
 * bot implements it; it reports what happened and never throws, because the decision stands either way.
 */
export interface SubmissionDecisionNotifier {
  decided(submission: StoredSubmission): Promise<{ readonly email: DeliveryResult; readonly chat: DeliveryResult }>;
}
type DeliveryResult = "sent" | "skipped" | "failed";

export interface SubmissionReviewDeps {
  readonly submissions: SqlSubmissionRepository;
  readonly store: KnowledgeStore;
  readonly embedder: Embedder;
  readonly audit: Pick<AdminRepository, "appendAudit">;
  readonly logger: Logger;
  readonly today: () => string;
  /** Wired after the bot exists (the composition root builds admin first). */
  readonly notifier: () => SubmissionDecisionNotifier | undefined;
  /** Told the id of a published vacancy, so job alerts go out at once; must not throw. */
  readonly onItemsChanged?: ((source: string, ids: readonly string[]) => void) | undefined;
}


/** Field messages for the review API, in the editor's language (the chat words its own). */
const FIELD_ERRORS: Readonly<Record<SubmissionErrorCode, Readonly<Record<AdminLanguage, string>>>> = {
  required: { fi: "pakollinen", sv: "obligatorisk", en: "required" },
  tooShort: { fi: "liian lyhyt", sv: "för kort", en: "too short" },
  tooLong: { fi: "liian pitkä", sv: "för lång", en: "too long" },
  unknownMunicipality: { fi: "kunta ei ole kumppanialueella", sv: "kommunen hör inte till partnerområdena", en: "municipality outside the partner areas" },
  invalidChoice: { fi: "tuntematon vaihtoehto", sv: "okänt alternativ", en: "unknown option" },
  invalidDate: { fi: "päivämäärä muodossa VVVV-KK-PP", sv: "datum som ÅÅÅÅ-MM-DD", en: "a date as YYYY-MM-DD" },
  dateInPast: { fi: "päivä on mennyt", sv: "dagen har varit", en: "the day has passed" },
  tooFarAhead: { fi: "yli vuoden päässä", sv: "mer än ett år framåt", en: "more than a year ahead" },
  invalidHowToApply: { fi: "verkko-osoite, sähköposti tai puhelinnumero", sv: "webbadress, e-post eller telefonnummer", en: "a web address, e-mail or phone number" },
  invalidBusinessId: { fi: "Y-tunnuksen tarkistusnumero ei täsmää", sv: "FO-numrets kontrollsiffra stämmer inte", en: "the business ID's check digit does not match" },
  invalidEmail: { fi: "virheellinen sähköpostiosoite", sv: "ogiltig e-postadress", en: "invalid e-mail address" },
  consentRequired: { fi: "suostumus puuttuu", sv: "samtycke saknas", en: "consent missing" },
};

/** A submission as the review API returns it; links are plain strings (the UI shows them as text). */
export function submissionView(submission: StoredSubmission, editor: Editor) {
  const { draft } = submission;
  return {
    id: submission.id,
    reference: submissionReference(submission.id),
    status: submission.status,
    municipality: draft.municipality,
    municipalityName: municipalityName(draft.municipality) ?? draft.municipality,
    title: draft.title,
    description: draft.description,
    occupationText: draft.occupationText ?? null,
    occupation: draft.occupation ?? null,
    employmentType: draft.employmentType,
    startDate: draft.startDate ?? null,
    lastApplicationDate: draft.lastApplicationDate,
    howToApply: draft.howToApply,
    employerName: draft.employerName,
    businessId: draft.businessId,
    contactPerson: draft.contactPerson || null,
    contactEmail: draft.contactEmail || null,
    language: submission.language,
    createdAt: submission.createdAt,
    decidedAt: submission.decidedAt ?? null,
    decidedBy: submission.decidedBy ?? null,
    reason: submission.reason ?? null,
    item: submission.itemId ? { source: EMPLOYER_SOURCE, id: submission.itemId } : null,
    editable: submission.status === "pending" && canWriteMunicipality(editor, draft.municipality),
  };
}

const listQuerySchema = z.object({
  status: z.enum(["pending", "approved", "rejected"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
const rejectBodySchema = z.object({ reason: z.string().trim().min(3).max(1000) }).strict();
const editBodySchema = z.partialRecord(z.enum(SUBMISSION_FIELDS), z.union([z.string().max(4000), z.boolean()]));

/** The form's values of a stored draft, to merge an editor's corrections into. */
function draftValues(draft: VacancyDraft): Record<string, string> {
  const howToApply = draft.howToApply.value;
  return {
    title: draft.title,
    municipality: draft.municipality,
    description: draft.description,
    occupation: draft.occupationText ?? "",
    employmentType: draft.employmentType,
    startDate: draft.startDate ?? "",
    lastApplicationDate: draft.lastApplicationDate,
    howToApply,
    employerName: draft.employerName,
    businessId: draft.businessId,
    contactPerson: draft.contactPerson,
    contactEmail: draft.contactEmail,
    consent: "true",
  };
}

/**
 * The municipality's review queue of vacancies employers submitted in the chat: list, correct,
 * approve (publishes an item of source `employer` and tells alerts) or reject with a reason.
 * Scoped like items (an editor decides only their municipalities) and audited.
 */
export function submissionRoutes(deps: SubmissionReviewDeps): AdminRouteExtension {
  const logger = deps.logger.child({ module: "submissions" });

  async function load(id: string, editor: Editor, language: AdminLanguage, write: boolean): Promise<StoredSubmission> {
    const submission = /^[0-9a-f-]{36}$/i.test(id) ? await deps.submissions.get(id) : undefined;
    if (!submission || !canReadMunicipality(editor, submission.draft.municipality)) {
      // Out of scope looks the same as missing for reads; a write names the reason.
      if (submission && write) throw new ForbiddenError(ADMIN_MESSAGES.forbiddenMunicipality[language]);
      throw new NotFoundError(ADMIN_MESSAGES.submissionNotFound[language]);
    }
    if (write && !canWriteMunicipality(editor, submission.draft.municipality)) throw new ForbiddenError(ADMIN_MESSAGES.forbiddenMunicipality[language]);
    return submission;
  }

  function notify(submission: StoredSubmission): void {
    const notifier = deps.notifier();
    if (!notifier) return;
    notifier
      .decided(submission)
      .then((result) => logger.info({ submission: submission.id, status: submission.status, ...result }, "submissions.employer_notified"))
      .catch((error: unknown) => logger.warn({ err: error, submission: submission.id }, "submissions.notify_failed"));
  }

  /** The audit entry and the employer's message of a decision. */
  async function recordDecision(decided: StoredSubmission, editor: Editor, itemId?: string): Promise<void> {
    await deps.audit.appendAudit({
      actor: editor.user,
      action: decided.status === "approved" ? "submission.approve" : "submission.reject",
      source: EMPLOYER_SOURCE,
      ...(itemId ? { itemId } : {}),
      municipality: decided.draft.municipality,
      details: { submission: decided.id },
    });
    notify(decided);
  }

  return (router, helpers) => {
    router.get("/submissions", async (request, response) => {
      const editor = editorOf(response);
      const query = parseInput(listQuerySchema, request.query);
      const { submissions, total } = await deps.submissions.list({
        status: query.status as SubmissionStatus | undefined,
        municipalities: editor.allMunicipalities ? undefined : editor.municipalities,
        limit: query.limit,
        offset: query.offset,
      });
      response.json({ submissions: submissions.map((submission) => submissionView(submission, editor)), total, limit: query.limit, offset: query.offset });
    });

    router.get("/submissions/:id", async (request, response) => {
      const editor = editorOf(response);
      const submission = await load(String(request.params.id), editor, languageOf(request), false);
      response.json(submissionView(submission, editor));
    });

    router.patch("/submissions/:id", helpers.json, async (request, response) => {
      const language = languageOf(request);
      const editor = editorOf(response);
      const current = await load(String(request.params.id), editor, language, true);
      if (current.status !== "pending") throw new ConflictError(ADMIN_MESSAGES.submissionDecided[language]);
      const edits = parseInput(editBodySchema, request.body);
      const merged = { ...draftValues(current.draft), ...Object.fromEntries(Object.entries(edits).map(([key, value]) => [key, String(value)])), consent: "true" };
      const validation = validateSubmission(merged, { today: deps.today() });
      if (!validation.ok) {
        throw new ItemValidationError(
          Object.entries(validation.errors).map(([field, code]) => ({ field, message: FIELD_ERRORS[code as SubmissionErrorCode][language] })),
        );
      }
      // Moving a submission to a municipality outside one's scope would hand it to someone else unseen.
      if (!canWriteMunicipality(editor, validation.draft.municipality)) throw new ForbiddenError(ADMIN_MESSAGES.forbiddenMunicipality[language]);
      const updated = await deps.submissions.updatePending(current.id, validation.draft);
      if (!updated) throw new ConflictError(ADMIN_MESSAGES.submissionDecided[language]);
      await deps.audit.appendAudit({
        actor: editor.user,
        action: "submission.edit",
        source: EMPLOYER_SOURCE,
        municipality: updated.draft.municipality,
        details: { submission: updated.id, fields: Object.keys(edits) },
      });
      response.json(submissionView(updated, editor));
    });

    router.post("/submissions/:id/approve", helpers.json, async (request, response) => {
      const language = languageOf(request);
      const editor = editorOf(response);
      const current = await load(String(request.params.id), editor, language, true);
      if (current.status !== "pending") throw new ConflictError(ADMIN_MESSAGES.submissionDecided[language]);
      if (current.draft.lastApplicationDate < deps.today()) throw new ItemValidationError([{ field: "lastApplicationDate", message: ADMIN_MESSAGES.submissionDeadlinePassed[language] }]);
      // The conditional UPDATE decides who wins when two editors approve (or one rejects) at once.
      const decided = await deps.submissions.decide(current.id, { status: "approved", by: editor.user, itemId: `${EMPLOYER_SOURCE}-${current.id}` });
      if (!decided) throw new ConflictError(ADMIN_MESSAGES.submissionDecided[language]);
      let itemId: string;
      try {
        itemId = await publishSubmission(deps, decided);
      } catch (error) {
        await deps.submissions.reopen(decided.id);
        throw error;
      }
      await recordDecision(decided, editor, itemId);
      response.json(submissionView({ ...decided, publishedAt: new Date().toISOString() }, editor));
    });

    router.post("/submissions/:id/reject", helpers.json, async (request, response) => {
      const language = languageOf(request);
      const editor = editorOf(response);
      const current = await load(String(request.params.id), editor, language, true);
      const body = rejectBodySchema.safeParse(request.body ?? {});
      if (!body.success) throw new ItemValidationError([{ field: "reason", message: ADMIN_MESSAGES.submissionReasonRequired[language] }]);
      if (current.status !== "pending") throw new ConflictError(ADMIN_MESSAGES.submissionDecided[language]);
      const decided = await deps.submissions.decide(current.id, { status: "rejected", by: editor.user, reason: body.data.reason });
      if (!decided) throw new ConflictError(ADMIN_MESSAGES.submissionDecided[language]);
      await recordDecision(decided, editor);
      response.json(submissionView(decided, editor));
    });
  };
}

/**
 * Publishes approved submissions whose item was never written (the process stopped between the
 * decision and the write). Run once at start.
 */
export async function publishApprovedLeftovers(deps: Omit<SubmissionReviewDeps, "notifier">): Promise<number> {
  const leftovers = await deps.submissions.approvedUnpublished();
  for (const submission of leftovers) {
    try {
      await publishSubmission(deps, submission);
    } catch (error) {
      if (!(error instanceof ItemValidationError)) throw error;
      deps.logger.warn({ submission: submission.id, issues: error.issues }, "submissions.leftover_invalid");
    }
  }
  return leftovers.length;
}

/** Publishes an approved submission's vacancy and tells alerts; used by approval and by the start-up repair. */
async function publishSubmission(deps: Omit<SubmissionReviewDeps, "notifier">, submission: StoredSubmission): Promise<string> {
  const validated = validateItem(vacancyItem({ id: submission.id, draft: submission.draft, language: submission.language }), { today: deps.today() });
  if (!validated.ok) throw new ItemValidationError(validated.issues);
  await writeItems({ store: deps.store, embedder: deps.embedder }, { source: EMPLOYER_SOURCE, items: [validated.item] });
  await deps.submissions.markPublished(submission.id);
  deps.onItemsChanged?.(EMPLOYER_SOURCE, [validated.item.id]);
  return validated.item.id;
}
