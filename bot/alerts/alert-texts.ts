import type { ItemKind, Language } from "../../knowledge/index.js";
import { municipalityName } from "../../knowledge/index.js";
import { TIME_ZONE } from "../../knowledge/index.js";
import type { AlertSubscription } from "./subscription.js";
import { trimTrailing } from "../../platform/index.js";

/** Every alert text the person sees, in Finnish, Swedish and English. */

const KIND_NAMES: Record<Language, Record<ItemKind, string>> = {
  fi: { vacancy: "työpaikat", training: "koulutukset", service: "palvelut" },
  sv: { vacancy: "lediga jobb", training: "utbildningar", service: "tjänster" },
  en: { vacancy: "jobs", training: "trainings", service: "services" },
};

function formatDate(date: Date, language: Language): string {
  const locale = language === "fi" ? "fi-FI" : language === "sv" ? "sv-FI" : "en-GB";
  return new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, day: "numeric", month: language === "en" ? "long" : "numeric", year: "numeric" }).format(date);
}

/** "“hitsaaja” (työpaikat, Veteli + 30 km)" */
export function describeSubscription(subscription: Pick<AlertSubscription, "query" | "filters">, language: Language): string {
  const parts: string[] = [];
  if (subscription.filters.kind) parts.push(KIND_NAMES[language][subscription.filters.kind]);
  if (subscription.filters.municipality) {
    const name = municipalityName(subscription.filters.municipality, language) ?? subscription.filters.municipality;
    parts.push(subscription.filters.nearKm ? `${name} + ${subscription.filters.nearKm} km` : name);
  }
  // A "notify me" button stores the question as asked ("Onko hitsaajan töitä?"); show what it is about.
  const topic = trimTrailing(
    subscription.query
      .slice(0, 500)
      .trim()
      .replace(/^(?:onko|onkos|löytyykö|olisiko|saako|finns det|har ni|are there|is there|do you have|any)\s+/iu, ""),
    "?!.",
  ).trim();
  const query = topic || { fi: "kaikki uudet", sv: "allt nytt", en: "everything new" }[language];
  return parts.length > 0 ? `“${query}” (${parts.join(", ")})` : `“${query}”`;
}

