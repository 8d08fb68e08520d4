import { z } from "zod";
import {
  addDays,
  EMPLOYMENT_TYPES,
  employmentAreaOf,
  iscoCodeOf,
  isIsoDate,
  municipalityCode,
  toPlainText,
  type CanonicalItemInput,
  type Language,
} from "../../knowledge/index.js";
import { isValidBusinessId, normaliseBusinessId } from "./business-id.js";

/** Items published from approved submissions belong to this source. */
export const EMPLOYER_SOURCE = "employer";

/** The form's fields, in the order the card shows them. */
export const SUBMISSION_FIELDS = [
  "title",
  "municipality",
  "description",
  "occupation",
  "employmentType",
  "startDate",
  "lastApplicationDate",
  "howToApply",
  "employerName",
  "businessId",
  "contactPerson",
  "contactEmail",
  "consent",
] as const;
export type SubmissionField = (typeof SUBMISSION_FIELDS)[number];

/** How a field is entered and what it may hold; the form card and the validation both read it. */
export interface SubmissionFieldSpec {
  readonly input: "text" | "multiline" | "email" | "choice" | "date" | "toggle";
  readonly required: boolean;
  /** Characters, for text inputs. */
  readonly min?: number;
  readonly max?: number;
  /** The first field about the employer: the form starts its second section here. */
  readonly startsSection?: boolean;
}

const FIELD_SPECS: Readonly<Record<SubmissionField, SubmissionFieldSpec>> = {
  title: { input: "text", required: true, min: 3, max: 150 },
  municipality: { input: "choice", required: true },
  description: { input: "multiline", required: true, min: 20, max: 4000 },
  occupation: { input: "text", required: false, max: 100 },
  employmentType: { input: "choice", required: true },
  startDate: { input: "date", required: false },
  lastApplicationDate: { input: "date", required: true },
  howToApply: { input: "text", required: true, max: 500 },
  employerName: { input: "text", required: true, min: 2, max: 150, startsSection: true },
  businessId: { input: "text", required: true, max: 12 },
  contactPerson: { input: "text", required: true, min: 2, max: 100 },
  contactEmail: { input: "email", required: true, max: 254 },
  consent: { input: "toggle", required: true },
};

/** The fields in form order with their specs. */
export function submissionFieldSpecs(): Array<SubmissionFieldSpec & { readonly id: SubmissionField }> {
  return SUBMISSION_FIELDS.map((id) => ({ id, ...FIELD_SPECS[id] }));
}

/** Why a field was refused; the bot words each one in the person's language. */
export type SubmissionErrorCode =
  | "required"
  | "tooShort"
  | "tooLong"
  | "unknownMunicipality"
  | "invalidChoice"
  | "invalidDate"
  | "dateInPast"
  | "tooFarAhead"
  | "invalidHowToApply"
  | "invalidBusinessId"
  | "invalidEmail"
  | "consentRequired";

export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

/** How to apply: exactly one of a web address, an e-mail address or a phone number. */
export interface ApplyRoute {
  readonly kind: "url" | "email" | "phone";
  readonly value: string;
}

/** A valid submission, plain text throughout. */
export interface VacancyDraft {
  readonly title: string;
  /** Statistics Finland code, within a partner employment area. */
  readonly municipality: string;
  readonly description: string;
  /** The occupation as the employer wrote it. */
  readonly occupationText?: string | undefined;
  /** ISCO-08 unit group found for it in the term file. */
  readonly occupation?: string | undefined;
  readonly employmentType: EmploymentType;
  readonly startDate?: string | undefined;
  readonly lastApplicationDate: string;
  readonly howToApply: ApplyRoute;
  readonly employerName: string;
  /** Normalised "1234567-8". */
  readonly businessId: string;
  readonly contactPerson: string;
  readonly contactEmail: string;
}

export type SubmissionValues = Readonly<Partial<Record<SubmissionField, string>>>;
export type SubmissionErrors = Readonly<Partial<Record<SubmissionField, SubmissionErrorCode>>>;

export type SubmissionValidation =
  | { readonly ok: true; readonly draft: VacancyDraft; readonly values: SubmissionValues }
  | { readonly ok: false; readonly errors: SubmissionErrors; readonly values: SubmissionValues };

/** Longest text kept of any field before anything else looks at it. */
const MAX_FIELD_CHARS = 4000;
/** A last application date further ahead than this is a typo more often than a plan. */
const MAX_DAYS_AHEAD = 365;

