import type { ItemValidationIssue } from "../knowledge/index.js";

const ADMIN_LANGUAGES = ["fi", "sv", "en"] as const;
export type AdminLanguage = (typeof ADMIN_LANGUAGES)[number];

/** The first supported language in an Accept-Language header (quality order), default Finnish. */
export function languageFromHeader(header: string | undefined): AdminLanguage {
  if (!header) return "fi";
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const quality = params.map((param) => /^q=([\d.]+)$/.exec(param.trim())?.[1]).find(Boolean);
      return { tag: tag.toLowerCase(), quality: quality === undefined ? 1 : Number(quality), index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((left, right) => right.quality - left.quality || left.index - right.index);
  for (const entry of ranked) {
    const base = entry.tag.split("-")[0];
    if (base === "fi" || base === "sv" || base === "en") return base;
  }
  return "fi";
}

/** Field labels shown to editors. */
const FIELD_LABELS: Readonly<Record<string, Readonly<Record<AdminLanguage, string>>>> = {
  id: { fi: "Tunniste", sv: "Identifierare", en: "Id" },
  kind: { fi: "Tyyppi", sv: "Typ", en: "Kind" },
  title: { fi: "Otsikko", sv: "Rubrik", en: "Title" },
  description: { fi: "Kuvaus", sv: "Beskrivning", en: "Description" },
  language: { fi: "Kieli", sv: "Språk", en: "Language" },
  organization: { fi: "Organisaatio", sv: "Organisation", en: "Organisation" },
  municipality: { fi: "Kunta", sv: "Kommun", en: "Municipality" },
  address: { fi: "Osoite", sv: "Adress", en: "Address" },
  url: { fi: "Verkko-osoite", sv: "Webbadress", en: "Web address" },
  email: { fi: "Sähköposti", sv: "E-post", en: "E-mail" },
  phone: { fi: "Puhelin", sv: "Telefon", en: "Phone" },
  validFrom: { fi: "Voimassa alkaen", sv: "Giltig från", en: "Valid from" },
  validUntil: { fi: "Voimassa asti", sv: "Giltig till", en: "Valid until" },
  startDate: { fi: "Alkamispäivä", sv: "Startdatum", en: "Start date" },
  tags: { fi: "Avainsanat", sv: "Nyckelord", en: "Tags" },
  occupation: { fi: "Ammatti (ISCO)", sv: "Yrke (ISCO)", en: "Occupation (ISCO)" },
  employmentType: { fi: "Työsuhteen tyyppi", sv: "Anställningsform", en: "Employment type" },
  format: { fi: "Toteutustapa", sv: "Genomförande", en: "Format" },
  openingHours: { fi: "Aukioloajat", sv: "Öppettider", en: "Opening hours" },
};

type Problem = "required" | "date" | "municipality" | "url" | "email" | "phone" | "occupation" | "choice" | "order" | "unknown-field" | "too-long" | "invalid";

const PROBLEMS: Readonly<Record<Problem, Readonly<Record<AdminLanguage, string>>>> = {
  required: { fi: "on pakollinen", sv: "är obligatoriskt", en: "is required" },
  date: { fi: "pitää olla päivämäärä muodossa VVVV-KK-PP", sv: "ska vara ett datum i formatet ÅÅÅÅ-MM-DD", en: "must be a date as YYYY-MM-DD" },
  municipality: { fi: "tuntematon kunta", sv: "okänd kommun", en: "unknown municipality" },
  url: { fi: "pitää olla http(s)-osoite", sv: "ska vara en http(s)-adress", en: "must be an http(s) address" },
  email: { fi: "ei ole kelvollinen sähköpostiosoite", sv: "är inte en giltig e-postadress", en: "is not a valid e-mail address" },
  phone: { fi: "ei ole kelvollinen puhelinnumero", sv: "är inte ett giltigt telefonnummer", en: "is not a valid phone number" },
  occupation: { fi: "pitää olla ISCO-08-koodi (1–4 numeroa)", sv: "ska vara en ISCO-08-kod (1–4 siffror)", en: "must be an ISCO-08 code (1–4 digits)" },
  choice: { fi: "ei ole sallittu arvo", sv: "är inte ett tillåtet värde", en: "is not an allowed value" },
  order: { fi: "on ennen alkamispäivää", sv: "är före startdatumet", en: "is before the valid-from date" },
  "unknown-field": { fi: "tuntematon kenttä", sv: "okänt fält", en: "unknown field" },
  "too-long": { fi: "on liian pitkä", sv: "är för lång", en: "is too long" },
  invalid: { fi: "on virheellinen", sv: "är ogiltigt", en: "is invalid" },
};

function classify(issue: ItemValidationIssue): Problem {
  const message = issue.message.toLowerCase();
  if (message.startsWith("unknown field")) return "unknown-field";
  if (message === "invalid input") return "required";
  if (message.includes("validuntil is before")) return "order";
  if (message.includes("iso date")) return "date";
  if (message.includes("unknown municipality")) return "municipality";
  if (message.includes("http(s) url")) return "url";
  if (message.includes("e-mail")) return "email";
  if (message.includes("phone")) return "phone";
  if (message.includes("isco")) return "occupation";
  if (message.includes("invalid option") || message.includes("expected one of")) return "choice";
  if (message.includes("too big") || message.includes("<=")) return "too-long";
  if (message.includes("required") || message.includes("too small") || message.includes("undefined") || message.includes(">=1")) return "required";
  return "invalid";
}

/** A validation issue as an editor reads it in their language, e.g. "Voimassa asti: pitää olla päivämäärä…". */
export function localiseIssue(issue: ItemValidationIssue, language: AdminLanguage): string {
  const problem = classify(issue);
  const label = FIELD_LABELS[issue.field]?.[language] ?? issue.field;
  return `${label}: ${PROBLEMS[problem][language]}`;
}

/**
 * Like `localiseIssue`, but keeps the original (English) message when it is not one of the known
 * validation problems (e.g. a parser's "duplicate id" or "unknown column"), so no detail is lost.
 */
export function localiseIssueIfKnown(issue: ItemValidationIssue, language: AdminLanguage): string {
  return classify(issue) === "invalid" ? issue.message : localiseIssue(issue, language);
}

/** Fills `{name}` placeholders of a message. */
export function fillMessage(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ""));
}

