import { escapeMarkdown } from "../platform/index.js";

/**
 * Small advisor-facing cards: the confirmation of a channel registration and the introduction
 * of a relayed conversation in the advisor's 1:1 chat with the bot (Adaptive Card 1.5).
 */
export interface RegistrationCardView {
  readonly all: boolean;
  /** Display names of the registered municipalities. */
  readonly municipalities: readonly string[];
  /** Names the bot did not recognise. */
  readonly unknown: readonly string[];
  readonly channelName?: string | undefined;
}

export function buildRegistrationCard(view: RegistrationCardView): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    { type: "TextBlock", text: "Kanava rekisteröity", weight: "Bolder", size: "Medium", wrap: true, style: "heading" },
    {
      type: "TextBlock",
      wrap: true,
      text: view.all
        ? "Tämä kanava saa kaikkien kuntien asiakkaiden yhteydenottopyynnöt, ellei kunnalle ole omaa kanavaa."
        : view.municipalities.length > 0
          ? `Tämä kanava saa yhteydenottopyynnöt kunnista: ${view.municipalities.join(", ")}.`
          : "Yhtään kuntaa ei tunnistettu, rekisteröintiä ei muutettu.",
    },
    {
      type: "TextBlock",
      wrap: true,
      isSubtle: true,
      text: view.all
        ? "This channel now receives handoffs from every municipality without a channel of its own."
        : `This channel now receives handoffs from: ${view.municipalities.join(", ") || "–"}.`,
    },
  ];
  if (view.unknown.length > 0) {
    body.push({
      type: "TextBlock",
      wrap: true,
      color: "Warning",
      text: `Tuntemattomat nimet (unknown names): ${view.unknown.join(", ")}. Esimerkki: register Kaustinen, Halsua`,
    });
  }
  return { type: "AdaptiveCard", $schema: "http://adaptivecards.io/schemas/adaptive-card.json", version: "1.5", body };
}

export interface RelayIntroCardView {
  readonly handoffId: string;
  readonly municipalityName: string | undefined;
  readonly language: string;
  readonly topic: string;
  readonly summary: string;
  /** Shared conversation, only when the person consented. */
  readonly transcript: readonly { readonly role: string; readonly text: string }[];
}

const ROLE_LABELS: Record<string, string> = { person: "Asiakas", user: "Asiakas", bot: "Botti", advisor: "Neuvoja" };

/** The person's words are escaped so their Markdown shows as written; the bot's text is already safe Markdown. */
function lineText(line: { readonly role: string; readonly text: string }): string {
  return line.role === "bot" || line.role === "advisor" ? line.text : escapeMarkdown(line.text);
}

export function buildRelayIntroCard(view: RelayIntroCardView): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    { type: "TextBlock", text: "Keskustelu asiakkaan kanssa alkoi", weight: "Bolder", size: "Medium", wrap: true, style: "heading" },
    {
      type: "TextBlock",
      wrap: true,
      text: "Kirjoita tähän, niin viestisi välitetään asiakkaalle. Lopeta kirjoittamalla /close tai painamalla Sulje. (Type here to talk with the person; /close ends the conversation.)",
    },
    {
      type: "FactSet",
      facts: [
        { title: "Kunta", value: view.municipalityName ?? "ei tiedossa" },
        { title: "Kieli", value: view.language },
        { title: "Aihe", value: view.topic ? escapeMarkdown(view.topic) : "–" },
      ],
    },
    { type: "TextBlock", text: view.summary ? escapeMarkdown(view.summary) : "–", wrap: true },
  ];
  if (view.transcript.length > 0) {
    body.push({ type: "TextBlock", text: "Jaettu keskustelu", weight: "Bolder", wrap: true, spacing: "Medium" });
    for (const line of view.transcript.slice(-20)) {
      body.push({ type: "TextBlock", wrap: true, spacing: "Small", text: `**${ROLE_LABELS[line.role] ?? line.role}:** ${lineText(line)}` });
    }
  }
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    body,
    actions: [{ type: "Action.Execute", verb: "close", title: "Sulje", data: { handoffId: view.handoffId }, style: "destructive" }],
  };
}
