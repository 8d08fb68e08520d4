import { municipalityCode, type ItemKind, type Language } from "../../knowledge/index.js";
import { detectLanguage, detectLanguageSwitch, tokenize } from "./language.js";
import type { ConversationMemory, SearchPlan } from "./memory.js";

/** Longest message we read; the rest is ignored and the person is told so. */
export const MAX_MESSAGE_CHARS = 2000;

export type EmploymentType = "full-time" | "part-time" | "temporary" | "seasonal";

/** What the person wants this turn, decided by rules (and optionally refined by a model). */
export type Intent =
  | { readonly type: "empty" }
  | { readonly type: "crisis" }
  | { readonly type: "distress" }
  | { readonly type: "injection" }
  | { readonly type: "handoff-request" }
  | { readonly type: "consent"; readonly consent: boolean }
  | { readonly type: "cancel" }
  | { readonly type: "language-switch"; readonly language: Language }
  | { readonly type: "unsupported-language" }
  | { readonly type: "greeting" }
  | { readonly type: "help" }
  | { readonly type: "thanks" }
  | { readonly type: "out-of-scope" }
  | { readonly type: "choose-municipality" }
  | { readonly type: "search"; readonly plan: SearchPlan };

export interface TurnUnderstanding {
  readonly intent: Intent;
  /** Language to answer in (sticky per conversation unless the message clearly changes it). */
  readonly language: Language;
  /** The message, cleaned and cut to MAX_MESSAGE_CHARS. */
  readonly text: string;
  readonly truncated: boolean;
  /** Control characters or binary noise were removed. */
  readonly cleaned: boolean;
}

export interface UnderstandInput {
  readonly text: string;
  readonly memory: ConversationMemory;
}

/** Removes control characters and replacement characters; keeps newlines as spaces. */
export function cleanText(raw: string): { text: string; cleaned: boolean } {
  // eslint-disable-next-line no-control-regex
  const withoutControls = raw.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD\uFFFE\uFFFF]/g, "");
  const withoutLoneSurrogates = withoutControls.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "");
  const text = withoutLoneSurrogates.replace(/\s+/g, " ").trim();
  return { text, cleaned: withoutLoneSurrogates.length !== raw.length };
}

const CRISIS = [
  /itsemurh/i, /tappaa itseni/i, /tapan itseni/i, /haluan kuolla/i, /en halua (enää )?elää/i, /en jaksa (enää )?elää/i,
  /elämä(ni)? ei ole elämisen arvoi/i, /päättää elämäni/i, /satuttaa itseäni/i, /vahingoittaa itseäni/i, /lopettaa kaiken/i,
  /självmord/i, /ta livet av mig/i, /vill (inte leva|dö)/i, /skada mig själv/i, /orkar inte leva/i,
  /suicid/i, /kill myself/i, /end my life/i, /want to die/i, /don'?t want to live/i, /hurt(ing)? myself/i, /take my (own )?life/i,
];

const DISTRESS = [
  /en (enää )?jaksa/i, /en tiedä mitä teen/i, /en tiiä mitä teen/i, /rahat (on|ovat) loppu/i, /epätoivo/i, /ahdistaa/i,
  /ahdistunut/i, /masentunut/i, /masentaa/i, /kaikki on ihan päin/i, /ei ole ruokaa/i, /en selviä/i, /hätä/i,
  /orkar inte/i, /vet inte vad jag ska göra/i, /pengarna är slut/i, /förtvivlad/i, /deprimerad/i, /ångest/i,
  /can'?t cope/i, /desperate/i, /hopeless/i, /out of money/i, /don'?t know what to do/i, /depressed/i, /panic/i,
];

const INJECTION = [
  /ignore (all |any |the |your |previous |prior |earlier )*(instructions|rules|prompts?)/i, /system ?prompt/i,
  /disregard (all |your |previous )*(instructions|rules)/i, /you are now/i, /pretend (to be|you are)/i, /role-?play/i,
  /jailbreak/i, /developer mode/i, /\bDAN\b/, /reveal (your|the) (instructions|prompt|rules)/i, /act as (an? )?(unrestricted|free)/i,
  /unohda (kaikki )?(aiemmat |aikaisemmat |edelliset )?(ohjeet|ohjeesi|säännöt)/i, /ohita (kaikki )?(ohjeet|säännöt)/i,
  /olet nyt (vapaa|uusi|rajoittamaton)/i, /näytä (ohjeesi|järjestelmä)/i, /paljasta (ohjeesi|kehotteesi|järjestelmä)/i,
  /järjestelmäkehote/i, /esitä ole(va)?si/i, /muiden käyttäjien tiedot/i, /other users'? (data|information|details)/i,
  /glöm (alla )?(dina |tidigare )?(instruktioner|regler)/i, /ignorera (alla )?(dina |tidigare )?(instruktioner|regler)/i,
  /systemprompt/i, /låtsas (att du är|vara)/i, /andra användares (uppgifter|data)/i,
];

