import type { VacancyFormTexts } from "../../adaptive-cards/index.js";
import type { SubmissionErrorCode, SubmissionErrors, SubmissionField } from "../../ingest/index.js";
import type { Language } from "../../knowledge/index.js";

/** The vacancy form's words. */
export const FORM_TEXTS: Readonly<Record<Language, VacancyFormTexts & { readonly labels: Readonly<Record<SubmissionField, string>> }>> = {
  fi: {
    heading: "Ilmoita avoin työpaikka",
    intro: "Täytä tiedot. Kuntasi työllisyysalue tarkistaa ilmoituksen ennen julkaisua, ja saat päätöksestä viestin sähköpostiin ja tähän keskusteluun.",
    errorSummary: "Tarkista merkityt kohdat. Muut tiedot ovat tallessa.",
    employerHeading: "Työnantaja ja yhteyshenkilö",
    labels: {
      title: "Tehtävänimike",
      municipality: "Työpaikan kunta",
      description: "Työn kuvaus",
      occupation: "Ammatti (vapaaehtoinen)",
      employmentType: "Työsuhteen tyyppi",
      startDate: "Aloituspäivä (vapaaehtoinen)",
      lastApplicationDate: "Viimeinen hakupäivä",
      howToApply: "Näin haet: verkko-osoite, sähköposti tai puhelinnumero",
      employerName: "Työnantajan nimi",
      businessId: "Y-tunnus",
      contactPerson: "Yhteyshenkilö",
      contactEmail: "Yhteyshenkilön sähköposti (päätöstä varten, ei julkaista)",
      consent: "Suostumus",
    },
    placeholders: { businessId: "1234567-8", howToApply: "esim. https://… tai rekry@…", occupation: "esim. hitsaaja" },
    consentTitle: "Ilmoituksen tekstin saa julkaista, ja minuun saa ottaa yhteyttä tästä ilmoituksesta.",
    submit: "Lähetä tarkistettavaksi",
    privacy: "Yhteyshenkilön tiedot näkevät vain kunnan käsittelijät. Älä kirjoita henkilötunnuksia.",
  },
  sv: {
    heading: "Anmäl en ledig plats",
    intro: "Fyll i uppgifterna. Sysselsättningsområdet i din kommun granskar annonsen innan den publiceras, och du får beskedet per e-post och här i chatten.",
    errorSummary: "Kontrollera de markerade fälten. Övriga uppgifter finns kvar.",
    employerHeading: "Arbetsgivare och kontaktperson",
    labels: {
      title: "Befattning",
      municipality: "Arbetsplatsens kommun",
      description: "Beskrivning av arbetet",
      occupation: "Yrke (frivilligt)",
      employmentType: "Typ av anställning",
      startDate: "Startdatum (frivilligt)",
      lastApplicationDate: "Sista ansökningsdag",
      howToApply: "Så här söker man: webbadress, e-post eller telefonnummer",
      employerName: "Arbetsgivarens namn",
      businessId: "FO-nummer (Y-tunnus)",
      contactPerson: "Kontaktperson",
      contactEmail: "Kontaktpersonens e-post (för beskedet, publiceras inte)",
      consent: "Samtycke",
    },
    placeholders: { businessId: "1234567-8", howToApply: "t.ex. https://… eller rekry@…", occupation: "t.ex. svetsare" },
    consentTitle: "Annonsens text får publiceras, och jag får kontaktas om annonsen.",
    submit: "Skicka för granskning",
    privacy: "Kontaktpersonens uppgifter ses bara av kommunens handläggare. Skriv inga personbeteckningar.",
  },
  en: {
    heading: "Post an open vacancy",
    intro: "Fill in the details. The employment area of your municipality reviews the vacancy before it is published, and you get the decision by e-mail and in this chat.",
    errorSummary: "Please check the marked fields. Everything else is kept.",
    employerHeading: "Employer and contact person",
    labels: {
      title: "Job title",
      municipality: "Municipality of the workplace",
      description: "Description of the work",
      occupation: "Occupation (optional)",
      employmentType: "Type of employment",
      startDate: "Start date (optional)",
      lastApplicationDate: "Last day to apply",
      howToApply: "How to apply: web address, e-mail or phone number",
      employerName: "Employer's name",
      businessId: "Business ID (Y-tunnus)",
      contactPerson: "Contact person",
      contactEmail: "Contact person's e-mail (for the decision, not published)",
      consent: "Consent",
    },
    placeholders: { businessId: "1234567-8", howToApply: "e.g. https://… or jobs@…", occupation: "e.g. welder" },
    consentTitle: "The vacancy text may be published, and I may be contacted about this vacancy.",
    submit: "Send for review",
    privacy: "Only the municipality's reviewers see the contact person's details. Do not write personal identity codes.",
  },
};