export const alertTexts = {
  subscribed(language: Language, description: string, expiresAt: Date, channel: "web" | "teams" | "other"): string {
    const date = formatDate(expiresAt, language);
    const where = {
      fi: { web: "Näet uudet ilmoitukset, kun palaat tähän keskusteluun.", teams: "Lähetän ne tähän chattiin.", other: "" },
      sv: { web: "Du ser de nya annonserna när du återvänder till den här konversationen.", teams: "Jag skickar dem till den här chatten.", other: "" },
      en: { web: "You will see them when you come back to this conversation.", teams: "I will send them to this chat.", other: "" },
    }[language][channel];
    return {
      fi: `Selvä! Kerron, kun uutta tulee haulla ${description}. ${where} Saat enintään yhden viestin päivässä, etkä samaa ilmoitusta kahdesti. Ilmoitukset päättyvät ${date}, ja voit jatkaa niitä. Lopeta milloin tahansa kirjoittamalla "lopeta ilmoitukset".`,
      sv: `Okej! Jag meddelar dig när det kommer nytt för ${description}. ${where} Du får högst ett meddelande per dag och aldrig samma annons två gånger. Bevakningen upphör ${date} och kan förnyas. Skriv "stoppa bevakningar" när du vill sluta.`,
      en: `Done! I will tell you when something new comes up for ${description}. ${where} You get at most one message a day and never the same item twice. The alert ends on ${date} and can be renewed. Write "stop alerts" at any time to stop.`,
    }[language].replace(/\s+/g, " ");
  },
  alreadySubscribed(language: Language, description: string): string {
    return {
      fi: `Sinulla on jo ilmoitus haulla ${description}.`,
      sv: `Du har redan en bevakning för ${description}.`,
      en: `You already have an alert for ${description}.`,
    }[language];
  },
  tooMany(language: Language, limit: number): string {
    return {
      fi: `Sinulla voi olla enintään ${limit} ilmoitusta. Lopeta jokin ensin ("omat ilmoitukset").`,
      sv: `Du kan ha högst ${limit} bevakningar. Avsluta någon först ("mina bevakningar").`,
      en: `You can have at most ${limit} alerts. Stop one first ("my alerts").`,
    }[language];
  },
  whatToSubscribe(language: Language): string {
    return {
      fi: `Mistä haluat ilmoituksia? Kirjoita esimerkiksi "ilmoita kun tulee uusia hitsaajan paikkoja", tai hae ensin ja paina "Ilmoita uusista".`,
      sv: `Vad vill du bevaka? Skriv till exempel "meddela mig om nya jobb som svetsare", eller sök först och tryck på "Meddela mig".`,
      en: `What would you like alerts about? Write for example "tell me about new welder jobs", or search first and press "Notify me".`,
    }[language];
  },
  list(language: Language, descriptions: readonly string[], expiresAt: readonly Date[]): string {
    const lines = descriptions.map((description, index) => {
      const date = formatDate(expiresAt[index] ?? new Date(), language);
      return {
        fi: `${index + 1}. ${description}, voimassa ${date} asti`,
        sv: `${index + 1}. ${description}, gäller till ${date}`,
        en: `${index + 1}. ${description}, until ${date}`,
      }[language];
    });
    const head = {
      fi: `Sinulla on ${descriptions.length === 1 ? "yksi ilmoitus" : `${descriptions.length} ilmoitusta`}:`,
      sv: `Du har ${descriptions.length === 1 ? "en bevakning" : `${descriptions.length} bevakningar`}:`,
      en: `You have ${descriptions.length === 1 ? "one alert" : `${descriptions.length} alerts`}:`,
    }[language];
    return [head, ...lines].join("\n");
  },
  noAlerts(language: Language): string {
    return {
      fi: "Sinulla ei ole voimassa olevia ilmoituksia.",
      sv: "Du har inga aktiva bevakningar.",
      en: "You have no active alerts.",
    }[language];
  },
  cancelledAll(language: Language, descriptions: readonly string[]): string {
    if (descriptions.length === 0) return alertTexts.noAlerts(language);
    return {
      fi: `Lopetin ilmoitukset: ${descriptions.join("; ")}. Et saa niistä enää viestejä.`,
      sv: `Jag avslutade bevakningarna: ${descriptions.join("; ")}. Du får inga fler meddelanden om dem.`,
      en: `I stopped your alerts: ${descriptions.join("; ")}. You will get no more messages about them.`,
    }[language];
  },
  cancelledOne(language: Language, description: string): string {
    return {
      fi: `Lopetin ilmoituksen ${description}.`,
      sv: `Jag avslutade bevakningen ${description}.`,
      en: `I stopped the alert ${description}.`,
    }[language];
  },
  renewed(language: Language, count: number, expiresAt: Date): string {
    if (count === 0) return alertTexts.noAlerts(language);
    const date = formatDate(expiresAt, language);
    return {
      fi: `Jatkoin ilmoituksia ${date} asti.`,
      sv: `Jag förnyade bevakningarna till ${date}.`,
      en: `Your alerts now run until ${date}.`,
    }[language];
  },
  emailOffer(language: Language): string {
    return {
      fi: "Haluatko ilmoitukset myös sähköpostiin? Se on vapaaehtoista. Osoitetta käytetään vain näihin ilmoituksiin, ja se poistuu, kun lopetat ilmoitukset.",
      sv: "Vill du också få bevakningarna per e-post? Det är frivilligt. Adressen används bara för de här bevakningarna och raderas när du avslutar dem.",
      en: "Would you also like the alerts by e-mail? It is optional. The address is used only for these alerts and is deleted when you stop them.",
    }[language];
  },
  emailConsentLabel(language: Language): string {
    return {
      fi: "Annan luvan lähettää työpaikkailmoitukset tähän osoitteeseen.",
      sv: "Jag samtycker till att bevakningarna skickas till den här adressen.",
      en: "I agree to receive these alerts at this address.",
    }[language];
  },
  emailSaved(language: Language): string {
    return {
      fi: "Kiitos. Lähetän ilmoitukset myös antamaasi sähköpostiin. Voit lopettaa milloin tahansa: \"lopeta ilmoitukset\".",
      sv: "Tack. Jag skickar bevakningarna också till din e-post. Du kan sluta när som helst: \"stoppa bevakningar\".",
      en: "Thank you. I will also send the alerts to your e-mail. You can stop at any time: \"stop alerts\".",
    }[language];
  },
  emailRejected(language: Language): string {
    return {
      fi: "En tallentanut osoitetta: tarvitsen toimivan sähköpostiosoitteen ja rastin lupakohtaan. Ilmoitukset tulevat edelleen tähän keskusteluun.",
      sv: "Jag sparade inte adressen: jag behöver en giltig e-postadress och ditt samtycke. Bevakningarna kommer fortfarande hit.",
      en: "I did not save the address: I need a valid e-mail address and your consent. The alerts still come to this conversation.",
    }[language];
  },
  // Button and card labels.
  notifyMe: { fi: "Ilmoita uusista", sv: "Meddela mig", en: "Notify me" } as Record<Language, string>,
  cancelButton: { fi: "Lopeta", sv: "Avsluta", en: "Stop" } as Record<Language, string>,
  cancelAllButton: { fi: "Lopeta kaikki", sv: "Avsluta alla", en: "Stop all" } as Record<Language, string>,
  renewButton: { fi: "Jatka ilmoituksia", sv: "Förnya", en: "Renew alerts" } as Record<Language, string>,
  emailButton: { fi: "Tallenna sähköposti", sv: "Spara e-post", en: "Save e-mail" } as Record<Language, string>,
  emailLabel: { fi: "Sähköpostiosoite", sv: "E-postadress", en: "E-mail address" } as Record<Language, string>,
  notifyMeQuestion: {
    fi: "Haluatko tiedon, kun tällä haulla tulee uutta?",
    sv: "Vill du få veta när det kommer nytt för den här sökningen?",
    en: "Would you like to hear when something new comes up for this search?",
  } as Record<Language, string>,
  openButton: { fi: "Avaa", sv: "Öppna", en: "Open" } as Record<Language, string>,

  // Alert messages.
  alertLead(language: Language, description: string, count: number): string {
    return {
      fi: `Uutta haulla ${description}: ${count === 1 ? "1 uusi ilmoitus" : `${count} uutta ilmoitusta`}.`,
      sv: `Nytt för ${description}: ${count === 1 ? "1 ny annons" : `${count} nya annonser`}.`,
      en: `New for ${description}: ${count === 1 ? "1 new item" : `${count} new items`}.`,
    }[language];
  },
  moreTomorrow(language: Language, count: number): string {
    return {
      fi: `Lisäksi ${count} muuta tulee huomenna, jotta viestejä ei tule liikaa.`,
      sv: `Ytterligare ${count} kommer i morgon så att du inte får för många meddelanden.`,
      en: `${count} more will follow tomorrow so you do not get too many messages.`,
    }[language];
  },
  expiringSoon(language: Language, expiresAt: Date): string {
    const date = formatDate(expiresAt, language);
    return {
      fi: `Ilmoitukset päättyvät ${date}. Jatka niitä kirjoittamalla "jatka ilmoituksia".`,
      sv: `Bevakningen upphör ${date}. Skriv "förnya bevakningar" för att fortsätta.`,
      en: `Your alerts end on ${date}. Write "renew alerts" to keep them.`,
    }[language];
  },
  howToStop(language: Language): string {
    return {
      fi: `Lopeta ilmoitukset kirjoittamalla chatissa "lopeta ilmoitukset".`,
      sv: `Skriv "stoppa bevakningar" i chatten för att avsluta.`,
      en: `To stop, write "stop alerts" in the chat.`,
    }[language];
  },
  unsubscribeLink(language: Language): string {
    return { fi: "Lopeta nämä ilmoitukset", sv: "Avsluta de här bevakningarna", en: "Stop these alerts" }[language];
  },
  emailSubject(language: Language, description: string): string {
    return { fi: `Lähituki: uutta haulla ${description}`, sv: `Lähituki: nytt för ${description}`, en: `Lähituki: new for ${description}` }[language];
  },
  deadline(language: Language, date: string): string {
    const [year, month, day] = date.split("-");
    const local = `${Number(day)}.${Number(month)}.${year}`;
    return { fi: `Haku päättyy ${local}`, sv: `Ansökan senast ${local}`, en: `Apply by ${local}` }[language];
  },
  kindName(language: Language, kind: ItemKind): string {
    return KIND_NAMES[language][kind];
  },
};