const HANDOFF = [
  /ihmisen kanssa/i, /oikean? ihmis/i, /\bihmiselle\b/i, /puhua (jonkun|virkailijan|asiantuntijan|neuvojan|työntekijän|henkilön)/i,
  /(voi|voiko|voisiko|voisitteko) joku soittaa/i, /soittaa (minulle|mulle)/i, /soittopyyntö/i, /yhteydenottopyyntö/i,
  /asiakaspalvelija/i, /virkailija/i, /haluan puhua/i, /ota(tko)? yhteyttä minuun/i, /oikea ihminen/i,
  /handläggare/i, /prata med (en )?(människa|person|någon|handläggare|rådgivare)/i, /ring(a)? (upp )?mig/i, /riktig människa/i,
  /real person/i, /\bhuman\b/i, /talk to (someone|somebody|a person|an? (advisor|adviser|agent|officer|person))/i,
  /speak (to|with) (someone|somebody|a person|an? (advisor|adviser|agent))/i, /call me\b/i, /callback/i, /live (agent|person)/i,
];

const GREETING = /^(moi|moikka|hei|heippa|terve|moro|päivää|huomenta|iltaa|hej|hejsan|tjena|god dag|hello|hi|hey|good (morning|afternoon|evening))(?![\p{L}\p{N}])[\s!.,]*$/iu;
const HELP = /^(apua|help|hjälp|mitä osaat|mitä voit tehdä|mitä sinulta voi kysyä|vad kan du( göra)?|what can you do|how does this work|miten tämä toimii|ohje|ohjeet)(?![\p{L}\p{N}])[\s!?.]*$/iu;
const THANKS = /^(kiitos|kiitti|kiitoksia|tack|tackar|thanks|thank you|thx)(?![\p{L}\p{N}])[\s!.]*(paljon|så mycket|a lot|very much)?[\s!.]*$/iu;
const YES = /^(kyllä|joo|juu|jep|ok|okei|selvä|yes|yeah|yep|sure|ja|jo|javisst|gärna|kyllä kiitos|yes please|ja tack)(?![\p{L}\p{N}])[\s!.]*$/iu;
const YES_PREFIX = /^(kyllä|joo|juu|yes|ja|jo)(?![\p{L}\p{N}])/iu;
const NO = /^(ei|en|ei kiitos|no|nope|no thanks|nej|nej tack|inte)(?![\p{L}\p{N}])[\s!.]*$/iu;
const CANCEL = /^(peru|peruuta|peruutan|lopeta|avbryt|cancel|stop)(?![\p{L}\p{N}])[\s!.]*$/iu;
const CHOOSE_MUNICIPALITY = /^(rajaa kunnan mukaan|valitse kunta|filter by municipality|choose municipality|välj kommun|avgränsa efter kommun)[\s!.]*$/i;

const OUT_OF_SCOPE = [
  /(?<!\p{L})(sää|säätä|sääennuste|väder|weather)(?!\p{L})/iu, /osak(e|keisiin|keita)|sijoitta|\baktie|\binvest(ing|ment)?\b|bitcoin|krypto/i,
  /resepti|\brecept\b|\brecipe/i, /jalkapallo|jääkiekko|fotboll|football|ice hockey/i, /vitsi|\bskämt\b|\bjoke\b/i,
  /horoskoop/i, /lotto|vedonly|betting/i,
];

const SHOW_MORE = /^(näytä )?lisää( tuloksia)?|^lisää$|^show more|^more( results)?|^visa (fler|mer)|^fler( resultat)?$|^mer$/i;
const FOLLOW_UP_MARKER = /^(no |entä|entäs|mites|mitenkäs|kuin (myös|taas)|and\b|what about|how about|och\b|än\b|hur är det (med|i)|men\b|also\b|myös\b)/i;