export const EMPLOYMENT_TYPE_TITLES: Readonly<Record<Language, Readonly<Record<"full-time" | "part-time" | "temporary" | "seasonal", string>>>> = {
  fi: { "full-time": "Kokoaikainen", "part-time": "Osa-aikainen", temporary: "Määräaikainen", seasonal: "Kausi- tai kesätyö" },
  sv: { "full-time": "Heltid", "part-time": "Deltid", temporary: "Visstid", seasonal: "Säsongs- eller sommarjobb" },
  en: { "full-time": "Full-time", "part-time": "Part-time", temporary: "Fixed-term", seasonal: "Seasonal or summer work" },
};

type Catalog = Readonly<Record<Language, string>>;

const ERRORS: Readonly<Record<SubmissionErrorCode, Catalog>> = {
  required: { fi: "Tämä tieto tarvitaan.", sv: "Uppgiften behövs.", en: "This is required." },
  tooShort: { fi: "Teksti on liian lyhyt.", sv: "Texten är för kort.", en: "The text is too short." },
  tooLong: { fi: "Teksti on liian pitkä.", sv: "Texten är för lång.", en: "The text is too long." },
  unknownMunicipality: {
    fi: "Valitse kunta Keski-Pohjanmaan tai Pohjoisen Keski-Suomen työllisyysalueelta.",
    sv: "Välj en kommun inom Mellersta Österbottens eller norra Mellersta Finlands sysselsättningsområde.",
    en: "Choose a municipality of the Central Ostrobothnia or Northern Central Finland employment area.",
  },
  invalidChoice: { fi: "Valitse jokin vaihtoehdoista.", sv: "Välj ett av alternativen.", en: "Choose one of the options." },
  invalidDate: { fi: "Anna päivämäärä muodossa VVVV-KK-PP.", sv: "Ange datum som ÅÅÅÅ-MM-DD.", en: "Give the date as YYYY-MM-DD." },
  dateInPast: { fi: "Päivä on jo mennyt.", sv: "Dagen har redan varit.", en: "That day has already passed." },
  tooFarAhead: { fi: "Päivä on yli vuoden päässä.", sv: "Dagen är mer än ett år framåt.", en: "That day is more than a year ahead." },
  invalidHowToApply: {
    fi: "Anna verkko-osoite (https://…), sähköpostiosoite tai puhelinnumero.",
    sv: "Ange en webbadress (https://…), en e-postadress eller ett telefonnummer.",
    en: "Give a web address (https://…), an e-mail address or a phone number.",
  },
  invalidBusinessId: {
    fi: "Y-tunnus ei ole kelvollinen: tarkista numerot ja tarkistusnumero (muoto 1234567-8).",
    sv: "FO-numret är inte giltigt: kontrollera siffrorna och kontrollsiffran (formen 1234567-8).",
    en: "The business ID is not valid: check the digits and the check digit (format 1234567-8).",
  },
  invalidEmail: { fi: "Sähköpostiosoite ei ole kelvollinen.", sv: "E-postadressen är inte giltig.", en: "The e-mail address is not valid." },
  consentRequired: {
    fi: "Ilmoitusta ei voi julkaista ilman suostumusta.",
    sv: "Annonsen kan inte publiceras utan samtycke.",
    en: "The vacancy cannot be published without consent.",
  },
};

export function errorMessage(code: SubmissionErrorCode, language: Language): string {
  return ERRORS[code][language];
}

export function errorMessages(errors: SubmissionErrors, language: Language): Partial<Record<SubmissionField, string>> {
  const worded: Partial<Record<SubmissionField, string>> = {};
  for (const [field, code] of Object.entries(errors) as Array<[SubmissionField, SubmissionErrorCode]>) worded[field] = errorMessage(code, language);
  return worded;
}

