import type { Config } from "../../../platform/index.js";

/** Teams app manifest schema version this package targets (schema shipped by @microsoft/app-manifest). */
export const MANIFEST_VERSION = "1.24";
const MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;

/** Used when no app id is configured yet, so a package can still be built and inspected. */
export const PLACEHOLDER_APP_ID = "00000000-0000-4000-8000-000000000000";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ManifestInput {
  readonly appId: string | undefined;
  readonly teamsAppId: string | undefined;
  readonly publicBaseUrl: string;
  readonly extraDomains: readonly string[];
  readonly ssoAudience: string | undefined;
  readonly version: string;
}

export function manifestInputFromConfig(config: Config, version: string): ManifestInput {
  return {
    appId: config.MicrosoftAppId,
    teamsAppId: config.TEAMS_APP_ID,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    extraDomains: config.TEAMS_VALID_DOMAINS,
    ssoAudience: config.AUTH_AUDIENCE,
    version,
  };
}

/**
 * The Teams app manifest: the bot in personal and team scope, the advisor console and knowledge
 * administration as static tabs, validDomains from PUBLIC_BASE_URL and TEAMS_VALID_DOMAINS, and
 * `webApplicationInfo` for Teams SSO in the tabs when an app id URI (AUTH_AUDIENCE) is set.
 */
export function buildTeamsManifest(input: ManifestInput): Record<string, unknown> {
  const botId = input.appId && GUID.test(input.appId) ? input.appId : PLACEHOLDER_APP_ID;
  const id = input.teamsAppId && GUID.test(input.teamsAppId) ? input.teamsAppId : botId;
  const base = input.publicBaseUrl.replace(/\/$/, "");
  // Domains without a port: Teams matches validDomains on host names.
  const host = new URL(base).hostname;
  const domains = [...new Set([host, ...input.extraDomains.map((domain) => domain.replace(/^https?:\/\//, "").replace(/\/.*$/, ""))])].slice(0, 16);
  const manifest: Record<string, unknown> = {
    $schema: MANIFEST_SCHEMA_URL,
    manifestVersion: MANIFEST_VERSION,
    version: input.version,
    id,
    developer: {
      name: "Kaustisen seutukunta",
      websiteUrl: base,
      privacyUrl: `${base}/#privacy`,
      termsOfUseUrl: `${base}/#terms`,
    },
    name: { short: "Lähituki", full: "Lähituki – työnhakijan lähituki" },
    description: {
      short: "Työnhaun lähituki Kaustisen seutukunnalle",
      full: "Lähituki answers jobseekers' questions about vacancies, training and employment services in Finnish, Swedish and English, and hands the conversation to an advisor of the employment area when a person is needed. Advisors claim, talk and close handoffs here in Teams.",
    },
    icons: { color: "color.png", outline: "outline.png" },
    accentColor: "#1F5F8B",
    localizationInfo: { defaultLanguageTag: "fi-fi" },
    bots: [
      {
        botId,
        scopes: ["personal", "team"],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [
          {
            scopes: ["team"],
            commands: [
              { title: "register", description: "Rekisteröi kanava kunnille: register Kaustinen, Halsua (tai register all)" },
            ],
          },
          {
            scopes: ["personal"],
            commands: [{ title: "/close", description: "Päätä keskustelu asiakkaan kanssa" }],
          },
        ],
      },
    ],
    staticTabs: [
      {
        entityId: "advisor-console",
        name: "Neuvojat",
        contentUrl: `${base}/advisor?inTeams=1`,
        websiteUrl: `${base}/advisor`,
        scopes: ["personal"],
      },
      {
        entityId: "knowledge-admin",
        name: "Tietopankki",
        contentUrl: `${base}/admin?inTeams=1`,
        websiteUrl: `${base}/admin`,
        scopes: ["personal"],
      },
    ],
    permissions: ["identity", "messageTeamMembers"],
    validDomains: domains,
  };
  if (input.ssoAudience) manifest.webApplicationInfo = { id: botId, resource: input.ssoAudience };
  return manifest;
}
