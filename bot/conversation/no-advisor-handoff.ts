import { makeReply } from "./compose-reply.js";
import type { ActiveHandoff, HandoffPort, HandoffRequest } from "./ports.js";
import { officialServiceSentence, text } from "./texts.js";

/**
 * The handoff port used when no advisor channel is configured: the offer and consent flow still
 * runs, and the request answers honestly that no advisor is connected and where to turn instead
 * (Työmarkkinatori and the employment area; no invented numbers). Nothing is sent anywhere.
 */
export class NoAdvisorHandoff implements HandoffPort {
  async active(): Promise<ActiveHandoff | undefined> {
    return undefined;
  }

  async request(request: HandoffRequest) {
    const { language } = request;
    return [
      makeReply({
        language,
        outcome: "handoff",
        text: `${text("noAdvisors", language)} ${officialServiceSentence(language, request.municipality)}`,
      }),
    ];
  }

  async relayFromPerson() {
    return [];
  }
}