export const CHAT = {
  formErrors: (count: number, language: Language): string =>
    ({
      fi: `Lomakkeessa on ${count} korjattavaa kohtaa. Korjaa ne alla olevaan lomakkeeseen ja lähetä uudelleen.`,
      sv: `Formuläret har ${count} fält att rätta. Rätta dem i formuläret nedan och skicka igen.`,
      en: `The form has ${count} field${count === 1 ? "" : "s"} to fix. Correct ${count === 1 ? "it" : "them"} in the form below and send it again.`,
    })[language],
  pending: (reference: string, municipality: string, language: Language): string =>
    ({
      fi: `Kiitos! Ilmoitus on vastaanotettu ja odottaa tarkistusta (viite ${reference}). ${municipality}: kunnan käsittelijä tarkistaa sen, ja saat päätöksestä viestin sähköpostiisi ja tähän keskusteluun. Ilmoitus ei näy työnhakijoille ennen hyväksyntää.`,
      sv: `Tack! Annonsen har tagits emot och väntar på granskning (referens ${reference}). ${municipality}: kommunens handläggare granskar den, och du får beskedet per e-post och här i chatten. Annonsen syns inte för arbetssökande förrän den har godkänts.`,
      en: `Thank you! The vacancy was received and is waiting for review (reference ${reference}). ${municipality}: the municipality's reviewer checks it, and you get the decision by e-mail and in this chat. Jobseekers do not see it until it is approved.`,
    })[language],
  duplicate: (reference: string, language: Language): string =>
    ({
      fi: `Tällä Y-tunnuksella on jo ilmoitettu saman niminen työpaikka viimeisen 30 päivän aikana (viite ${reference}), joten uutta ilmoitusta ei tallennettu. Jos kyse on eri paikasta, muuta tehtävänimikettä.`,
      sv: `En plats med samma namn har redan anmälts med detta FO-nummer under de senaste 30 dagarna (referens ${reference}), så ingen ny annons sparades. Om det gäller en annan plats, ändra befattningen.`,
      en: `A vacancy with the same title was already submitted with this business ID in the last 30 days (reference ${reference}), so no new one was saved. If it is a different job, change the title.`,
    })[language],
  rateLimited: (language: Language): string =>
    ({
      fi: "Tästä keskustelusta tai osoitteesta on lähetetty tänään jo useita ilmoituksia, joten uutta ei tallennettu. Yritä huomenna uudelleen tai ota yhteyttä työllisyysalueen yrityspalveluihin.",
      sv: "Flera annonser har redan skickats i dag från den här chatten eller adressen, så ingen ny sparades. Försök igen i morgon eller kontakta sysselsättningsområdets företagsservice.",
      en: "Several vacancies were already sent today from this chat or address, so no new one was saved. Please try again tomorrow or contact the employment area's business services.",
    })[language],
  unavailable: (language: Language): string =>
    ({
      fi: "Ilmoituksen tallennus ei onnistunut juuri nyt. Tietosi ovat yhä lomakkeessa: yritä hetken päästä uudelleen.",
      sv: "Annonsen kunde inte sparas just nu. Dina uppgifter finns kvar i formuläret: försök igen om en stund.",
      en: "The vacancy could not be saved just now. Your details are still in the form: please try again in a moment.",
    })[language],
  approved: (title: string, reference: string, language: Language): string =>
    ({
      fi: `Hyvä uutinen: ilmoitus "${title}" (viite ${reference}) on hyväksytty ja julkaistu. Se näkyy nyt Lähituen haussa ja hakuvahdin tilanneille.`,
      sv: `Goda nyheter: annonsen "${title}" (referens ${reference}) har godkänts och publicerats. Den syns nu i Lähitukis sökning och för dem som har jobbevakning.`,
      en: `Good news: your vacancy "${title}" (reference ${reference}) was approved and published. It now shows in Lähituki's search and reaches people with job alerts.`,
    })[language],
  rejected: (title: string, reference: string, reason: string, language: Language): string =>
    ({
      fi: `Ilmoitusta "${title}" (viite ${reference}) ei julkaistu. Perustelu: ${reason}`,
      sv: `Annonsen "${title}" (referens ${reference}) publicerades inte. Motivering: ${reason}`,
      en: `Your vacancy "${title}" (reference ${reference}) was not published. Reason: ${reason}`,
    })[language],
  emailSubject: (approved: boolean, title: string, language: Language): string =>
    approved
      ? { fi: `Työpaikkailmoitus hyväksytty: ${title}`, sv: `Annonsen har godkänts: ${title}`, en: `Vacancy approved: ${title}` }[language]
      : { fi: `Työpaikkailmoitusta ei julkaistu: ${title}`, sv: `Annonsen publicerades inte: ${title}`, en: `Vacancy not published: ${title}` }[language],
  emailGreeting: (name: string, language: Language): string => ({ fi: `Hei ${name},`, sv: `Hej ${name},`, en: `Hello ${name},` })[language],
  emailFooter: (language: Language): string =>
    ({
      fi: "Tämä on automaattinen viesti Lähituesta. Yhteyshenkilön tiedot poistetaan säilytysajan jälkeen.",
      sv: "Detta är ett automatiskt meddelande från Lähituki. Kontaktpersonens uppgifter raderas efter lagringstiden.",
      en: "This is an automatic message from Lähituki. The contact person's details are deleted after the retention period.",
    })[language],
} as const;
