import { describe, expect, it } from "vitest";
import { mapPtvChannel, mapPtvService, ptvChannelSchema, ptvServiceSchema, renderServiceHours } from "./ptv-adapter.js";

const TODAY = "2026-11-28";

describe("renderServiceHours", () => {
  it("renders weekday ranges in each language and leaves out periods that have ended", () => {
    const hours = [
      {
        serviceHourType: "DaysOfTheWeek",
        validForNow: true,
        openingHour: [
          { dayFrom: "Monday", dayTo: "Friday", from: "08:00:00", to: "16:15:00" },
          { dayFrom: "Saturday", from: "10:00:00", to: "14:00:00" },
        ],
        additionalInformation: [],
      },
      { serviceHourType: "Exceptional", validFrom: "2026-01-01", validTo: "2026-01-01", isClosed: true, openingHour: [], additionalInformation: [] },
    ];
    expect(renderServiceHours(hours, "fi", TODAY)).toBe("ma–pe 8.00–16.15, la 10.00–14.00");
    expect(renderServiceHours(hours, "sv", TODAY)).toBe("mån–fre 8.00–16.15, lör 10.00–14.00");
    expect(renderServiceHours(hours, "en", TODAY)).toBe("Mon–Fri 8:00–16:15, Sat 10:00–14:00");
  });

  it("marks upcoming periods and lists exceptional days after the regular hours", () => {
    const hours = [
      { serviceHourType: "DaysOfTheWeek", validFrom: "2027-06-01", validTo: "2027-08-31", openingHour: [{ dayFrom: "Monday", dayTo: "Thursday", from: "09:00", to: "15:00" }], additionalInformation: [{ language: "en", value: "Summer hours" }] },
      { serviceHourType: "Exceptional", validFrom: "2026-12-24", validTo: "2026-12-26", isClosed: true, openingHour: [], additionalInformation: [] },
      { serviceHourType: "DaysOfTheWeek", isAlwaysOpen: true, openingHour: [], additionalInformation: [] },
    ];
    expect(renderServiceHours(hours, "en", TODAY)).toBe(
      "2027-06-01 from: Mon–Thu 9:00–15:00 (Summer hours); open around the clock · 2026-12-24–2026-12-26 closed",
    );
    expect(renderServiceHours([], "fi", TODAY)).toBeUndefined();
  });
});

describe("mapPtvService", () => {
  const service = ptvServiceSchema.parse({
    id: "s-1",
    serviceNames: [
      { type: "Name", language: "fi", value: "Työnhakupaja" },
      { type: "Name", language: "en", value: "Job search workshop" },
      { type: "Name", language: "sv", value: "Jobbsökarverkstad" },
    ],
    serviceDescriptions: [
      { type: "Summary", language: "fi", value: "Apua työhakemuksiin." },
      { type: "Description", language: "fi", value: "Joka tiistai kirjastolla." },
      { type: "Summary", language: "en", value: "Help with job applications." },
    ],
    serviceChargeType: "FreeOfCharge",
    areas: [{ type: "Municipality", code: "924" }],
    organizations: [
      { roleType: "Producer", organization: { name: "Kirjasto" } },
      { roleType: "Responsible", organization: { name: "Vetelin kunta" } },
    ],
    serviceChannels: [{ serviceChannel: { id: "c-1" } }],
  });

  it("makes one item per language that has a name and a description, with the responsible organisation", () => {
    const items = mapPtvService(service);
    expect(items.map((item) => item.id)).toEqual(["s-1-fi", "s-1-en"]);
    expect(items[0]).toMatchObject({
      kind: "service",
      title: "Työnhakupaja",
      description: "Apua työhakemuksiin.\n\nJoka tiistai kirjastolla.\n\nPalvelu on maksuton.",
      organization: "Vetelin kunta",
      municipality: "924",
    });
    expect(items[1]!.description).toBe("Help with job applications.\n\nThe service is free of charge.");
  });

  it("borrows contact details from the linked channel in the same language", () => {
    const items = mapPtvService(service, {
      contacts: (id, language) => (id === "c-1" ? { phone: "06 123 4567", address: `Kirjastotie 1 (${language})` } : undefined),
    });
    expect(items[0]).toMatchObject({ phone: "06 123 4567", address: "Kirjastotie 1 (fi)" });
    expect(items[1]).toMatchObject({ address: "Kirjastotie 1 (en)" });
  });
});

describe("mapPtvChannel", () => {
  it("drops a malformed phone or e-mail instead of the whole channel", () => {
    const channel = ptvChannelSchema.parse({
      id: "c-2",
      serviceChannelType: "Phone",
      serviceChannelNames: [{ type: "Name", language: "fi", value: "Neuvontapuhelin" }],
      serviceChannelDescriptions: [{ type: "Summary", language: "fi", value: "Soita meille." }],
      phoneNumbers: [{ prefixNumber: "+358", number: "ei numeroa", language: "fi" }],
      supportEmails: [{ language: "fi", value: "not-an-address" }],
      webPages: [{ url: "javascript:alert(1)", language: "fi" }],
    });
    const [item] = mapPtvChannel(channel, { today: TODAY });
    expect(item).toMatchObject({ id: "c-2-fi", title: "Neuvontapuhelin", tags: ["Suomi.fi-palvelutietovaranto", "puhelinpalvelu"] });
    expect(item!.phone).toBeUndefined();
    expect(item!.email).toBeUndefined();
    expect(item!.url).toBeUndefined();
  });
});
