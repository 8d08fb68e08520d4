import { createHash } from "node:crypto";
import { z } from "zod";
import { isIsoDate, resolveDateToken } from "./dates.js";
import { municipalityCode } from "./municipalities.js";
import { toPlainText } from "./plain-text.js";

export const ITEM_KINDS = ["service", "training", "vacancy"] as const;
export const LANGUAGES = ["fi", "sv", "en"] as const;
export const EMPLOYMENT_TYPES = ["full-time", "part-time", "temporary", "seasonal"] as const;
export const FORMATS = ["in-person", "online", "hybrid"] as const;
/** Whom an item (mostly a service) is for; absent means jobseekers. */
export const AUDIENCES = ["jobseeker", "employer", "both"] as const;

export type ItemKind = (typeof ITEM_KINDS)[number];
export type Language = (typeof LANGUAGES)[number];
export type Audience = (typeof AUDIENCES)[number];

const trimmed = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value === "" ? undefined : value));

/**
 * Free text shown to people, stored as plain text: the length is capped before HTML is reduced to
 * text (so no parser or pattern runs on more than `max` characters).
 */
const requiredPlainText = (max: number) =>
  z.string().trim().min(1).max(max).transform(toPlainText).pipe(z.string().min(1, "has no text once markup is removed"));
const optionalPlainText = (max: number) =>
  optionalText(max).transform((value) => (value === undefined ? undefined : toPlainText(value) || undefined));

/** Options that validation needs from its caller: the day that date tokens resolve against. */
export interface ItemContext {
  /** ISO date in Europe/Helsinki used for "today±N" tokens. */
  readonly today: string;
}

function isoDate(context: ItemContext) {
  return z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return undefined;
      const resolved = resolveDateToken(value, context.today);
      // Accept full timestamps from feeds; the calendar day is what matters for validity.
      const day = /^\d{4}-\d{2}-\d{2}T/.test(resolved) ? resolved.slice(0, 10) : resolved;
      if (!isIsoDate(day)) {
        ctx.addIssue({ code: "custom", message: `expected an ISO date (YYYY-MM-DD), got "${value}"` });
        return z.NEVER;
      }
      return day;
    });
}

/**
 * The canonical knowledge item every source is mapped to. Field names are the public contract of
 * the ingestion formats (JSON, JSONL, CSV columns) and of the admin API.
 */
export function canonicalItemSchema(context: ItemContext) {
  return z
    .object({
      id: z.union([z.string(), z.number()]).transform(String).pipe(trimmed(200)),
      kind: z.enum(ITEM_KINDS),
      title: requiredPlainText(300),
      description: requiredPlainText(100_000),
      language: z.enum(LANGUAGES).default("fi"),
      organization: optionalPlainText(300),
      municipality: optionalText(100).transform((value, ctx) => {
        if (value === undefined) return undefined;
        const code = municipalityCode(value);
        if (!code) {
          ctx.addIssue({ code: "custom", message: `unknown municipality "${value}"` });
          return z.NEVER;
        }
        return code;
      }),
      address: optionalPlainText(500),
      url: optionalText(2000).pipe(
        z
          .string()
          .regex(/^https?:\/\/[^\s]+$/i, "expected an http(s) URL")
          .optional(),
      ),
      email: optionalText(320).pipe(z.email("expected an e-mail address").optional()),
      phone: optionalText(50).pipe(
        z
          .string()
          .regex(/^[+()\d][\d\s()+-]{4,}$/, "expected a phone number")
          .optional(),
      ),
      validFrom: isoDate(context),
      validUntil: isoDate(context),
      startDate: isoDate(context),
      tags: z
        .union([z.array(z.string()), z.string()])
        .optional()
        .transform((value) => {
          const list = typeof value === "string" ? value.split(";") : (value ?? []);
          return [...new Set(list.map((tag) => toPlainText(tag.slice(0, 200)).trim()).filter(Boolean))];
        }),
      occupation: optionalText(10).pipe(
        z
          .string()
          .regex(/^\d{1,4}$/, "expected an ISCO-08 code (1–4 digits)")
          .optional(),
      ),
      employmentType: z.enum(EMPLOYMENT_TYPES).optional(),
      format: z.enum(FORMATS).optional(),
      openingHours: optionalPlainText(1000),
      // Optional rather than defaulted, so items without it keep their content hash; stored as "jobseeker".
      audience: z.enum(AUDIENCES).optional(),
    })
    .strict()
    .superRefine((item, ctx) => {
      if (item.validFrom && item.validUntil && item.validFrom > item.validUntil) {
        ctx.addIssue({ code: "custom", path: ["validUntil"], message: "validUntil is before validFrom" });
      }
    });
}

