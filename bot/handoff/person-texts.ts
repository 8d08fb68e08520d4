import type { PersonLanguage } from "./handoff.js";

/** Everything the handoff says to the person, in Finnish, Swedish and English. */
export const PERSON_TEXTS = {
  queued: {
    fi: "Pyyntösi on välitetty neuvojalle. Odota hetki – saat viestin, kun neuvoja liittyy keskusteluun. Voit perua pyynnön kirjoittamalla \"peru\".",
    sv: "Din begäran har skickats till en handläggare. Vänta en stund – du får ett meddelande när handläggaren ansluter. Du kan avbryta genom att skriva \"avbryt\".",
    en: "Your request has been passed to an advisor. Please wait – you will get a message when an advisor joins. You can cancel by typing \"cancel\".",
  },
  alreadyQueued: {
    fi: "Pyyntösi on jo neuvojan jonossa. Voit perua sen kirjoittamalla \"peru\".",
    sv: "Din begäran väntar redan på en handläggare. Du kan avbryta genom att skriva \"avbryt\".",
    en: "Your request is already waiting for an advisor. You can cancel it by typing \"cancel\".",
  },
  callback: {
    fi: (hours: string, contact: string | undefined) =>
      `Neuvojat eivät ole nyt paikalla (palveluajat ${hours}, ei arkipyhinä), joten chattia ei voi aloittaa nyt. Kirjasimme yhteydenottopyynnön: neuvoja ottaa sinuun yhteyttä seuraavana arkipäivänä${contact ? ` (${contact})` : ". Koska et jättänyt yhteystietoa, palaa tähän keskusteluun myöhemmin"}.`,
    sv: (hours: string, contact: string | undefined) =>
      `Handläggarna är inte på plats nu (servicetider ${hours}, inte på helgdagar), så en chatt kan inte börja nu. Vi har registrerat en kontaktbegäran: en handläggare kontaktar dig nästa vardag${contact ? ` (${contact})` : ". Eftersom du inte lämnade kontaktuppgifter, kom tillbaka till den här chatten senare"}.`,
    en: (hours: string, contact: string | undefined) =>
      `Advisors are not available right now (service hours ${hours}, not on public holidays), so a chat cannot start now. We recorded a callback request: an advisor will contact you on the next working day${contact ? ` (${contact})` : ". As you left no contact details, please come back to this conversation later"}.`,
  },
  joined: {
    fi: (name: string) => `Neuvoja ${name} liittyi keskusteluun. Voit nyt kirjoittaa hänelle suoraan.`,
    sv: (name: string) => `Handläggaren ${name} har anslutit. Du kan nu skriva direkt till hen.`,
    en: (name: string) => `Advisor ${name} has joined the conversation. You can now write to them directly.`,
  },
  waitingNote: {
    fi: "Viestisi näytetään neuvojalle, kun hän liittyy keskusteluun.",
    sv: "Ditt meddelande visas för handläggaren när hen ansluter.",
    en: "Your message will be shown to the advisor when they join.",
  },
  cancelled: {
    fi: "Pyyntö neuvojalle on peruttu. Jatkat taas Lähituki-botin kanssa – kysy minulta vapaasti.",
    sv: "Begäran till handläggaren är avbruten. Du fortsätter med Lähituki-boten – fråga gärna.",
    en: "Your request for an advisor has been cancelled. You are back with the Lähituki bot – ask me anything.",
  },
  closed: {
    fi: "Neuvoja päätti keskustelun. Jatkat taas Lähituki-botin kanssa. Saitko apua? Voit vastata peukulla.",
    sv: "Handläggaren avslutade samtalet. Du fortsätter med Lähituki-boten. Fick du hjälp? Svara gärna med tummen.",
    en: "The advisor has ended the conversation. You are back with the Lähituki bot. Did you get help? You can answer with a thumb.",
  },
  waitExpired: {
    fi: "Valitettavasti yksikään neuvoja ei ehtinyt vastata. Jatkat taas Lähituki-botin kanssa. Voit pyytää ihmistä myöhemmin uudelleen tai ottaa yhteyttä työllisyyspalveluihin suoraan.",
    sv: "Tyvärr hann ingen handläggare svara. Du fortsätter med Lähituki-boten. Du kan be om en människa senare igen eller kontakta sysselsättningstjänsterna direkt.",
    en: "Unfortunately no advisor was able to answer in time. You are back with the Lähituki bot. You can ask for a person again later or contact the employment services directly.",
  },
  idleClosed: {
    fi: "Keskustelu neuvojan kanssa päättyi, koska siinä ei ollut pitkään viestejä. Jatkat taas Lähituki-botin kanssa. Saitko apua? Voit vastata peukulla.",
    sv: "Samtalet med handläggaren avslutades eftersom det länge inte kom några meddelanden. Du fortsätter med Lähituki-boten. Fick du hjälp? Svara gärna med tummen.",
    en: "The conversation with the advisor ended as there were no messages for a long time. You are back with the Lähituki bot. Did you get help? You can answer with a thumb.",
  },
  advisorPrefix: {
    fi: (name: string) => `${name} (neuvoja)`,
    sv: (name: string) => `${name} (handläggare)`,
    en: (name: string) => `${name} (advisor)`,
  },
} as const;

export function personText<K extends keyof typeof PERSON_TEXTS>(key: K, language: PersonLanguage): (typeof PERSON_TEXTS)[K]["fi"] {
  return PERSON_TEXTS[key][language] as (typeof PERSON_TEXTS)[K]["fi"];
}

/** The advisor's first name only: the person needs a name to address, not the full identity. */
export function advisorFirstName(name: string | undefined): string {
  const first = (name ?? "").trim().split(/\s+/)[0];
  return first || "Neuvoja";
}
