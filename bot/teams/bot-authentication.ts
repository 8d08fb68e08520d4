import { ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from "botbuilder";
import {
  AuthenticationConstants,
  AuthenticationError,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
  type BotFrameworkClient,
} from "botframework-connector";
import type { Activity } from "botframework-schema";
import type { Config } from "../../platform/index.js";

/**
 * How `/api/messages` treats inbound requests:
 * - `authenticated`: an app id is configured; every request needs a valid Bot Framework token.
 * - `anonymous`: no app id and `BOT_ALLOW_ANONYMOUS=true` (local development and protocol tests).
 * - `disabled`: no app id and no flag. botbuilder would silently accept anyone here, so we answer
 *   503 instead (see docs/decisions/0030-handoff.md).
 */
export type BotAuthMode = "authenticated" | "anonymous" | "disabled";

export function botAuthMode(config: Pick<Config, "MicrosoftAppId" | "BOT_ALLOW_ANONYMOUS">): BotAuthMode {
  if (config.MicrosoftAppId) return "authenticated";
  return config.BOT_ALLOW_ANONYMOUS ? "anonymous" : "disabled";
}

/**
 * The settings ConfigurationBotFrameworkAuthentication reads. When a custom OpenID metadata URL is
 * set, botbuilder switches to its "parameterized" mode, which then needs every endpoint spelled out
 * (it would otherwise compare the token issuer with `undefined`): we pass the public-cloud values.
 */
function botFrameworkSettings(config: Config): ConfigurationBotFrameworkAuthenticationOptions {
  const settings: Record<string, string | undefined> = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  if (config.BOT_OPENID_METADATA_URL) {
    Object.assign(settings, {
      [AuthenticationConstants.BotOpenIdMetadataKey]: config.BOT_OPENID_METADATA_URL,
      ToBotFromChannelOpenIdMetadataUrl: config.BOT_OPENID_METADATA_URL,
      ToBotFromEmulatorOpenIdMetadataUrl: config.BOT_OPENID_METADATA_URL,
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      CallerId: "urn:botframework:azure",
      ValidateAuthority: "true",
    });
  }
  return settings as ConfigurationBotFrameworkAuthenticationOptions;
}

/**
 * Wraps botbuilder's authentication so that every failure to authenticate an inbound request is an
 * `AuthenticationError` (401). botbuilder lets a signature mismatch from `jsonwebtoken` escape as a
 * plain error, which CloudAdapter would answer with 500.
 */
class StrictBotFrameworkAuthentication extends BotFrameworkAuthentication {
  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError(`Unauthorized: ${(error as Error).message ?? "invalid token"}`, 401);
    }
  }

  override authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}

export function createBotFrameworkAuthentication(config: Config): BotFrameworkAuthentication {
  return new StrictBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication(botFrameworkSettings(config)));
}
