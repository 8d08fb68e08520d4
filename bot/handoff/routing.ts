import { municipalityCode } from "../../knowledge/index.js";
import type { AreaDirectory } from "./employment-areas.js";
import { stripTags } from "../../platform/index.js";

/** A Teams channel an advisor registered for municipalities (or for all). */
export interface ChannelRegistration {
  /** Teams conversation id of the channel (`19:…@thread.tacv2`). */
  readonly channelId: string;
  readonly municipalities: readonly string[];
  readonly all: boolean;
  readonly registeredAt: string;
}

export type RouteReason = "municipality" | "registered-all" | "area-default";

export interface Route {
  readonly channelId: string;
  readonly reason: RouteReason;
}

export interface RouteInput {
  readonly municipality: string | undefined;
  readonly areaId: string | undefined;
  readonly registrations: readonly ChannelRegistration[];
  /** Area id → default channel id (`HANDOFF_AREA_CHANNELS`). */
  readonly areaDefaults: ReadonlyMap<string, string>;
  /** Channels not to choose (the first channel, when escalating). */
  readonly exclude?: readonly string[] | undefined;
}

function newestFirst(left: ChannelRegistration, right: ChannelRegistration): number {
  return right.registeredAt.localeCompare(left.registeredAt);
}

/**
 * Where a handoff card goes: a channel registered for the person's municipality (newest
 * registration wins), else one registered for all municipalities, else the area's default channel.
 */
export function routeHandoff(input: RouteInput): Route | undefined {
  const excluded = new Set(input.exclude ?? []);
  const candidates = input.registrations.filter((registration) => !excluded.has(registration.channelId)).sort(newestFirst);
  if (input.municipality) {
    const explicit = candidates.find((registration) => registration.municipalities.includes(input.municipality!));
    if (explicit) return { channelId: explicit.channelId, reason: "municipality" };
  }
  const all = candidates.find((registration) => registration.all);
  if (all) return { channelId: all.channelId, reason: "registered-all" };
  const fallback = input.areaId ? input.areaDefaults.get(input.areaId.toLowerCase()) : undefined;
  if (fallback && !excluded.has(fallback)) return { channelId: fallback, reason: "area-default" };
  return undefined;
}

/**
 * The partner area's channel for an escalation: its default channel, else a channel registered for
 * one of its municipalities. Never the channel that already has the card.
 */
export function routeEscalation(input: {
  readonly partnerAreaId: string;
  readonly partnerMembers: readonly string[];
  readonly registrations: readonly ChannelRegistration[];
  readonly areaDefaults: ReadonlyMap<string, string>;
  readonly exclude: readonly string[];
}): Route | undefined {
  const excluded = new Set(input.exclude);
  const fallback = input.areaDefaults.get(input.partnerAreaId.toLowerCase());
  if (fallback && !excluded.has(fallback)) return { channelId: fallback, reason: "area-default" };
  const registered = [...input.registrations]
    .sort(newestFirst)
    .find((registration) => !excluded.has(registration.channelId) && registration.municipalities.some((code) => input.partnerMembers.includes(code)));
  return registered ? { channelId: registered.channelId, reason: "municipality" } : undefined;
}

/** `HANDOFF_AREA_CHANNELS`: `area-id=19:…@thread.tacv2; other=19:…` → map (ids lower-cased). */
export function parseAreaChannels(spec: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of (spec ?? "").split(";").map((part) => part.trim()).filter(Boolean)) {
    const separator = entry.indexOf("=");
    if (separator <= 0) continue;
    map.set(entry.slice(0, separator).trim().toLowerCase(), entry.slice(separator + 1).trim());
  }
  return map;
}

export type RegisterCommand =
  | { readonly kind: "register"; readonly all: true; readonly municipalities: readonly string[]; readonly unknown: readonly string[] }
  | { readonly kind: "register"; readonly all: false; readonly municipalities: readonly string[]; readonly unknown: readonly string[] };

/**
 * Parses `register Kaustinen, Halsua` / `register all` (also `rekisteröi`, `registrera`, and
 * area names meaning all their members). Teams puts the bot's @mention into the text as
 * `<at>Name</at>`; it is stripped first. Undefined when the text is not a register command.
 */
export function parseRegisterCommand(text: string, areas: AreaDirectory): RegisterCommand | undefined {
  const plain = stripTags(text.slice(0, 2000).replace(/<at>[^<]*<\/at>/gi, " "), " ")
    .replace(/&nbsp;/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const match = /^(?:@\S+ )?(register|rekisteröi|registrera)\b(.*)$/i.exec(plain);
  if (!match) return undefined;
  const rest = (match[2] ?? "").trim();
  if (/^(all|kaikki|alla)$/i.test(rest)) return { kind: "register", all: true, municipalities: [], unknown: [] };
  const municipalities: string[] = [];
  const unknown: string[] = [];
  for (const name of rest.split(/,|;|\bja\b|\boch\b|\band\b/i).map((part) => part.trim()).filter(Boolean)) {
    const code = municipalityCode(name);
    if (code) {
      if (!municipalities.includes(code)) municipalities.push(code);
      continue;
    }
    const area = areas.areas.find((candidate) => candidate.id.toLowerCase() === name.toLowerCase() || candidate.name.toLowerCase().startsWith(name.toLowerCase()));
    if (area) {
      for (const member of area.members) if (!municipalities.includes(member)) municipalities.push(member);
      continue;
    }
    unknown.push(name);
  }
  return { kind: "register", all: false, municipalities, unknown };
}