/** A validated item; `municipality` holds the Statistics Finland code. */
export type CanonicalItem = z.output<ReturnType<typeof canonicalItemSchema>>;
export type CanonicalItemInput = z.input<ReturnType<typeof canonicalItemSchema>>;

export interface ItemValidationIssue {
  readonly field: string;
  readonly message: string;
}

export type ItemValidation =
  | { readonly ok: true; readonly item: CanonicalItem }
  | { readonly ok: false; readonly issues: readonly ItemValidationIssue[] };

/**
 * Building the zod schema costs milliseconds (zod 4 compiles it), far more than validating one
 * record; imports validate thousands of records against the same day, so keep the last few.
 */
const schemas = new Map<string, ReturnType<typeof canonicalItemSchema>>();

function schemaFor(today: string): ReturnType<typeof canonicalItemSchema> {
  let schema = schemas.get(today);
  if (!schema) {
    if (schemas.size >= 4) schemas.clear();
    schema = canonicalItemSchema({ today });
    schemas.set(today, schema);
  }
  return schema;
}

/** Keys that would reach an object's prototype when assigned ("__proto__" set the municipality once). */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Validates one raw record; empty strings count as absent (CSV cells). */
export function validateItem(raw: unknown, context: ItemContext): ItemValidation {
  if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
    const forbidden = Object.keys(raw).filter((key) => PROTOTYPE_KEYS.has(key));
    if (forbidden.length > 0) return { ok: false, issues: forbidden.map((field) => ({ field, message: "field name not allowed" })) };
  }
  const cleaned = dropEmptyValues(raw);
  const result = schemaFor(context.today).safeParse(cleaned);
  if (result.success) return { ok: true, item: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      field: issue.code === "unrecognized_keys" ? issue.keys.join(",") : issue.path.join(".") || "(record)",
      message: issue.code === "unrecognized_keys" ? `unknown field${issue.keys.length > 1 ? "s" : ""}` : issue.message,
    })),
  };
}

function dropEmptyValues(raw: unknown): unknown {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw;
  // fromEntries defines own properties: no key can reach the prototype.
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== null && value !== undefined && value !== ""));
}

/** Stable hash of an item's content; an unchanged hash means nothing to re-embed or rewrite. */
export function contentHash(item: CanonicalItem): string {
  return createHash("sha256").update(stableStringify(item)).digest("hex");
}

function stableStringify(value: unknown): string {
  if (isFlatRecord(value)) {
    // Fast path for items (flat objects of scalars and scalar arrays), byte-identical to the
    // general case below: a key list as replacer keeps only those keys, in that order, and skips
    // undefined values. Re-imports hash every record, so this is on the hot path.
    return JSON.stringify(value, Object.keys(value).sort());
  }
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${stableStringify(entry)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** An item as stored: its source, hash and timestamps. */
export interface StoredItem extends CanonicalItem {
  readonly source: string;
  readonly contentHash: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function isScalar(value: unknown): boolean {
  return value === null || value === undefined || typeof value !== "object";
}

function isFlatRecord(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  for (const entry of Object.values(value)) {
    if (isScalar(entry)) continue;
    if (Array.isArray(entry) && entry.every((element) => isScalar(element) && element !== undefined)) continue;
    return false;
  }
  return true;
}
