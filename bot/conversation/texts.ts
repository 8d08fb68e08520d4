import { escapeMarkdown } from "../../platform/index.js";
import { employmentAreas, municipalityName, type ItemKind, type Language } from "../../knowledge/index.js";

/**
 * Every fixed sentence the bot says, in Finnish, Swedish and English. Contact routes are public
 * services only (Työmarkkinatori, the employment area, 112, MIELI ry's crisis line); no phone
 * number is invented.
 */
type Catalog = Record<Language, string>;

const TYOMARKKINATORI_URL = "https://tyomarkkinatori.fi";
const CRISIS_LINE = "09 2525 0111";

function pick(language: Language, catalog: Catalog): string {
  return catalog[language];
}

export function kindNoun(kind: ItemKind | undefined, count: number, language: Language): string {
  const one = count === 1;
  if (language === "fi") {
    if (kind === "vacancy") return one ? "avoimen työpaikan" : "avointa työpaikkaa";
    if (kind === "training") return one ? "koulutuksen" : "koulutusta";
    if (kind === "service") return one ? "palvelun" : "palvelua";
    return one ? "osuman" : "osumaa";
  }
  if (language === "sv") {
    if (kind === "vacancy") return one ? "ledigt jobb" : "lediga jobb";
    if (kind === "training") return one ? "utbildning" : "utbildningar";
    if (kind === "service") return one ? "tjänst" : "tjänster";
    return one ? "träff" : "träffar";
  }
  if (kind === "vacancy") return one ? "open vacancy" : "open vacancies";
  if (kind === "training") return one ? "training" : "trainings";
  if (kind === "service") return one ? "service" : "services";
  return one ? "result" : "results";
}

function placeSuffix(municipality: string | undefined, language: Language): string {
  if (!municipality) return "";
  const name = municipalityName(municipality, language);
  return name ? ` (${name})` : "";
}

export function answerLead(options: {
  language: Language;
  count: number;
  kind: ItemKind | undefined;
  municipality: string | undefined;
  more: boolean;
}): string {
  const { language, count, kind, municipality, more } = options;
  const place = placeSuffix(municipality, language);
  const noun = kindNoun(kind, count, language);
  if (more) return pick(language, { fi: `Tässä lisää${place}:`, sv: `Här är fler${place}:`, en: `Here are more${place}:` });
  return pick(language, {
    fi: `Löysin ${count} ${noun}${place}:`,
    sv: `Jag hittade ${count} ${noun}${place}:`,
    en: `I found ${count} ${noun}${place}:`,
  });
}

/** The employment area serving a municipality (or Central Ostrobothnia by default). */
function employmentAreaName(municipality: string | undefined, language: Language): string {
  const areas = employmentAreas();
  const area =
    (municipality ? areas.find((candidate) => candidate.members.includes(municipality)) : undefined) ??
    areas.find((candidate) => candidate.members.includes("236")) ??
    areas[0];
  const fallback = pick(language, { fi: "työllisyysalueesi", sv: "ditt sysselsättningsområde", en: "your employment area" });
  return area?.[language] ?? area?.fi ?? fallback;
}

/** Where to turn when the bot cannot help: Työmarkkinatori and the employment area's service. */
export function officialServiceSentence(language: Language, municipality: string | undefined): string {
  const area = employmentAreaName(municipality, language);
  return pick(language, {
    fi: `Kaikki avoimet työpaikat ja työllisyyspalvelut löydät Työmarkkinatorista (${TYOMARKKINATORI_URL}). Henkilökohtaista apua saat omalta työllisyysalueeltasi: ${area}.`,
    sv: `Alla lediga jobb och sysselsättningstjänster finns på Jobbmarknaden (${TYOMARKKINATORI_URL}). Personlig hjälp får du av ditt sysselsättningsområde: ${area}.`,
    en: `All open vacancies and employment services are on Job Market Finland (${TYOMARKKINATORI_URL}). For personal help, contact your employment area: ${area}.`,
  });
}