const EMPLOYMENT_TYPES: ReadonlyArray<[EmploymentType, RegExp]> = [
  ["part-time", /osa-?aika|part-?time|deltid/i],
  ["full-time", /koko-?aika|full-?time|heltid/i],
  ["temporary", /määräaika|sijaisuu|temporary|tillfällig|vikariat/i],
  ["seasonal", /kausi(työ|töi)|kesätyö|kesätöi|kesäduun|sesong|säsong|sommarjobb|seasonal|summer job/i],
];

/** Words that name a kind clearly enough to filter on it (a hard filter). */
const KIND_WORDS: ReadonlyArray<[ItemKind, RegExp]> = [
  ["training", /koulutu|kurssi|opiskel|oppisopim|utbild|\bkurs|studera|läroavtal|training|course|apprenticeship/i],
  [
    "vacancy",
    /työpaik|töitä(?!\p{L})|työtä(?!\p{L})|töihin|hommi|duuni|keikka|kesätyö|kesätöi|avoimi|paikka|paikkoja|rekry|\bjobb|arbetsplats|tjänst(er)? (som|inom)|lediga|vacanc|hiring/iu,
  ],
  ["service", /ilmoittau|etuu|kela\b|päiväraha|työttömyystur|palkkatu|starttiraha|työkokeilu|kotoutu|asiointipiste|tukipiste|förmån|allowance|unemployment benefit/i],
];

/** Words that only hint at a kind: a soft preference, so "job club" can still find a service. */
const KIND_HINTS: ReadonlyArray<[ItemKind, RegExp]> = [
  ["training", /opinto|tutkin|studier|study|studies|degree|learn/i],
  ["vacancy", /\bjobs?\b|\bwork\b|position|\bjobba/i],
  ["service", /palvelu|neuvont|ohjaus|uraohj|\bstöd\b|tjänsten|rådgivning|benefit|service|advice|guidance|register|support|help/i],
];

const STOPWORDS = new Set(
  `entä entäs no mites mitenkäs myös and what how about och än men also hur är det med i in on at the a onko onks ja
   sitten vielä lisää osa-aikaisia osa-aikainen part-time deltid`.split(/\s+/),
);

/** Municipality mentioned in the text (Finnish/Swedish, inflected), as a Statistics Finland code. */
export function findMunicipality(text: string): { code: string; token: string } | undefined {
  const tokens = tokenize(text);
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token.length < 4) continue;
    const code = municipalityCode(token) ?? municipalityCode(withoutIllative(token));
    if (code) return { code, token };
  }
  return undefined;
}

/** "perhoon" → "perho", "kokkolaan" → "kokkola", "veteliin" → "veteli": illatives the gazetteer lacks. */
function withoutIllative(token: string): string {
  const match = /^(.+?)([aeiouyäö])\2n$/u.exec(token);
  return match ? `${match[1]}${match[2]}` : token;
}

export function findEmploymentType(text: string): EmploymentType | undefined {
  for (const [type, pattern] of EMPLOYMENT_TYPES) if (pattern.test(text)) return type;
  return undefined;
}

/** Kind named in the text; training beats vacancy ("hitsauskoulutus" is not a job). */
export function findKind(text: string): ItemKind | undefined {
  for (const [kind, pattern] of KIND_WORDS) if (pattern.test(text)) return kind;
  return undefined;
}

/** Kind the text only hints at, for a soft preference. */
export function findKindHint(text: string): ItemKind | undefined {
  for (const [kind, pattern] of KIND_HINTS) if (pattern.test(text)) return kind;
  return undefined;
}

/** True when a text tries to instruct an assistant (used on messages and on item texts alike). */
export function looksLikeInjection(text: string): boolean {
  return matchesAny(text, INJECTION);
}

function matchesAny(text: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((pattern) => pattern.test(text));
}

/** Query text without the place name (a filter already) and without follow-up markers. */
function queryWithoutFilters(text: string, municipalityToken: string | undefined): string {
  const words = text
    .replace(FOLLOW_UP_MARKER, " ")
    .split(/\s+/)
    .filter((word) => {
      const bare = word.toLowerCase().replace(/[^\p{L}\p{N}-]/gu, "");
      if (!bare) return false;
      if (municipalityToken && bare === municipalityToken) return false;
      if (bare === "i" || bare === "in") return true;
      return true;
    });
  return words.join(" ").trim();
}

function contentWords(text: string, municipalityToken: string | undefined): string[] {
  return tokenize(text).filter(
    (token) => token !== municipalityToken && !STOPWORDS.has(token) && !findEmploymentType(token) && token.length > 1,
  );
}

