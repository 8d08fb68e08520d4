import { describe, expect, it } from "vitest";
import { isValidBusinessId, normaliseBusinessId } from "./business-id.js";
import { applyRouteOf, titleKey, vacancyItem, validateSubmission } from "./vacancy-submission.js";
import { validateItem } from "../../knowledge/index.js";

const today = "2026-12-05";
const valid = {
  title: "Hitsaaja konepajaan",
  municipality: "Halsua",
  description: "Haemme hitsaajaa MIG/MAG-hitsaukseen pieneen konepajaan, työ alkaa tammikuussa.",
  occupation: "hitsari",
  employmentType: "full-time",
  startDate: "2027-01-07",
  lastApplicationDate: "2026-12-20",
  howToApply: "rekry@example.fi",
  employerName: "Esimerkkipaja Oy (demo)",
  businessId: "0112038-9",
  contactPerson: "Testi Henkilö",
  contactEmail: "yhteys@example.fi",
  consent: "true",
};

describe("business ID (Y-tunnus)", () => {
  it("accepts correct check digits, including remainder 0", () => {
    expect(isValidBusinessId("0112038-9")).toBe(true);
    expect(isValidBusinessId("1572860-0")).toBe(true);
    expect(isValidBusinessId(" 0112038 - 9 ")).toBe(true);
    expect(normaliseBusinessId("01120389")).toBe("0112038-9");
  });

  it("refuses a wrong check digit, a wrong shape and remainder 1", () => {
    expect(isValidBusinessId("0112038-8")).toBe(false);
    expect(isValidBusinessId("112038-9")).toBe(false);
    expect(isValidBusinessId("abcdefg-h")).toBe(false);
    // 1000000: 7 → remainder 7; 0000010: 4 → 4; 0000002 → 2*7=14 → remainder 3; 1000001: 7+2=9 …
    // 0000005: weight 2 → 10, remainder 10 → check 1; 0000006: 12 → remainder 1 → never issued.
    expect(isValidBusinessId("0000006-0")).toBe(false);
    expect(isValidBusinessId("0000006-1")).toBe(false);
  });
});

describe("vacancy submission", () => {
  it("accepts a complete form and maps the occupation to ISCO-08 through the term file", () => {
    const result = validateSubmission(valid, { today });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.draft.municipality).toBe("074");
    expect(result.draft.occupation).toBe("7212");
    expect(result.draft.howToApply).toEqual({ kind: "email", value: "rekry@example.fi" });
  });

  it("names every bad field with its own code and keeps the values", () => {
    const result = validateSubmission(
      { ...valid, businessId: "1234567-8", lastApplicationDate: "2026-12-01", howToApply: "soita illalla", contactEmail: "ei-osoite", consent: "false", title: "" },
      { today },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      title: "required",
      businessId: "invalidBusinessId",
      lastApplicationDate: "dateInPast",
      howToApply: "invalidHowToApply",
      contactEmail: "invalidEmail",
      consent: "consentRequired",
    });
    expect(result.values.businessId).toBe("1234567-8");
    expect(result.values.description).toBe(valid.description);
  });

  it("refuses municipalities outside the partner areas and unknown employment types", () => {
    const result = validateSubmission({ ...valid, municipality: "Helsinki", employmentType: "forever" }, { today });
    expect(result.ok ? {} : result.errors).toEqual({ municipality: "unknownMunicipality", employmentType: "invalidChoice" });
  });

  it("stores plain text: markup is reduced to text, and a field of nothing but markup is missing", () => {
    const result = validateSubmission({ ...valid, title: "<img src=https://tracker.example/x.png>", description: `<b>Hitsaaja</b> <script>alert(1)</script>${valid.description}` }, { today });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.title).toBe("required");
    const fixed = validateSubmission({ ...valid, description: `<b>Hitsaaja</b> <script>alert(1)</script>${valid.description}` }, { today });
    expect(fixed.ok && fixed.draft.description).not.toMatch(/[<>]|alert/);
  });

  it("tells a web address, an e-mail address and a phone number apart", () => {
    expect(applyRouteOf("https://example.fi/rekry")?.kind).toBe("url");
    expect(applyRouteOf("javascript:alert(1)")).toBeUndefined();
    expect(applyRouteOf("+358 40 000 0000")?.kind).toBe("phone");
    expect(applyRouteOf("12")).toBeUndefined();
  });

  it("folds case, spacing and punctuation for duplicate detection", () => {
    expect(titleKey("  Hitsaaja,  KONEPAJAAN! ")).toBe(titleKey("hitsaaja konepajaan"));
  });

  it("publishes as a valid vacancy item for jobseekers", () => {
    const result = validateSubmission(valid, { today });
    if (!result.ok) throw new Error("expected valid");
    const item = validateItem(vacancyItem({ id: "abc", draft: result.draft, language: "fi" }), { today });
    expect(item.ok).toBe(true);
    expect(item.ok && item.item).toMatchObject({ id: "employer-abc", kind: "vacancy", validUntil: "2026-12-20", occupation: "7212", email: "rekry@example.fi", audience: "jobseeker" });
  });
});
