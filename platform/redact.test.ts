import { describe, expect, it } from "vitest";
import { redactPersonalData, redactText } from "./redact.js";

describe("redactPersonalData", () => {
  it.each([
    ["131052-308T", "1900s (-)"],
    ["131052Y308T", "1900s (Y)"],
    ["010594X123A", "1900s (X)"],
    ["010594W1234", "1900s (W)"],
    ["010594V1234", "1900s (V)"],
    ["010594U1234", "1900s (U)"],
    ["010185+123H", "1800s (+)"],
    ["010105A123J", "2000s (A)"],
    ["010105B123J", "2000s (B)"],
    ["010105C123J", "2000s (C)"],
    ["010105D123J", "2000s (D)"],
    ["010105E123J", "2000s (E)"],
    ["010105F123J", "2000s (F)"],
  ])("redacts the personal identity code %s (%s)", (code) => {
    const result = redactPersonalData(`Hetuni on ${code}, kiitos.`);
    expect(result.text).toBe("Hetuni on [henkilötunnus], kiitos.");
    expect(result.found).toEqual(["personal-identity-code"]);
  });

  it.each(["+358 40 123 4567", "+358401234567", "040 123 4567", "040-1234567", "06 828 1234", "00358 40 123 4567"])(
    "redacts the phone number %s",
    (phone) => {
      expect(redactText(`Soita ${phone} huomenna`)).toBe("Soita [phone] huomenna");
    },
  );

  it("redacts e-mail addresses, including non-ASCII ones", () => {
    expect(redactText("Laita viesti matti.meikäläinen@esimerkki.fi tai a_b+c@x.co")).toBe("Laita viesti [email] tai [email]");
  });

  it.each([
    "Haku päättyy 12.03.2026.",
    "Päivämäärä 2026-11-28 ja vuosi 2025.",
    "Osoite Kaustisentie 1, 69600 Kaustinen.",
    "Ammattiluokitus ISCO 7212 ja 5322.",
    "Palkka 2 500 € kuussa, 37,5 h viikossa.",
    "Kurssi 1.9.–15.12.2026 klo 9–15.",
  ])("leaves %s alone", (text) => {
    const result = redactPersonalData(text);
    expect(result.text).toBe(text);
    expect(result.found).toEqual([]);
  });

  it("reports every kind found once", () => {
    const result = redactPersonalData("131052-308T, 040 123 4567 ja a@b.fi");
    expect(result.text).toBe("[henkilötunnus], [phone] ja [email]");
    expect([...result.found].sort()).toEqual(["email", "personal-identity-code", "phone"]);
  });
});
