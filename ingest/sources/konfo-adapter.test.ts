import { describe, expect, it } from "vitest";
import { applicationWindow, konfoFormat, konfoToteutusSchema, mapKonfoToteutus, municipalityFromKoodiUri } from "./konfo-adapter.js";

const TODAY = "2026-11-28";

describe("applicationWindow", () => {
  it("spans the periods that are open or upcoming", () => {
    expect(
      applicationWindow(
        [
          { alkaa: "2026-01-01T08:00", paattyy: "2026-02-01T15:00" },
          { alkaa: "2026-11-01T08:00", paattyy: "2026-12-15T15:00" },
          { alkaa: "2027-01-10T08:00", paattyy: "2027-02-01T15:00" },
        ],
        TODAY,
      ),
    ).toEqual({ validFrom: "2026-11-01", validUntil: "2027-02-01" });
  });

  it("leaves validUntil open for continuous application and gives the last end when all are over", () => {
    expect(applicationWindow([{ alkaa: "2026-10-01T08:00" }], TODAY)).toEqual({ validFrom: "2026-10-01" });
    expect(applicationWindow([{ alkaa: "2026-01-01", paattyy: "2026-03-01" }], TODAY)).toEqual({ validUntil: "2026-03-01" });
    expect(applicationWindow([], TODAY)).toEqual({});
  });
});

describe("konfo codes", () => {
  it("reads municipality code URIs and teaching formats", () => {
    expect(municipalityFromKoodiUri("kunta_236#2")).toBe("236");
    expect(municipalityFromKoodiUri("maakunta_16#1")).toBeUndefined();
    expect(konfoFormat(["opetuspaikkakk_2#1"])).toBe("online");
    expect(konfoFormat([])).toBeUndefined();
  });
});

describe("mapKonfoToteutus", () => {
  it("ends a training without application periods on its end date and strips HTML from the description", () => {
    const toteutus = konfoToteutusSchema.parse({
      oid: "1.2.246.562.17.1",
      nimi: { fi: "Trukkikorttikoulutus", en: "Forklift licence course" },
      kielivalinta: ["fi", "en"],
      tarjoajat: [{ nimi: { fi: "KPEDU" } }],
      metadata: {
        kuvaus: { fi: "<p>Kurssi <script>alert(1)</script>työnhakijoille.</p>", en: "Course for jobseekers." },
        opetus: { koulutuksenAlkamiskausi: [{ koulutuksenAlkamispaivamaara: "2026-10-01T08:00" }, { koulutuksenPaattymispaivamaara: "2026-11-01T16:00" }] },
      },
    });
    const items = mapKonfoToteutus(toteutus, { municipality: "849", hakukohteet: [], today: TODAY });
    expect(items.map((item) => item.id)).toEqual(["1.2.246.562.17.1-fi", "1.2.246.562.17.1-en"]);
    expect(items[0]).toMatchObject({
      kind: "training",
      description: "Kurssi työnhakijoille.",
      organization: "KPEDU",
      municipality: "849",
      startDate: "2026-10-01",
      validUntil: "2026-11-01",
      url: "https://opintopolku.fi/konfo/fi/toteutus/1.2.246.562.17.1",
    });
    expect(items[1]).toMatchObject({ organization: "KPEDU", tags: expect.arrayContaining(["labour market training"]) });
  });
});
