export { isValidBusinessId, normaliseBusinessId } from "./business-id.js";
export {
  EMPLOYER_SOURCE,
  SUBMISSION_FIELDS,
  applyRouteOf,
  submissionReference,
  submissionValues,
  titleKey,
  vacancyItem,
  validateSubmission,
  type ApplyRoute,
  type SubmissionErrorCode,
  type SubmissionErrors,
  type SubmissionField,
  type SubmissionValidation,
  type SubmissionValues,
  type VacancyDraft,
} from "./vacancy-submission.js";
export {
  SqlSubmissionRepository,
  applySubmissionRetention,
  eraseConversationSubmissions,
  type CreateOutcome,
  type NewSubmission,
  type StoredSubmission,
  type SubmissionLimits,
  type SubmissionStatus,
} from "./submission-repository.js";
