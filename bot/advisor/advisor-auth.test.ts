import { describe, expect, it } from "vitest";
import { advisorFromClaims, canSeeArea, parseAdvisorAreaMap } from "./advisor-auth.js";

const options = {
  areaMap: parseAdvisorAreaMap("Advisors.KP=keski-pohjanmaa; Advisors.All=*; 3f2a-group=pohjoinen-keski-suomi"),
  areaIds: ["keski-pohjanmaa", "pohjoinen-keski-suomi"],
};

describe("advisor areas from token claims", () => {
  it("maps roles and groups to employment areas", () => {
    expect(advisorFromClaims({ oid: "o1", name: "Anna", roles: ["Advisors.KP"] }, options)).toEqual({ id: "o1", name: "Anna", areas: ["keski-pohjanmaa"] });
    expect(advisorFromClaims({ sub: "s1", groups: ["3f2a-group"] }, options).areas).toEqual(["pohjoinen-keski-suomi"]);
    expect(advisorFromClaims({ sub: "s1", roles: ["Advisors.All"] }, options).areas).toBe("all");
  });

  it("grants no area to a role that merely has an area's name: only ADVISOR_AREA_MAP counts", () => {
    expect(() => advisorFromClaims({ sub: "s1", roles: ["keski-pohjanmaa"] }, options)).toThrow(/not an advisor/);
  });

  it("refuses a token without any advisor membership", () => {
    expect(() => advisorFromClaims({ sub: "s1", roles: ["Admin"] }, options)).toThrow(/not an advisor/);
  });

  it("shows an advisor only their areas", () => {
    const advisor = advisorFromClaims({ sub: "s1", roles: ["Advisors.KP"] }, options);
    expect(canSeeArea(advisor, "keski-pohjanmaa")).toBe(true);
    expect(canSeeArea(advisor, "pohjoinen-keski-suomi")).toBe(false);
  });
});