export function noAnswerText(options: {
  language: Language;
  kind: ItemKind | undefined;
  municipality: string | undefined;
  expired?: { title: string; validUntil: string } | undefined;
}): string {
  const { language, kind, municipality, expired } = options;
  const place = placeSuffix(municipality, language);
  const what = kindNoun(kind, 2, language);
  let first: string;
  if (expired) {
    const date = formatDay(expired.validUntil, language);
    const title = escapeMarkdown(expired.title);
    first = pick(language, {
      fi: `Löysin ilmoituksen ”${title}”, mutta sen hakuaika päättyi ${date}, joten se ei ole enää haettavana. En löytänyt muuta avointa, joka vastaisi kysymystäsi${place}.`,
      sv: `Jag hittade ”${title}”, men ansökningstiden gick ut ${date}, så den går inte längre att söka. Jag hittade inget annat öppet som motsvarar din fråga${place}.`,
      en: `I found “${title}”, but applications closed on ${date}, so it is no longer open. I found nothing else open that matches your question${place}.`,
    });
  } else {
    first = pick(language, {
      fi: `En löytänyt tietopankista ${kind ? what : "tietoa"}, joka vastaisi kysymystäsi${place}. En halua arvata.`,
      sv: `Jag hittade inga ${kind ? what : "uppgifter"} i kunskapsbanken som motsvarar din fråga${place}. Jag vill inte gissa.`,
      en: `I couldn't find ${kind ? `any ${what}` : "anything"} in the knowledge base that matches your question${place}. I'd rather not guess.`,
    });
  }
  return `${first} ${officialServiceSentence(language, municipality)} ${offerPersonSentence(language)}`;
}

export function offerPersonSentence(language: Language): string {
  return pick(language, {
    fi: "Voin myös yhdistää sinut työllisyyspalvelujen asiantuntijaan.",
    sv: "Jag kan också koppla dig till en handläggare.",
    en: "I can also connect you with an employment advisor.",
  });
}

function formatDay(isoDate: string, language: Language): string {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  if (language === "en") return `${day} ${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]} ${year}`;
  return `${day}.${month}.${year}`;
}

