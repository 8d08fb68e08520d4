import { describe, expect, it } from "vitest";
import { loadEscoMapping } from "./esco-occupations.js";
import { mapTmtPosting, readTmtPage, tmtEmploymentType, tmtPostingSchema } from "./tyomarkkinatori-adapter.js";

const escoMapping = loadEscoMapping();

function posting(overrides: Record<string, unknown> = {}) {
  return tmtPostingSchema.parse({
    ilmoituksenID: 77,
    ilmoittajanNimi: [{ arvo: "Halsuan Kone Oy", kieliKoodi: "FI" }],
    perustiedot: {
      tyonOtsikko: [{ arvo: "Asentaja", kieliKoodi: "FI" }, { arvo: "Montör", kieliKoodi: "SV" }],
      tyonKuvaus: [{ arvo: "Asennustöitä.", kieliKoodi: "FI" }],
    },
    sijainti: { kunta: ["74"] },
    hakeminen: { hakuaikaPaattyy: "2026-12-31T21:59:00.000Z", hakemuksenUrl: "ftp://not-web" },
    ilmoituksenKielet: ["FI", "SV"],
    ...overrides,
  });
}

describe("mapTmtPosting", () => {
  it("maps a posting in a configured municipality, crediting the source", () => {
    const items = mapTmtPosting(posting(), { municipalityCodes: ["074"], escoMapping });
    // Swedish has a title but no description: only the Finnish version.
    expect(items).toEqual([
      expect.objectContaining({
        id: "77-fi",
        kind: "vacancy",
        title: "Asentaja",
        description: "Asennustöitä.\n\nLähde: Työmarkkinatori",
        organization: "Halsuan Kone Oy",
        municipality: "074",
        validUntil: "2026-12-31",
        url: undefined,
        tags: ["Lähde: Työmarkkinatori"],
      }),
    ]);
  });

  it("skips postings outside the configured municipalities", () => {
    expect(mapTmtPosting(posting({ sijainti: { kunta: ["091"] } }), { municipalityCodes: ["074"], escoMapping })).toEqual([]);
  });

  it("takes the ISCO code from an ISCO group URI or the shipped ESCO mapping, and nothing from an unknown URI", () => {
    const occupation = (uri: string) =>
      mapTmtPosting(posting({ osaamisvaatimukset: { ammatit: [{ luokittelunNimi: "ESCO", luokiteltuArvo: uri }] } }), {
        municipalityCodes: ["074"],
        escoMapping,
      })[0]!.occupation;
    expect(occupation("http://data.europa.eu/esco/isco/C7212")).toBe("7212");
    expect(occupation("https://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1")).toBe("2512");
    expect(occupation("http://data.tyomarkkinatori.fi/esco/occupation/national-1")).toBeUndefined();
  });
});

describe("tmtEmploymentType", () => {
  it("prefers seasonal and temporary over working hours", () => {
    expect(tmtEmploymentType("Kokoaikatyö", "Toistaiseksi voimassa oleva")).toBe("full-time");
    expect(tmtEmploymentType("Osa-aikatyö", undefined)).toBe("part-time");
    expect(tmtEmploymentType("Kokoaikatyö", "Määräaikainen")).toBe("temporary");
    expect(tmtEmploymentType("Osa-aikatyö", "Kesätyö")).toBe("seasonal");
    expect(tmtEmploymentType("01", "02")).toBeUndefined();
  });
});

describe("readTmtPage", () => {
  it("reads a paged object, a plain array and NDJSON", () => {
    expect(readTmtPage({ contentType: "application/json", text: '{"yhteensa":3,"ilmoitukset":[{"a":1}]}' })).toEqual({
      postings: [{ a: 1 }],
      total: 3,
      paged: true,
    });
    expect(readTmtPage({ contentType: "application/json", text: "[1,2]" })).toEqual({ postings: [1, 2], paged: false });
    expect(readTmtPage({ contentType: "application/x-ndjson", text: '{"a":1}\n{"b":2}\n' }).postings).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("refuses an answer without a list of postings", () => {
    expect(() => readTmtPage({ contentType: "application/json", text: '{"virhe":"x"}' })).toThrow(/no list of postings/);
    expect(() => readTmtPage({ contentType: "text/html", text: "<html>" })).toThrow(/not JSON/);
  });
});
