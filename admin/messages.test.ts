import { describe, expect, it } from "vitest";
import { languageFromHeader, localiseIssue, localiseIssueIfKnown } from "./messages.js";

describe("admin messages", () => {
  it("picks the best supported language from Accept-Language", () => {
    expect(languageFromHeader(undefined)).toBe("fi");
    expect(languageFromHeader("sv-FI,sv;q=0.9,en;q=0.8")).toBe("sv");
    expect(languageFromHeader("de-DE,en;q=0.5,fi;q=0.4")).toBe("en");
    expect(languageFromHeader("en;q=0.2, fi;q=0.9")).toBe("fi");
    expect(languageFromHeader("de")).toBe("fi");
  });

  it("names the field and the problem in the editor's language", () => {
    const issue = { field: "validUntil", message: 'expected an ISO date (YYYY-MM-DD), got "31.12."' };
    expect(localiseIssue(issue, "fi")).toBe("Voimassa asti: pitää olla päivämäärä muodossa VVVV-KK-PP");
    expect(localiseIssue(issue, "sv")).toBe("Giltig till: ska vara ett datum i formatet ÅÅÅÅ-MM-DD");
    expect(localiseIssue({ field: "title", message: "Invalid input: expected string, received undefined" }, "en")).toBe("Title: is required");
    expect(localiseIssue({ field: "municipality", message: 'unknown municipality "X"' }, "sv")).toBe("Kommun: okänd kommun");
  });

  it("keeps messages it does not know instead of hiding their detail", () => {
    expect(localiseIssueIfKnown({ field: "id", message: 'duplicate id "a" in source s' }, "fi")).toBe('duplicate id "a" in source s');
  });
});
