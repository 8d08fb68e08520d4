import { francAll } from "franc-min";
import type { Language } from "../../knowledge/index.js";

/**
 * Language of a message. franc-min alone is unreliable on chat-length text (it calls
 * "Onko Kaustisella avoimia hitsaajan töitä?" Swedish), so frequent function words and
 * domain words of each language decide first and franc only breaks ties on longer text.
 */
export type DetectedLanguage = Language | "other";

const WORDS: Record<Language, ReadonlySet<string>> = {
  fi: new Set(
    `ja on ei ole onko oli olen olet mä mun mulle minä minun minulle sinä sä mitä mikä missä mistä miten miksi kuka kun jos että
    tai mutta myös vielä nyt tänään huomenna entä entäs no joo kyllä kiitos kiitti moi hei terve moikka apua haluan haluaisin
    voiko voinko voisin saako saanko pitää pitäisi kuinka paljon paljonko koska milloin mihin tarvitsen osaan en et emme
    työ töitä työtä työpaikka työpaikkoja työpaikan paikka paikkoja hommia duunia duuni keikka kesätyö kesätöitä kesäduunia
    avoimia avoinna auki haettavana hakea haku hakuaika koulutus koulutusta koulutuksia kurssi kurssia kurssit opiskelu
    palvelu palvelut tuki tukea työtön työttömänä työnhakija työnhakijaksi ilmoittaudun ilmoittautua näytä lisää kunnassa
    puhua ihmisen kanssa soittaa mulle oon onks tiiä mistä saisin alkaako miten saan hitsaajan suomea suomeksi kaikki listaa
    avoimet avoin työpaikat töitä tietoa kiitos saisinko löytyykö onkohan täällä siellä tänne lähellä lähistöllä apua
    neuvoa ohjeita kysyä kysymys vastaus hakemus hakemuksen ansioluettelo cv palkka palkkaa harjoittelu opiskelija nuori
    nuorille aikuisille maahanmuuttaja kela karenssi työtön työttömyys lomautettu lomautus eläke yrittäjä`.split(/\s+/),
  ),
  sv: new Set(
    `och är inte finns det jag du vi ni han hon vad var hur varför när vem som att eller men också nu idag imorgon i på med
    för av till från om kan får vill skulle måste behöver har hade tack hej hejsan hjälp ja nej jobb jobbet jobba arbete
    arbetsplats lediga ledigt lediga tjänst tjänster utbildning utbildningar kurs kurser studier stöd hjälp arbetslös
    arbetssökande anmäla söka ansöka ansökan visa fler mer deltid heltid sommarjobb prata handläggare människa ringa mig
    svenska svenskt karleby vetil kaustby några någon något finns det vilka vilken hurdant blir`.split(/\s+/),
  ),
  en: new Set(
    `the a an and or but is are was were be been do does did not no yes i you we they he she it my your me what where when
    how why who which that this there here in on at for of to from with about can could would should will shall may might
    have has had need want like please thanks thank hello hi hey help job jobs work vacancy vacancies position training course
    courses study service services support benefit unemployed jobseeker register apply application show more part-time
    full-time talk person human someone call english any around near`.split(/\s+/),
  ),
};

/** Finnish case endings and derivations; two such words make a text Finnish enough to serve. */
const FINNISH_ENDING = /(ssa|ssä|lla|llä|sta|stä|lta|ltä|aa|ää|aan|ään|een|iin|seen|ksi|nen|sen|ita|itä|tta|ttä|mme|uun|yyn|ja|jä|ko|kö|ven|teen|kset|ntä|nta|kin|at|ät|et|ot|öt|ut|yt|lle|hin|siin)$/u;

const FRANC_CODES: Record<string, Language> = { fin: "fi", swe: "sv", eng: "en" };