/** Other messages the admin API shows to editors. */
export const ADMIN_MESSAGES = {
  forbiddenMunicipality: {
    fi: "Sinulla ei ole oikeutta tämän kunnan sisältöön.",
    sv: "Du har inte behörighet till den här kommunens innehåll.",
    en: "You may not change content of this municipality.",
  },
  forbiddenAreaWide: {
    fi: "Koko työllisyysalueen sisältöä voi muuttaa vain alueen laajuisilla oikeuksilla.",
    sv: "Innehåll för hela sysselsättningsområdet kan bara ändras med behörighet för hela området.",
    en: "Area-wide content can only be changed with area-wide scope.",
  },
  forbiddenAdmin: {
    fi: "Vain alueen pääkäyttäjä voi tehdä tämän.",
    sv: "Endast områdets huvudanvändare kan göra detta.",
    en: "Only an area admin can do this.",
  },
  notFound: { fi: "Kohdetta ei löydy.", sv: "Objektet hittades inte.", en: "Item not found." },
  exists: {
    fi: "Samalla tunnisteella on jo kohde.",
    sv: "Det finns redan ett objekt med samma identifierare.",
    en: "An item with this id already exists.",
  },
  idMismatch: {
    fi: "Tunniste ei vastaa osoitteen tunnistetta.",
    sv: "Identifieraren stämmer inte med adressens identifierare.",
    en: "The id does not match the id in the address.",
  },
  uploadTooLarge: {
    fi: "Tiedosto on suurempi kuin sallittu {mb} Mt",
    sv: "Filen är större än tillåtna {mb} MB",
    en: "The file is larger than the limit of {mb} MB",
  },
  importQueueFull: {
    fi: "Palvelin tuo jo muita tiedostoja. Yritä uudelleen hetken kuluttua.",
    sv: "Servern importerar redan andra filer. Försök igen om en stund.",
    en: "The server is already importing other files. Try again in a moment.",
  },
  uploadCompressed: {
    fi: "Pakattuja tai arkistotiedostoja (zip, gzip…) ei oteta vastaan; lähetä tiedostot sellaisinaan",
    sv: "Komprimerade filer och arkiv (zip, gzip…) tas inte emot; skicka filerna som de är",
    en: "Compressed files and archives (zip, gzip…) are not accepted; upload the files themselves",
  },
  uploadUnsupported: {
    fi: "Tiedostotyyppiä ei tueta (tuetut: {types})",
    sv: "Filtypen stöds inte (stöds: {types})",
    en: "Unsupported file type (supported: {types})",
  },
  uploadNoFile: {
    fi: "Lähetä tiedosto multipart/form-data-kentässä \"file\"",
    sv: "Skicka filen i multipart/form-data-fältet \"file\"",
    en: "Send the file as multipart/form-data in the field \"file\"",
  },
  noRowInScope: {
    fi: "Tiedoston yksikään rivi ei koske kuntaa, jonka sisältöä voit muuttaa; mitään ei tuotu",
    sv: "Ingen rad i filen gäller en kommun vars innehåll du får ändra; inget importerades",
    en: "No row of this file belongs to a municipality you may change; nothing was imported",
  },
  rowOutOfScope: {
    fi: "rivi koskee kuntaa, jonka sisältöä et voi muuttaa",
    sv: "raden gäller en kommun vars innehåll du inte får ändra",
    en: "row belongs to a municipality you may not change",
  },
  rowAreaWide: {
    fi: "rivillä ei ole kuntaa; koko alueen sisältöä voi tuoda vain alueen laajuisilla oikeuksilla",
    sv: "raden saknar kommun; innehåll för hela området kan bara importeras med behörighet för hela området",
    en: "row has no municipality; area-wide content needs area-wide scope",
  },
  submissionDecided: {
    fi: "Ilmoitus on jo käsitelty.",
    sv: "Annonsen har redan behandlats.",
    en: "This submission has already been decided.",
  },
  submissionReasonRequired: {
    fi: "Kirjoita perustelu (3–1000 merkkiä); se lähetetään työnantajalle.",
    sv: "Skriv en motivering (3–1000 tecken); den skickas till arbetsgivaren.",
    en: "Write a reason (3–1000 characters); it is sent to the employer.",
  },
  submissionNotFound: { fi: "Ilmoitusta ei löydy.", sv: "Annonsen hittades inte.", en: "Submission not found." },
  submissionDeadlinePassed: {
    fi: "Viimeinen hakupäivä on jo mennyt: korjaa päivä ennen hyväksymistä.",
    sv: "Sista ansökningsdagen har redan varit: rätta datumet innan du godkänner.",
    en: "The last day to apply has passed: correct the date before approving.",
  },
} as const satisfies Record<string, Readonly<Record<AdminLanguage, string>>>;
