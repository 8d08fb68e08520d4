import { describe, expect, it } from "vitest";
import { canReadMunicipality, canWriteMunicipality, isAreaAdmin, listingScope, type Editor } from "./roles.js";

const kaustinenEditor: Editor = { user: "eeva", role: "editor", allMunicipalities: false, municipalities: ["236"], via: "token" };
const areaEditor: Editor = { user: "aino", role: "editor", allMunicipalities: true, municipalities: [], via: "token" };
const areaAdmin: Editor = { ...areaEditor, user: "antti", role: "admin" };

describe("roles", () => {
  it("lets a municipal editor change only their own municipality's items", () => {
    expect(canWriteMunicipality(kaustinenEditor, "236")).toBe(true);
    expect(canWriteMunicipality(kaustinenEditor, "924")).toBe(false);
  });

  it("keeps area-wide items (no municipality) writable only with area scope, but readable by all", () => {
    expect(canWriteMunicipality(kaustinenEditor, undefined)).toBe(false);
    expect(canReadMunicipality(kaustinenEditor, undefined)).toBe(true);
    expect(canWriteMunicipality(areaEditor, undefined)).toBe(true);
  });

  it("treats only admins with area scope as area admins", () => {
    expect(isAreaAdmin(areaAdmin)).toBe(true);
    expect(isAreaAdmin(areaEditor)).toBe(false);
    expect(isAreaAdmin({ ...kaustinenEditor, role: "admin" })).toBe(false);
  });

  it("narrows listings to the editor's municipalities and forbids asking for others", () => {
    expect(listingScope(kaustinenEditor, undefined)).toEqual({ municipalities: ["236"], includeAreaWide: true });
    expect(listingScope(kaustinenEditor, ["924"])).toBe("forbidden");
    expect(listingScope(areaEditor, undefined)).toEqual({ municipalities: undefined, includeAreaWide: true });
    expect(listingScope(areaEditor, ["924"])).toEqual({ municipalities: ["924"], includeAreaWide: false });
  });
});