/** Letters typical of one language only. */
function letterHints(text: string): Partial<Record<Language, number>> {
  const hints: Partial<Record<Language, number>> = {};
  if (/å/i.test(text)) hints.sv = (hints.sv ?? 0) + 1;
  // Finnish double vowels and case endings.
  if (/(aa|ee|ii|oo|uu|yy|ää|öö)\p{L}*/iu.test(text) && /(ssa|ssä|lla|llä|sta|stä|lta|ltä|ksi|kin|ko|kö)\b/iu.test(text)) {
    hints.fi = (hints.fi ?? 0) + 1;
  }
  return hints;
}

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .normalize("NFC")
    .split(/[^\p{L}\p{N}-]+/u)
    .map((token) => token.replace(/^-+|-+$/g, ""))
    .filter(Boolean);
}

/**
 * Detects fi/sv/en, or "other" for a clearly different language (non-Latin script, or franc
 * confident on a longer text with no word of ours), or undefined when the text gives no signal
 * (emoji, a number, a place name alone): the caller then keeps the conversation's language.
 */
export function detectLanguage(text: string): DetectedLanguage | undefined {
  const letters = text.replace(/[^\p{L}]/gu, "");
  if (letters.length === 0) return undefined;
  const latin = letters.replace(/[^\p{Script=Latin}]/gu, "").length;
  if (latin / letters.length < 0.5) return "other";
  const tokens = tokenize(text);
  const scores: Record<Language, number> = { fi: 0, sv: 0, en: 0 };
  for (const token of tokens) {
    for (const language of ["fi", "sv", "en"] as const) {
      if (WORDS[language].has(token)) scores[language] += 1;
    }
  }
  for (const [language, value] of Object.entries(letterHints(text)) as Array<[Language, number]>) scores[language] += value;
  const ranked = (Object.entries(scores) as Array<[Language, number]>).sort((left, right) => right[1] - left[1]);
  const [best, second] = ranked;
  const finnishForms = tokens.filter((token) => token.length >= 5 && FINNISH_ENDING.test(token)).length;
  if (letters.length >= 20 && finnishForms < 2) {
    // Few of the words are ours and franc names another language: a message we cannot serve.
    const coverage = (best?.[1] ?? 0) / Math.max(tokens.length, 1);
    const all = coverage < 0.25 ? francAll(text, { minLength: 10 }) : [];
    const top = all[0];
    const oursClose = all.some(([code, score]) => FRANC_CODES[code] && score >= 0.95);
    // franc-min confuses short Finnish with Estonian; a Finnish answer serves both better than English.
    if (top && top[0] !== "und" && top[0] !== "est" && !FRANC_CODES[top[0]] && !oursClose) return "other";
  }
  if (best && best[1] > 0 && best[1] > (second?.[1] ?? 0)) return best[0];
  if (finnishForms >= 2 && (best?.[1] ?? 0) === 0) return "fi";
  if (letters.length >= 20) {
    const ours = francAll(text, { only: ["fin", "swe", "eng"], minLength: 10 })[0];
    if (ours && FRANC_CODES[ours[0]]) {
      if (best && best[1] > 0) {
        // Tie between word lists: franc decides among the tied ones only.
        const tied = ranked.filter(([, value]) => value === best[1]).map(([language]) => language);
        const choice = FRANC_CODES[ours[0]]!;
        return tied.includes(choice) ? choice : best[0];
      }
      return FRANC_CODES[ours[0]];
    }
  }
  if (best && best[1] > 0) return best[0];
  return undefined;
}

const SWITCH_PATTERNS: ReadonlyArray<[Language, RegExp]> = [
  ["fi", /\b(puhu(isitko|tko)? suomea|suomeksi( kiitos)?|in finnish|på finska|speak finnish|tala finska|vaihda suomeksi|suomi kiitos)\b/iu],
  ["sv", /(\bpå svenska\b|\btala svenska\b|\bruotsiksi\b|\bpuhu ruotsia\b|\bin swedish\b|\bspeak swedish\b|\bsvenska tack\b)/iu],
  ["en", /\b(in english|speak english|englanniksi|puhu englantia|på engelska|tala engelska|english please)\b/iu],
];

/** An explicit request to change language ("puhu suomea", "på svenska", "in English"). */
export function detectLanguageSwitch(text: string): Language | undefined {
  const normalised = text.toLowerCase().normalize("NFC");
  for (const [language, pattern] of SWITCH_PATTERNS) if (pattern.test(normalised)) return language;
  return undefined;
}
