import { z } from "zod";
import type { Language } from "../../knowledge/index.js";

/**
 * What a message or a button asks of alerts. Recognised in Finnish, Swedish and English, in one
 * step: "lopeta ilmoitukset" stops every alert at once, "mina bevakningar" lists them with buttons.
 */
export type AlertCommand = (
  | { readonly type: "subscribe"; readonly query: string; readonly likeLast: boolean; readonly fromButton: boolean; readonly filters?: ButtonFilters }
  | { readonly type: "list" }
  | { readonly type: "cancel-all" }
  | { readonly type: "cancel-one"; readonly subscriptionId: string }
  | { readonly type: "renew" }
  | { readonly type: "email"; readonly email: string | undefined; readonly consent: boolean }
) & {
  /** The language the command was written in (text commands only): the reply uses it. */
  readonly language?: Language | undefined;
};

export interface ButtonFilters {
  readonly query?: string | undefined;
  readonly kind?: "vacancy" | "training" | "service" | undefined;
  readonly municipality?: string | undefined;
}

// Letters-only boundaries: JavaScript's \b does not know "ä" or "å" as word characters.
const start = "(?<![\\p{L}\\p{N}])";
const end = "(?![\\p{L}\\p{N}])";
const words = (pattern: string) => new RegExp(`${start}(?:${pattern})${end}`, "iu");

const ALERT_NOUN = "ilmoitukse(?:t|ni|si|n)?|ilmoituksia|ilmoitus|hälytykse(?:t|ni)|hälytyksiä|tilaukse(?:t|ni)|bevakning(?:ar|en|arna)?|jobbevakning(?:ar|en|arna)?|alerts?|job alerts?|notifications?|subscriptions?";

const CANCEL_ALL: ReadonlyArray<readonly [RegExp, Language]> = [
  [words(`(?:lopeta|lopettakaa|peru|peruuta|poista|keskeytä)\\s+(?:kaikki\\s+)?(?:${ALERT_NOUN})`), "fi"],
  [words(`(?:en halua|älä lähetä)\\s+(?:enää\\s+)?(?:${ALERT_NOUN})`), "fi"],
  [words(`(?:stoppa|avsluta|ta bort|sluta med|säg upp|radera)\\s+(?:alla\\s+)?(?:mina\\s+)?(?:${ALERT_NOUN})`), "sv"],
  [words("sluta bevaka"), "sv"],
  [words(`(?:stop|cancel|delete|remove|end|turn off)\\s+(?:all\\s+)?(?:my\\s+|the\\s+)?(?:${ALERT_NOUN})`), "en"],
  [words("unsubscribe"), "en"],
];

const LIST: ReadonlyArray<readonly [RegExp, Language]> = [
  // Not "näytä ilmoitukset": "ilmoitus" also means a job posting, so only possessive forms list alerts.
  [words(`(?:omat|minun)\\s+(?:kaikki\\s+)?(?:${ALERT_NOUN})`), "fi"],
  [words("ilmoitukseni|tilaukseni"), "fi"],
  [words(`(?:mina|visa|lista|vilka)\\s+(?:${ALERT_NOUN})`), "sv"],
  [words(`(?:my|show|list|which)\\s+(?:my\\s+)?(?:${ALERT_NOUN})`), "en"],
];

const RENEW: ReadonlyArray<readonly [RegExp, Language]> = [
  [words(`(?:jatka|uusi|uusin|pidennä)\\s+(?:${ALERT_NOUN})`), "fi"],
  [words(`(?:förnya|förläng|fortsätt)\\s+(?:mina\\s+)?(?:${ALERT_NOUN})`), "sv"],
  [words(`(?:renew|extend|keep)\\s+(?:my\\s+)?(?:${ALERT_NOUN})`), "en"],
];

/** Phrases that ask to be told about new items; the rest of the message is what about. */
const SUBSCRIBE: ReadonlyArray<readonly [RegExp, Language]> = [
  [words("ilmoita(?:kaa)?\\s+(?:minulle\\s+|mulle\\s+)?(?:kun|jos|heti kun|uusista|uusia)"), "fi"],
  [words("kerro(?:kaa)?\\s+(?:minulle\\s+|mulle\\s+)?(?:kun|jos|heti kun|uusista)"), "fi"],
  [words("(?:haluan|tilaa|tilaan|laita|tee)\\s+(?:minulle\\s+)?(?:ilmoitus|ilmoituksen|ilmoituksia|hälytys|hälytyksen)"), "fi"],
  [words("(?:meddela|underrätta|påminn)\\s+(?:mig|oss)"), "sv"],
  [words("säg till (?:när|om)"), "sv"],
  [words("(?:bevaka|jag vill bevaka|skapa (?:en )?bevakning)"), "sv"],
  [words("(?:notify|alert)\\s+me"), "en"],
  [words("(?:tell|inform|email|message)\\s+me\\s+(?:(?:about|of)\\s+(?:any\\s+)?new|when|if|whenever)"), "en"],
  [words("let me know (?:when|if|whenever|about new|of new|of any new|about any new)"), "en"],
  // Not "subscribe" anywhere: "how do I subscribe to …" is a question for the core.
  [new RegExp(`^\\s*subscribe(?:\\s+(?:me|to (?:new )?(?:jobs|alerts|job alerts|these|this)))?[\\s.!]*$|${start}(?:set up an alert|create an alert|i want (?:an )?alerts?)${end}`, "iu"), "en"],
];

