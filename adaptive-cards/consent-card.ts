import { adaptiveCard } from "./alert-cards.js";
import type { AdaptiveCardAttachment, CardLanguage } from "./result-cards.js";

/**
 * The consent card shown when the bot offers a person: it says exactly what will be shared and
 * asks permission. Its buttons are `Action.Submit` with data
 * `{"action":"handoffConsent","consent":true|false}`; the optional inputs `contact` (phone or
 * e-mail for a callback) and `shareTranscript` ("true"/"false") are merged into the data by the
 * channel. Built in code rather than a template: it has no repeated data.
 */
export function buildConsentCard(options: { language: CardLanguage; municipalityName?: string | undefined }): AdaptiveCardAttachment {
  const t = TEXTS[options.language];
  const shared = [t.sharedMunicipality(options.municipalityName), t.sharedLanguage, t.sharedSummary];
  return adaptiveCard(
    options.language,
    [
      { type: "TextBlock", text: t.title, weight: "Bolder", size: "Medium", wrap: true, style: "heading" },
      { type: "TextBlock", text: t.whatIsShared, wrap: true },
      { type: "TextBlock", text: shared.map((line) => `- ${line}`).join("\n"), wrap: true, spacing: "Small" },
      {
        type: "Input.Toggle",
        id: "shareTranscript",
        title: t.shareTranscript,
        label: t.shareTranscriptLabel,
        value: "false",
        valueOn: "true",
        valueOff: "false",
        wrap: true,
      },
      {
        type: "Input.Text",
        id: "contact",
        label: t.contactLabel,
        placeholder: t.contactPlaceholder,
        maxLength: 120,
        isRequired: false,
      },
      { type: "TextBlock", text: t.privacy, wrap: true, isSubtle: true, size: "Small" },
    ],
    [
      { type: "Action.Submit", title: t.yes, style: "positive", data: { action: "handoffConsent", consent: true } },
      { type: "Action.Submit", title: t.no, data: { action: "handoffConsent", consent: false } },
    ],
  );
}

const TEXTS = {
  fi: {
    title: "Yhdistetäänkö sinut ihmiseen?",
    whatIsShared: "Jos vastaat kyllä, asiantuntija näkee:",
    sharedMunicipality: (name: string | undefined) => (name ? `kuntasi (${name})` : "kuntasi, jos se on tiedossa"),
    sharedLanguage: "kielesi",
    sharedSummary: "lyhyen yhteenvedon kysymyksestäsi",
    shareTranscript: "Saa nähdä myös tämän keskustelun",
    shareTranscriptLabel: "Keskustelun jakaminen",
    contactLabel: "Puhelinnumero tai sähköposti takaisinyhteydenottoa varten (vapaaehtoinen)",
    contactPlaceholder: "esim. 040 123 4567",
    privacy: "Muuta ei jaeta. Älä kirjoita henkilötunnustasi.",
    yes: "Kyllä, välitä",
    no: "Ei kiitos",
  },
  sv: {
    title: "Vill du kopplas till en människa?",
    whatIsShared: "Om du svarar ja ser handläggaren:",
    sharedMunicipality: (name: string | undefined) => (name ? `din kommun (${name})` : "din kommun, om den är känd"),
    sharedLanguage: "ditt språk",
    sharedSummary: "en kort sammanfattning av din fråga",
    shareTranscript: "Får också se det här samtalet",
    shareTranscriptLabel: "Dela samtalet",
    contactLabel: "Telefonnummer eller e-post för att bli kontaktad (frivilligt)",
    contactPlaceholder: "t.ex. 040 123 4567",
    privacy: "Inget annat delas. Skriv inte din personbeteckning.",
    yes: "Ja, förmedla",
    no: "Nej tack",
  },
  en: {
    title: "Shall I connect you with a person?",
    whatIsShared: "If you say yes, the advisor sees:",
    sharedMunicipality: (name: string | undefined) => (name ? `your municipality (${name})` : "your municipality, if known"),
    sharedLanguage: "your language",
    sharedSummary: "a short summary of your question",
    shareTranscript: "May also see this conversation",
    shareTranscriptLabel: "Share the conversation",
    contactLabel: "Phone number or e-mail for a callback (optional)",
    contactPlaceholder: "e.g. 040 123 4567",
    privacy: "Nothing else is shared. Don't type your personal identity code.",
    yes: "Yes, pass it on",
    no: "No thanks",
  },
} as const;