export const TEXT = {
  crisis: {
    fi: `Olen pahoillani, että sinulla on näin raskasta. Jos olet välittömässä vaarassa, soita heti hätänumeroon 112. MIELI ry:n Kriisipuhelin päivystää ympäri vuorokauden numerossa ${CRISIS_LINE}. Voin myös yhdistää sinut työllisyyspalvelujen ihmiseen, jos haluat.`,
    sv: `Det gör mig ledsen att du har det så svårt. Om du är i akut fara, ring nödnumret 112 genast. MIELI ry:s kristelefon (Kriisipuhelin) svarar dygnet runt på ${CRISIS_LINE}. Jag kan också koppla dig till en människa på sysselsättningstjänsterna om du vill.`,
    en: `I'm sorry you're going through this. If you are in immediate danger, call the emergency number 112 now. MIELI ry's Crisis Helpline (Kriisipuhelin) is open around the clock at ${CRISIS_LINE}. I can also connect you with a person from the employment services if you'd like.`,
  },
  acknowledge: {
    fi: "Selvä! Kysy vain, jos haluat tietää lisää työpaikoista, koulutuksista tai palveluista.",
    sv: "Okej! Fråga gärna om du vill veta mer om jobb, utbildningar eller tjänster.",
    en: "All right! Just ask if you want to know more about jobs, trainings or services.",
  },
  injection: {
    fi: "En voi muuttaa toimintaohjeitani, esittää muuta roolia enkä kerro ohjeistani tai muiden käyttäjien tiedoista. Autan mielelläni työpaikkoihin, koulutuksiin ja työllisyyspalveluihin liittyvissä kysymyksissä.",
    sv: "Jag kan inte ändra mina instruktioner, spela en annan roll eller berätta om mina instruktioner eller andra användares uppgifter. Jag hjälper gärna med frågor om jobb, utbildningar och sysselsättningstjänster.",
    en: "I can't change my instructions, play another role or share my instructions or anything about other users. I'm happy to help with questions about jobs, training and employment services.",
  },
  outOfScope: {
    fi: "Tähän en osaa vastata: autan vain työpaikkoihin, koulutuksiin ja työllisyyspalveluihin liittyvissä asioissa Kaustisen seudulla ja lähialueilla.",
    sv: "Det kan jag tyvärr inte svara på: jag hjälper bara med jobb, utbildningar och sysselsättningstjänster i Kaustbynejden och närområdena.",
    en: "I can't answer that: I only help with jobs, training and employment services in the Kaustinen region and nearby areas.",
  },
  greeting: {
    fi: "Hei! Olen Lähituki, työnhakijoiden digitaalinen apuri. Kysy avoimista työpaikoista, koulutuksista tai työllisyyspalveluista, esimerkiksi ”Onko Kaustisella avoimia hitsaajan töitä?”. Voin myös yhdistää sinut ihmiseen.",
    sv: "Hej! Jag är Lähituki, en digital hjälpreda för arbetssökande. Fråga om lediga jobb, utbildningar eller sysselsättningstjänster, till exempel ”Finns det jobb som svetsare i Karleby?”. Jag kan också koppla dig till en människa.",
    en: "Hi! I'm Lähituki, a digital helper for jobseekers. Ask about open vacancies, training or employment services, for example “Are there welding jobs in Kokkola?”. I can also connect you with a person.",
  },
  help: {
    fi: "Voin etsiä avoimia työpaikkoja, koulutuksia ja työllisyyspalveluja Kaustisen seudulta ja lähialueilta. Kerro mitä etsit ja missä, esimerkiksi ”lähihoitajan työ Vetelissä”. Jatkokysymykset toimivat: ”entä Kokkolassa?”, ”näytä lisää”. Voit vaihtaa kieltä: ”på svenska”, ”in English”. Ja voin yhdistää sinut ihmiseen.",
    sv: "Jag kan söka lediga jobb, utbildningar och sysselsättningstjänster i Kaustbynejden och närområdena. Berätta vad du söker och var, till exempel ”närvårdare i Karleby”. Följdfrågor fungerar: ”och i Vetil?”, ”visa fler”. Du kan byta språk: ”suomeksi”, ”in English”. Jag kan också koppla dig till en människa.",
    en: "I can search open vacancies, training and employment services in the Kaustinen region and nearby. Tell me what you are looking for and where, for example “practical nurse job in Veteli”. Follow-ups work: “what about Kokkola?”, “show more”. You can switch language: “suomeksi”, “på svenska”. And I can connect you with a person.",
  },
  thanks: {
    fi: "Ole hyvä! Kysy lisää milloin vain.",
    sv: "Varsågod! Fråga gärna mer när som helst.",
    en: "You're welcome! Ask more any time.",
  },
  empty: {
    fi: "Viestisi oli tyhjä. Kirjoita kysymyksesi, niin autan.",
    sv: "Ditt meddelande var tomt. Skriv din fråga så hjälper jag dig.",
    en: "Your message was empty. Type your question and I'll help.",
  },
  unsupportedLanguage: {
    fi: "Sorry, I can only chat in Finnish, Swedish and English (suomi, svenska, English). Please write your question in one of these languages.",
    sv: "Sorry, I can only chat in Finnish, Swedish and English (suomi, svenska, English). Please write your question in one of these languages.",
    en: "Sorry, I can only chat in Finnish, Swedish and English (suomi, svenska, English). Please write your question in one of these languages.",
  },
  truncated: {
    fi: "Viestisi oli yli 2 000 merkkiä pitkä, joten luin vain alun ja loppu jäi huomiotta.",
    sv: "Ditt meddelande var över 2 000 tecken långt, så jag läste bara början och resten ignorerades.",
    en: "Your message was over 2,000 characters, so I only read the beginning and ignored the rest.",
  },
  unreadableAttachment: {
    fi: "En pysty lukemaan liitteitä tai kuvia. Kirjoita kysymyksesi tekstinä.",
    sv: "Jag kan inte läsa bilagor eller bilder. Skriv din fråga som text.",
    en: "I can't read attachments or images. Please type your question as text.",
  },
  personalData: {
    fi: "Älä kirjoita tähän henkilötunnusta, puhelinnumeroa tai sähköpostiosoitetta, ellei sinua olla yhdistämässä ihmiselle. Poistin ne viestistäsi ennen tallennusta.",
    sv: "Skriv inte personbeteckning, telefonnummer eller e-postadress här om du inte håller på att kopplas till en människa. Jag tog bort dem ur ditt meddelande innan det sparades.",
    en: "Please don't type your personal identity code, phone number or e-mail here unless you are being connected to a person. I removed them from your message before storing it.",
  },
  languageSwitched: {
    fi: "Selvä, jatketaan suomeksi. Mitä etsit?",
    sv: "Visst, vi fortsätter på svenska. Vad söker du?",
    en: "Sure, let's continue in English. What are you looking for?",
  },
  chooseMunicipality: {
    fi: "Minkä kunnan tuloksia haluat nähdä?",
    sv: "Vilken kommuns resultat vill du se?",
    en: "Which municipality's results would you like to see?",
  },
  askWhatFirst: {
    fi: "Mitä haluaisit etsiä? Kerro esimerkiksi ammatti, koulutus tai palvelu.",
    sv: "Vad vill du söka? Berätta till exempel ett yrke, en utbildning eller en tjänst.",
    en: "What would you like to search for? Tell me an occupation, a training or a service, for example.",
  },
  rateLimited: {
    fi: "Lähetit viestejä hyvin nopeasti. Odota hetki ja yritä sitten uudelleen.",
    sv: "Du skickade meddelanden mycket snabbt. Vänta en stund och försök sedan igen.",
    en: "You sent messages very quickly. Please wait a moment and try again.",
  },
  error: {
    fi: "Pahoittelen, jokin meni vikaan. Yritä hetken päästä uudelleen.",
    sv: "Förlåt, något gick fel. Försök igen om en stund.",
    en: "Sorry, something went wrong. Please try again in a moment.",
  },
  handoffOffer: {
    fi: "Voin välittää asiasi työllisyyspalvelujen asiantuntijalle. Kerron hänelle vain kuntasi, kielesi ja lyhyen yhteenvedon kysymyksestäsi – keskustelun vain, jos sallit sen. Haluatko, että välitän asiasi?",
    sv: "Jag kan förmedla ditt ärende till en handläggare på sysselsättningstjänsterna. Jag berättar bara din kommun, ditt språk och en kort sammanfattning av din fråga – samtalet bara om du tillåter det. Vill du att jag förmedlar ärendet?",
    en: "I can pass your question to an employment advisor. I'll only share your municipality, your language and a short summary of your question – the conversation only if you allow it. Shall I pass it on?",
  },
  handoffDeclined: {
    fi: "Selvä, en välitä mitään eteenpäin.",
    sv: "Okej, jag förmedlar ingenting.",
    en: "All right, I won't pass anything on.",
  },
  invalidContact: {
    fi: "Puhelinnumero tai sähköpostiosoite ei näytä oikealta. Kirjoita se uudelleen (esim. 040 123 4567 tai nimi@esimerkki.fi) tai vastaa ”kyllä” ilman yhteystietoa.",
    sv: "Telefonnumret eller e-postadressen ser inte rätt ut. Skriv det igen (t.ex. 040 123 4567 eller namn@exempel.fi) eller svara ”ja” utan kontaktuppgift.",
    en: "That phone number or e-mail doesn't look right. Please type it again (e.g. 040 123 4567 or name@example.com) or answer “yes” without contact details.",
  },
  noAdvisors: {
    fi: "Tähän palveluun ei ole vielä kytketty neuvojien kanavaa, joten en voi välittää asiaasi suoraan ihmiselle.",
    sv: "Den här tjänsten har ännu ingen kanal till handläggare, så jag kan inte förmedla ditt ärende direkt till en människa.",
    en: "No advisor channel is connected to this service yet, so I can't pass your question directly to a person.",
  },
  cancelNothing: {
    fi: "Selvä. Mitä muuta voin etsiä?",
    sv: "Okej. Vad annat kan jag söka?",
    en: "All right. What else can I look for?",
  },
  employerIntro: {
    fi: "Työnantajana voit ilmoittaa avoimen työpaikan tässä keskustelussa: kuntasi työllisyysalue tarkistaa ilmoituksen ennen julkaisua. Voit myös kysyä palkkatuesta, työkokeilusta, oppisopimuksesta tai rekrytointiavusta.",
    sv: "Som arbetsgivare kan du anmäla en ledig plats här i chatten: sysselsättningsområdet i din kommun granskar annonsen innan den publiceras. Du kan också fråga om lönesubvention, arbetsprövning, läroavtal eller rekryteringshjälp.",
    en: "As an employer you can post an open vacancy in this chat: the employment area of your municipality reviews it before it is published. You can also ask about wage subsidy, work trials, apprenticeships or hiring help.",
  },
  modelFallbackNote: {
    fi: "",
    sv: "",
    en: "",
  },
} as const satisfies Record<string, Catalog>;

