/**
 * Finnish business ID (Y-tunnus): seven digits, a hyphen and a check digit. The check digit is
 * 11 − (Σ digit × weight mod 11) with weights 7, 9, 10, 5, 8, 4, 2; remainder 0 gives 0 and
 * remainder 1 is never issued. Written here because it is eight lines and no kept package does
 * only this.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2] as const;

/** "1234567-8" from "1234567-8", " 1234567 - 8 " or "12345678"; undefined when the shape is wrong. */
export function normaliseBusinessId(value: string): string | undefined {
  const compact = value.slice(0, 40).replace(/[\s\u2010-\u2015-]/g, "");
  if (!/^\d{8}$/.test(compact)) return undefined;
  return `${compact.slice(0, 7)}-${compact.slice(7)}`;
}

/** Whether the value is a business ID with a correct check digit. */
export function isValidBusinessId(value: string): boolean {
  const normalised = normaliseBusinessId(value);
  if (!normalised) return false;
  const digits = [...normalised.slice(0, 7)].map(Number);
  const sum = digits.reduce((total, digit, index) => total + digit * WEIGHTS[index]!, 0);
  const remainder = sum % 11;
  if (remainder === 1) return false;
  const check = remainder === 0 ? 0 : 11 - remainder;
  return Number(normalised.slice(8)) === check;
}
