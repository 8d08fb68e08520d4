import { employmentAreas, municipalityByCode, municipalityCode } from "../../knowledge/index.js";

/** An employment area (työllisyysalue) and its member municipalities (Statistics Finland codes). */
export interface Area {
  readonly id: string;
  readonly name: string;
  readonly members: readonly string[];
}

export interface AreaDirectory {
  readonly areas: readonly Area[];
  byId(id: string): Area | undefined;
  /** The area a municipality belongs to. */
  areaOf(municipality: string | undefined): Area | undefined;
  /** The partner area notified when a handoff waits too long. */
  partnerOf(areaId: string): Area | undefined;
}

/**
 * Used only when knowledge/geo/municipalities.json carries no employment areas (older data
 * files): the two areas of docs/domain.md, as in force since 1 January 2025.
 */
const FALLBACK_AREAS: readonly Area[] = [
  {
    id: "keski-pohjanmaa",
    name: "Keski-Pohjanmaan työllisyysalue",
    members: ["074", "217", "236", "272", "421", "584", "849", "924"],
  },
  {
    id: "pohjoinen-keski-suomi",
    name: "Pohjoisen Keski-Suomen työllisyysalue",
    members: ["992", "077", "216", "226", "256", "265", "275", "312", "410", "601", "729", "892", "931"],
  },
];

function slug(value: string): string {
  return value
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ työllisyysalue$/, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function areasFromData(): Area[] {
  const areas: Area[] = [];
  for (const raw of employmentAreas()) {
    const name = raw.fi ?? (typeof raw.name === "string" ? raw.name : undefined) ?? raw.en ?? raw.id ?? raw.key;
    const id = raw.id ?? raw.key ?? (name ? slug(name) : undefined);
    if (!id || !name) continue;
    const members = raw.members
      .map((member) => (municipalityByCode(member) ? member : municipalityCode(member)))
      .filter((code): code is string => Boolean(code));
    areas.push({ id, name, members });
  }
  return areas;
}

/**
 * Builds the directory from the municipality data; `partnerSpec` (`ADVISOR_PARTNER_AREAS`,
 * `area=partner; area2=partner2`) names partners, else each area's partner is the next one listed.
 */
export function createAreaDirectory(partnerSpec?: string | undefined): AreaDirectory {
  const fromData = areasFromData();
  const areas = fromData.length > 0 ? fromData : FALLBACK_AREAS;
  const partners = new Map<string, string>();
  for (const entry of (partnerSpec ?? "").split(";").map((part) => part.trim()).filter(Boolean)) {
    const [from, to] = entry.split("=").map((part) => part.trim().toLowerCase());
    if (from && to) partners.set(from, to);
  }
  const byId = new Map(areas.map((area) => [area.id.toLowerCase(), area]));
  return {
    areas,
    byId: (id) => byId.get(id.toLowerCase()),
    areaOf(municipality) {
      if (!municipality) return undefined;
      return areas.find((area) => area.members.includes(municipality));
    },
    partnerOf(areaId) {
      const configured = partners.get(areaId.toLowerCase());
      if (configured) return byId.get(configured);
      if (areas.length < 2) return undefined;
      const index = areas.findIndex((area) => area.id.toLowerCase() === areaId.toLowerCase());
      if (index === -1) return undefined;
      return areas[(index + 1) % areas.length];
    },
  };
}