const emailSchema = z.email();
const URL_PATTERN = /^https?:\/\/[^\s<>"]+$/i;
const PHONE_PATTERN = /^\+?[\d\s()-]{6,24}$/;

/** Field values as strings, capped: what the card is shown again with after an error. */
export function submissionValues(raw: Readonly<Record<string, unknown>>): SubmissionValues {
  const values: Partial<Record<SubmissionField, string>> = {};
  for (const field of SUBMISSION_FIELDS) {
    const value = raw[field];
    if (typeof value === "string") values[field] = value.slice(0, MAX_FIELD_CHARS);
    else if (typeof value === "boolean" || typeof value === "number") values[field] = String(value);
  }
  return values;
}

export function applyRouteOf(value: string): ApplyRoute | undefined {
  const trimmed = value.trim();
  if (URL_PATTERN.test(trimmed)) return { kind: "url", value: trimmed };
  if (emailSchema.safeParse(trimmed).success) return { kind: "email", value: trimmed };
  const digits = trimmed.replace(/\D/g, "");
  if (PHONE_PATTERN.test(trimmed) && digits.length >= 6 && digits.length <= 15) return { kind: "phone", value: trimmed };
  return undefined;
}

/**
 * Validates a card submission field by field: every bad field gets its own code, and the values
 * come back so the form can be shown again as the person left it. Text fields are reduced to plain
 * text (no HTML, no scripts) after their length is capped.
 */
export function validateSubmission(raw: Readonly<Record<string, unknown>>, options: { today: string }): SubmissionValidation {
  const values = submissionValues(raw);
  const errors: Partial<Record<SubmissionField, SubmissionErrorCode>> = {};
  const text = (field: SubmissionField): string | undefined => {
    const value = toPlainText((values[field] ?? "").trim()).trim();
    const spec = FIELD_SPECS[field];
    if (!value) {
      if (spec.required) errors[field] = "required";
      return undefined;
    }
    if (value.length < (spec.min ?? 0)) errors[field] = "tooShort";
    else if (value.length > (spec.max ?? MAX_FIELD_CHARS)) errors[field] = "tooLong";
    return value;
  };
  const date = (field: SubmissionField): string | undefined => {
    const value = (values[field] ?? "").trim();
    if (!value) {
      if (FIELD_SPECS[field].required) errors[field] = "required";
      return undefined;
    }
    if (!isIsoDate(value)) errors[field] = "invalidDate";
    else if (value < options.today) errors[field] = "dateInPast";
    else if (value > addDays(options.today, MAX_DAYS_AHEAD)) errors[field] = "tooFarAhead";
    return value;
  };

  const title = text("title");
  const municipalityValue = (values.municipality ?? "").trim();
  const municipality = municipalityValue ? municipalityCode(municipalityValue.slice(0, 100)) : undefined;
  if (!municipalityValue) errors.municipality = "required";
  else if (!municipality || !employmentAreaOf(municipality)) errors.municipality = "unknownMunicipality";
  const description = text("description");
  const occupationText = text("occupation");
  const employmentTypeValue = (values.employmentType ?? "").trim();
  const employmentType = (EMPLOYMENT_TYPES as readonly string[]).includes(employmentTypeValue) ? (employmentTypeValue as EmploymentType) : undefined;
  if (!employmentTypeValue) errors.employmentType = "required";
  else if (!employmentType) errors.employmentType = "invalidChoice";
  const startDate = date("startDate");
  const lastApplicationDate = date("lastApplicationDate");
  const howToApplyText = text("howToApply");
  // Patterns run only on a value within its length limit.
  const howToApply = howToApplyText && !errors.howToApply ? applyRouteOf(howToApplyText) : undefined;
  if (howToApplyText && !howToApply && !errors.howToApply) errors.howToApply = "invalidHowToApply";
  const employerName = text("employerName");
  const businessIdValue = (values.businessId ?? "").trim();
  if (!businessIdValue) errors.businessId = "required";
  else if (!isValidBusinessId(businessIdValue)) errors.businessId = "invalidBusinessId";
  const contactPerson = text("contactPerson");
  const contactEmail = text("contactEmail");
  if (contactEmail && !errors.contactEmail && !emailSchema.safeParse(contactEmail).success) errors.contactEmail = "invalidEmail";
  if (values.consent !== "true") errors.consent = "consentRequired";

  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return {
    ok: true,
    values,
    draft: {
      title: title!,
      municipality: municipality!,
      description: description!,
      occupationText,
      occupation: occupationText ? iscoCodeOf(occupationText) : undefined,
      employmentType: employmentType!,
      startDate,
      lastApplicationDate: lastApplicationDate!,
      howToApply: howToApply!,
      employerName: employerName!,
      businessId: normaliseBusinessId(businessIdValue)!,
      contactPerson: contactPerson!,
      contactEmail: contactEmail!,
    },
  };
}

/** Short reference shown to the employer and to reviewers: the first block of the id. */
export function submissionReference(id: string): string {
  return id.slice(0, 8).toUpperCase();
}

/** What "the same title" means for duplicate detection: case, spacing and punctuation ignored. */
export function titleKey(title: string): string {
  return title
    .slice(0, 300)
    .toLocaleLowerCase("fi")
    .normalize("NFC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(" ");
}

/** The knowledge item an approved submission is published as (validated again by the caller). */
export function vacancyItem(submission: { readonly id: string; readonly draft: VacancyDraft; readonly language: Language }): CanonicalItemInput {
  const { draft } = submission;
  return {
    id: `${EMPLOYER_SOURCE}-${submission.id}`,
    kind: "vacancy",
    language: submission.language,
    title: draft.title,
    description: draft.description,
    organization: draft.employerName,
    municipality: draft.municipality,
    ...(draft.howToApply.kind === "url" ? { url: draft.howToApply.value } : {}),
    ...(draft.howToApply.kind === "email" ? { email: draft.howToApply.value } : {}),
    ...(draft.howToApply.kind === "phone" ? { phone: draft.howToApply.value } : {}),
    validUntil: draft.lastApplicationDate,
    ...(draft.startDate ? { startDate: draft.startDate } : {}),
    ...(draft.occupation ? { occupation: draft.occupation } : {}),
    employmentType: draft.employmentType,
    tags: draft.occupationText ? [draft.occupationText] : [],
    audience: "jobseeker",
  };
}
