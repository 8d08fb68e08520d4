import { describe, expect, it } from "vitest";
import { parseAlertCommand, parseAlertText, subscriptionQuery } from "./alert-commands.js";

describe("alert commands in words", () => {
  it.each([
    ["lopeta ilmoitukset", "cancel-all"],
    ["Lopeta kaikki ilmoitukset!", "cancel-all"],
    ["en halua enää ilmoituksia", "cancel-all"],
    ["stoppa bevakningar", "cancel-all"],
    ["avsluta mina bevakningar", "cancel-all"],
    ["stop alerts", "cancel-all"],
    ["unsubscribe", "cancel-all"],
    ["mina bevakningar", "list"],
    ["omat ilmoitukset", "list"],
    ["ilmoitukseni", "list"],
    ["my alerts", "list"],
    ["jatka ilmoituksia", "renew"],
    ["förnya bevakningar", "renew"],
    ["renew alerts", "renew"],
    ["ilmoita kun tulee uusia hitsaajan paikkoja", "subscribe"],
    ["meddela mig om nya jobb", "subscribe"],
    ["tell me about new jobs like this", "subscribe"],
    ["subscribe", "subscribe"],
    ["let me know when there are new welder jobs", "subscribe"],
  ])("understands %s", (text, type) => {
    expect(parseAlertText(text)?.type).toBe(type);
  });

  it.each([
    "Miten ilmoittaudun työnhakijaksi?",
    "Onko Kaustisella hitsaajan töitä?",
    "näytä ilmoitukset Vetelissä",
    "haluan puhua ihmisen kanssa",
    "tell me more",
    "let me know how to register",
    "how do I subscribe to the Kela newsletter?",
  ])(
    "leaves %s to the conversation",
    (text) => {
      expect(parseAlertText(text)).toBeUndefined();
    },
  );

  it("keeps what the subscription is about and notices 'like this'", () => {
    expect(subscriptionQuery("ilmoita kun tulee uusia hitsaajan paikkoja")).toBe("hitsaajan paikkoja");
    expect(subscriptionQuery("meddela mig om nya jobb i Vetil")).toBe("jobb Vetil");
    expect(parseAlertText("tell me about new jobs like this")).toMatchObject({ likeLast: true });
    expect(parseAlertText("ilmoita kun tulee uusia hitsaajan paikkoja")).toMatchObject({ likeLast: false });
  });
});

describe("alert buttons", () => {
  it("reads card submissions, button first", () => {
    expect(parseAlertCommand({ text: "Ilmoita uusista", value: { action: "subscribeAlert" } })).toMatchObject({ type: "subscribe", fromButton: true, likeLast: true });
    expect(parseAlertCommand({ value: { action: "cancelAlert", alertId: "a1" } })).toEqual({ type: "cancel-one", subscriptionId: "a1" });
    expect(parseAlertCommand({ value: { action: "alertEmail", email: "a@b.fi", consent: "true" } })).toEqual({ type: "email", email: "a@b.fi", consent: true });
    expect(parseAlertCommand({ value: { action: "alertEmail", email: "a@b.fi", consent: "false" } })).toMatchObject({ consent: false });
    expect(parseAlertCommand({ value: { action: "handoffConsent", consent: true } })).toBeUndefined();
  });
});
