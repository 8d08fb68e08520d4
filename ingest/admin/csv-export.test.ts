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
    expect(csv).toBe('\uFEFFquestion,count\r\n"Sanoi ""hei"", sitten",3\r\n\'=1+1,-2\r\n');
  });
});
