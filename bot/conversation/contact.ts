import { z } from "zod";
import { findEmailAddresses } from "../../platform/index.js";

/** A callback contact the person typed for a handoff. */
export interface Contact {
  readonly kind: "phone" | "email";
  readonly value: string;
}

const PHONE_IN_TEXT = /(?:\+|00)?\d[\d\s()-]{5,18}\d/;

/**
 * Validates a phone number (Finnish national "040 123 4567" or international "+358 40 123 4567",
 * 7–15 digits) or an e-mail address. Returns undefined when it is neither.
 */
export function parseContact(raw: string): Contact | undefined {
  const value = raw.trim();
  if (!value) return undefined;
  if (value.includes("@")) {
    const parsed = z.email().safeParse(value);
    return parsed.success ? { kind: "email", value } : undefined;
  }
  if (!/^(\+|00|0)[\d\s()-]+$/.test(value)) return undefined;
  const digits = value.replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 15) return undefined;
  return { kind: "phone", value: value.replace(/\s+/g, " ") };
}

/** A phone number or e-mail inside free text ("kyllä, soita 040 123 4567"), if any. */
export function findContactInText(input: string): { contact: Contact | undefined; attempted: boolean } {
  const text = input.slice(0, 500);
  const email = findEmailAddresses(text)[0];
  if (email) return { contact: parseContact(email), attempted: true };
  const phone = PHONE_IN_TEXT.exec(text)?.[0];
  if (phone) return { contact: parseContact(phone), attempted: true };
  if (text.includes("@")) return { contact: undefined, attempted: true };
  return { contact: undefined, attempted: false };
}