const LIKE_LAST = words(
  "tällaisi(?:a|sta)|tämmöisi(?:ä|stä)|samanlaisi(?:a|sta)|näistä|näitä|samoja|näin|sådana|liknande|samma|dessa|like (?:this|these|that)|similar|such",
);

/** Words of the trigger phrase itself, removed before the rest is used as the query. */
const TRIGGER_WORDS = new RegExp(
  `${start}(?:ilmoita(?:kaa)?|kerro(?:kaa)?|minulle|mulle|heti|kun|jos|haluan|tilaa|tilaan|laita|tee|ilmoitus|ilmoituksen|ilmoituksia|hälytys|hälytyksen|meddela|underrätta|påminn|mig|oss|säg|till|när|om|bevaka|jag|vill|skapa|en|bevakning|tell|notify|alert|inform|email|message|me|let|know|subscribe|set|up|an|create|i|want|alerts?|please|kiitos|tack|about|when|there|are|is|any|new|nya?|nytt|uusi(?:a|sta)?|tulee|tulevat|ilmestyy)${end}`,
  "giu",
);

/** The part of a subscription request that says what about: "ilmoita kun tulee uusia hitsaajan paikkoja" → "hitsaajan paikkoja". */
export function subscriptionQuery(text: string): string {
  return text
    .replace(TRIGGER_WORDS, " ")
    .replace(LIKE_LAST, " ")
    .replace(/[!?.,;:"“”]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const submitSchema = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("subscribeAlert"),
    query: z.string().max(500).optional(),
    kind: z.enum(["vacancy", "training", "service"]).optional(),
    municipality: z.string().max(100).optional(),
  }).loose(),
  z.object({ action: z.literal("cancelAlert"), alertId: z.string().min(1).max(100) }).loose(),
  z.object({ action: z.literal("cancelAlerts") }).loose(),
  z.object({ action: z.literal("listAlerts") }).loose(),
  z.object({ action: z.literal("renewAlerts") }).loose(),
  z.object({
    action: z.literal("alertEmail"),
    email: z.string().max(320).optional(),
    // Adaptive Card toggles submit strings.
    consent: z.union([z.boolean(), z.string()]).optional(),
  }).loose(),
]);

/** A card submission (Action.Submit / messageBack value) about alerts, or undefined. */
export function parseAlertSubmit(value: unknown): AlertCommand | undefined {
  if (!value || typeof value !== "object") return undefined;
  const parsed = submitSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const data = parsed.data;
  switch (data.action) {
    case "subscribeAlert":
      return {
        type: "subscribe",
        query: data.query ?? "",
        likeLast: !data.query,
        fromButton: true,
        filters: { query: data.query, kind: data.kind, municipality: data.municipality },
      };
    case "cancelAlert":
      return { type: "cancel-one", subscriptionId: data.alertId };
    case "cancelAlerts":
      return { type: "cancel-all" };
    case "listAlerts":
      return { type: "list" };
    case "renewAlerts":
      return { type: "renew" };
    case "alertEmail": {
      const email = data.email?.trim() || undefined;
      const consent = data.consent === true || data.consent === "true";
      return { type: "email", email, consent };
    }
  }
}

/** An alert command typed in words, or undefined when the message is about something else. */
export function parseAlertText(text: string): AlertCommand | undefined {
  const message = text.normalize("NFC").trim();
  if (!message || message.length > 300) return undefined;
  const match = (patterns: ReadonlyArray<readonly [RegExp, Language]>) => patterns.find(([pattern]) => pattern.test(message))?.[1];
  let language = match(CANCEL_ALL);
  if (language) return { type: "cancel-all", language };
  language = match(RENEW);
  if (language) return { type: "renew", language };
  language = match(LIST);
  if (language) return { type: "list", language };
  language = match(SUBSCRIBE);
  if (language) {
    return { type: "subscribe", query: subscriptionQuery(message), likeLast: LIKE_LAST.test(message), fromButton: false, language };
  }
  return undefined;
}

/** Either form of a turn. Buttons win over text (Web Chat sends both for messageBack). */
export function parseAlertCommand(turn: { readonly text?: string | undefined; readonly value?: unknown }): AlertCommand | undefined {
  return parseAlertSubmit(turn.value) ?? (turn.text ? parseAlertText(turn.text) : undefined);
}

/**
 * An alert command typed in words. The trained classifier's intent decides what kind of command
 * it is; the phrase rules above then only pick out what to watch ("hitsaajan paikkoja") and the
 * language, and still catch the exact phrasings when no classifier ran (intent undefined).
 */
export function alertCommandOfText(text: string, intent: string | undefined): AlertCommand | undefined {
  const parsed = text ? parseAlertText(text) : undefined;
  if (intent === "alert-subscribe") {
    if (parsed?.type === "subscribe") return parsed;
    const message = text.normalize("NFC").trim().slice(0, 300);
    return { type: "subscribe", query: subscriptionQuery(message), likeLast: LIKE_LAST.test(message), fromButton: false };
  }
  if (intent === "alert-list") return parsed?.type === "list" ? parsed : { type: "list" };
  if (intent === "alert-stop") return parsed?.type === "cancel-all" ? parsed : { type: "cancel-all" };
  return parsed;
}