/**
 * Understands one message with rules only (no model): safety first (crisis, distress, injection),
 * then the handoff flow, language, small talk, follow-ups against the previous search, and search.
 * Pure: the same input always gives the same result.
 */
export function understandTurn(input: UnderstandInput): TurnUnderstanding {
  const { memory } = input;
  const cleanedText = cleanText(input.text);
  const truncated = cleanedText.text.length > MAX_MESSAGE_CHARS;
  const text = truncated ? cleanedText.text.slice(0, MAX_MESSAGE_CHARS) : cleanedText.text;
  const base = { text, truncated, cleaned: cleanedText.cleaned };
  const switched = detectLanguageSwitch(text);
  const detected = detectLanguage(text);
  const sticky: Language = memory.language ?? "fi";
  let language: Language = switched ?? (detected && detected !== "other" ? detected : sticky);
  // Very short follow-ups ("ok", "entä?") carry little signal; keep the conversation's language
  // unless the words clearly belong to another one.
  if (!switched && memory.language && tokenize(text).length <= 2 && detected !== undefined && detected !== "other") {
    language = detected;
  }
  const result = (intent: Intent, languageOverride?: Language): TurnUnderstanding => ({
    ...base,
    intent,
    language: languageOverride ?? language,
  });

  if (!text) return result({ type: "empty" }, sticky);
  if (matchesAny(text, CRISIS)) return result({ type: "crisis" });
  if (matchesAny(text, INJECTION)) return result({ type: "injection" });
  if (memory.handoff?.stage === "offered" || memory.handoff?.stage === "awaiting-contact") {
    if (YES.test(text)) return result({ type: "consent", consent: true }, sticky);
    if (NO.test(text) || CANCEL.test(text)) return result({ type: "consent", consent: false }, sticky);
    // "kyllä, soita 040 …": the contact arrives redacted here; the turn reads it from the raw text.
    if (YES_PREFIX.test(text) || /\[(phone|email)\]/.test(text)) return result({ type: "consent", consent: true }, sticky);
  }
  if (CANCEL.test(text)) return result({ type: "cancel" }, sticky);
  if (matchesAny(text, HANDOFF)) return result({ type: "handoff-request" });
  if (matchesAny(text, DISTRESS)) return result({ type: "distress" });
  if (switched && tokenize(text).length <= 5) return result({ type: "language-switch", language: switched });
  if (detected === "other") return result({ type: "unsupported-language" }, "en");
  if (GREETING.test(text)) return result({ type: "greeting" });
  if (HELP.test(text)) return result({ type: "help" });
  if (THANKS.test(text)) return result({ type: "thanks" });
  if (CHOOSE_MUNICIPALITY.test(text)) return result({ type: "choose-municipality" });
  if (matchesAny(text, OUT_OF_SCOPE) && !findKind(text)) return result({ type: "out-of-scope" });

  const previous = memory.lastSearch;
  const place = findMunicipality(text);
  const employmentType = findEmploymentType(text);
  const kind = findKind(text);
  const preferKind = kind ? undefined : findKindHint(text);
  if (SHOW_MORE.test(text)) {
    if (!previous) return result({ type: "search", plan: { query: "", offset: 0, shown: 0 } });
    return result({ type: "search", plan: { ...previous, offset: previous.offset + previous.shown, followUp: "more" } });
  }
  const words = contentWords(text, place?.token);
  const looksLikeFollowUp =
    previous !== undefined &&
    (FOLLOW_UP_MARKER.test(text) || (words.length <= 1 && (place !== undefined || employmentType !== undefined)));
  if (previous && looksLikeFollowUp) {
    const newTopic = words.filter((word) => !findKind(word) || word.length > 12).length >= 2;
    return result({
      type: "search",
      plan: {
        query: newTopic ? queryWithoutFilters(text, place?.token) : previous.query,
        kind: kind ?? previous.kind,
        preferKind: kind ? undefined : (preferKind ?? previous.preferKind),
        municipality: place?.code ?? previous.municipality,
        employmentType: employmentType ?? previous.employmentType,
        offset: 0,
        shown: 0,
        followUp: "refine",
      },
    });
  }
  return result({
    type: "search",
    plan: {
      query: queryWithoutFilters(text, place?.token),
      kind,
      preferKind,
      municipality: place?.code,
      employmentType,
      offset: 0,
      shown: 0,
      followUp: undefined,
    },
  });
}
