import type { JWTPayload } from "jose";
import { ForbiddenError, UnauthorizedError, type JwtVerifier } from "../../platform/index.js";

/** A signed-in advisor and the employment areas they may see ("all" for every area). */
export interface AdvisorPrincipal {
  readonly id: string;
  readonly name: string;
  readonly areas: readonly string[] | "all";
}

/**
 * `ADVISOR_AREA_MAP` (`Advisors.KP=keski-pohjanmaa; Advisors.All=*`): token `roles`/`groups`
 * values → area ids; `*` means all areas. A role or group equal to a known area id grants it too.
 */
export function parseAdvisorAreaMap(spec: string | undefined): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const entry of (spec ?? "").split(";").map((part) => part.trim()).filter(Boolean)) {
    const separator = entry.indexOf("=");
    if (separator <= 0) continue;
    const key = entry.slice(0, separator).trim();
    const areas = entry.slice(separator + 1).split(",").map((area) => area.trim().toLowerCase()).filter(Boolean);
    map.set(key, [...(map.get(key) ?? []), ...areas]);
  }
  return map;
}

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((entry): entry is string => typeof entry === "string");
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

export function advisorFromClaims(
  claims: JWTPayload,
  options: { areaMap: ReadonlyMap<string, readonly string[]>; areaIds: readonly string[] },
): AdvisorPrincipal {
  const id = typeof claims.oid === "string" ? claims.oid : claims.sub;
  if (!id) throw new UnauthorizedError("Token has no subject");
  const name =
    (typeof claims.name === "string" && claims.name) ||
    (typeof claims.preferred_username === "string" && claims.preferred_username) ||
    "Neuvoja";
  const memberships = [...stringList(claims.roles), ...stringList(claims.groups)];
  const areas = new Set<string>();
  let all = false;
  // Areas come only from ADVISOR_AREA_MAP: a role or group whose name happens to equal an area id
  // grants nothing, since another tenant may name its groups anything.
  for (const membership of memberships) {
    for (const area of options.areaMap.get(membership) ?? []) {
      if (area === "*") all = true;
      else areas.add(area);
    }
  }
  if (!all && areas.size === 0) throw new ForbiddenError("You are not an advisor of any employment area");
  return { id, name, areas: all ? "all" : [...areas] };
}

/** Reads `Authorization: Bearer …`, verifies it and maps it to an advisor. */
export async function authenticateAdvisor(
  authorization: string | undefined,
  deps: { verifier: JwtVerifier | undefined; areaMap: ReadonlyMap<string, readonly string[]>; areaIds: readonly string[] },
): Promise<AdvisorPrincipal> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match) throw new UnauthorizedError("Sign in required");
  if (!deps.verifier) throw new UnauthorizedError("Advisor sign-in is not configured (AUTH_JWKS_URL)");
  const claims = await deps.verifier.verify(match[1]!);
  return advisorFromClaims(claims, deps);
}

export function canSeeArea(advisor: AdvisorPrincipal, areaId: string | undefined): boolean {
  if (advisor.areas === "all") return true;
  // A handoff with no known municipality has no area: every advisor may pick it up.
  if (!areaId) return true;
  return advisor.areas.includes(areaId.toLowerCase());
}