export function text(key: keyof typeof TEXT, language: Language): string {
  return TEXT[key][language];
}

export const BUTTONS = {
  showMore: { fi: "Näytä lisää", sv: "Visa fler", en: "Show more" },
  filterMunicipality: { fi: "Rajaa kunnan mukaan", sv: "Avgränsa efter kommun", en: "Filter by municipality" },
  talkToPerson: { fi: "Puhu ihmisen kanssa", sv: "Prata med en människa", en: "Talk to a person" },
  searchWholeRegion: { fi: "Hae koko alueelta", sv: "Sök i hela regionen", en: "Search the whole region" },
  yes: { fi: "Kyllä, välitä", sv: "Ja, förmedla", en: "Yes, pass it on" },
  submitVacancy: { fi: "Ilmoita avoin työpaikka", sv: "Anmäl en ledig plats", en: "Post a vacancy" },
  no: { fi: "Ei kiitos", sv: "Nej tack", en: "No thanks" },
} as const satisfies Record<string, Catalog>;

/** "Selvä, muistan kotikuntasi: Lestijärvi." after the person tells where they live. */
export function homeSavedText(municipality: string, language: Language): string {
  const name = municipalityName(municipality, language) ?? municipality;
  return pick(language, {
    fi: `Selvä, muistan kotikuntasi tämän keskustelun ajan: ${name}. Näytän etäisyydet sieltä ja kerron sen, jos välitän kysymyksesi ihmiselle. Mitä etsit?`,
    sv: `Okej, jag kommer ihåg din hemkommun under den här konversationen: ${name}. Jag visar avstånden därifrån och berättar den om jag förmedlar din fråga till en människa. Vad letar du efter?`,
    en: `Got it, I will remember your home municipality for this conversation: ${name}. I will show distances from there and mention it if I pass your question to a person. What are you looking for?`,
  });
}
