import { describe, expect, it } from "vitest";
import { MAX_REDACTED_CHARS, redactPersonalData, redactText } from "./redact.js";

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

describe("redaction gaps", () => {
  it.each(["(040) 123 4567", "040.123.4567", "+358 (0)40 123 4567", "040 1234567"])("redacts the phone number %s", (phone) => {
    expect(redactText(`Soita ${phone}, kiitos`)).toBe("Soita [phone], kiitos");
  });

  it("redacts an identity code glued to a word when its check character is valid", () => {
    expect(redactText("hetu131052-308T")).toBe("hetu[henkilötunnus]");
    expect(redactText("tuote131052-308X")).toBe("tuote131052-308X");
  });

  it.each(["Aukioloaika klo 08.00-16.00.", "Alkaa 01.03.2026 ja päättyy 1.9.2026.", "Postinumero 00100 Helsinki."])("leaves %s alone", (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("redaction on hostile input", () => {
  it("cuts very long input before anything runs and still redacts what is at its start", () => {
    const result = redactText(`040 123 4567 ${"a".repeat(1_000_000)}`);
    expect(result.startsWith("[phone] ")).toBe(true);
    expect(result.length).toBeLessThanOrEqual(MAX_REDACTED_CHARS);
  });

  it("handles long digit runs, long words and runs of @ and dots without losing text", () => {
    const digits = `+${"1".repeat(90)}a`;
    expect(redactText(digits)).toBe(digits);
    const separated = `0${" 1".repeat(5000)}x`;
    expect(redactText(separated).length).toBe(separated.length);
    const word = "a".repeat(19_000);
    expect(redactText(word)).toBe(word);
    const ats = "a@".repeat(5000);
    expect(redactText(ats)).toBe(ats);
    const dots = `a@${"b.".repeat(5000)}`;
    expect(redactText(dots)).toBe(dots);
  });
});
