import { describe, expect, it } from "vitest";
import { neutraliseCell, toCsv } from "./csv-export.js";

describe("CSV export", () => {
  it.each(["=HYPERLINK(\"http://evil\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"])(
    "neutralises a cell starting with a formula character: %j",
    (value) => {
      expect(neutraliseCell(value)).toBe(`'${value}`);
    },
  );

  it("leaves ordinary text and numbers alone, and quotes separators and quotes", () => {
    expect(neutraliseCell("Missä työkkäri on?")).toBe("Missä työkkäri on?");
    const csv = toCsv([
      ["question", "count"],
      ['Sanoi "hei", sitten', 3],
      ["=1+1", -2],
    ]);
    expect(csv).toBe('\uFEFF"question","count"\r\n"Sanoi ""hei"", sitten",3\r\n"\'=1+1",-2\r\n');
  });

  it.each(["kysymys;=HYPERLINK(\"https://evil.example\")", "a,+1", "rivi\n@SUM(A1)", "teksti; -2+3"])(
    "neutralises a formula after a separator a spreadsheet splits at: %j",
    (value) => {
      expect(neutraliseCell(value)).toBe(`'${value}`);
      expect(toCsv([[value]])).toBe(`\uFEFF"'${value.replaceAll('"', '""')}"\r\n`);
    },
  );

  it("leaves a hyphen inside words alone", () => {
    expect(neutraliseCell("osa-aikainen työ")).toBe("osa-aikainen työ");
  });
});
