import { describe, expect, it } from "vitest";
import { FileUnreadableError } from "../ingest-error.js";
import { detectDelimiter, neutraliseSpreadsheetCell, parseCsv } from "./csv-parser.js";

const parse = (text: string | Buffer) =>
  parseCsv(typeof text === "string" ? Buffer.from(text, "utf8") : text, { file: "items.csv" });

describe("parseCsv", () => {
  it("reads comma-separated rows keyed by canonical column names, counting the header as line 1", async () => {
    const result = await parse("id,kind,title,description\nv1,vacancy,Hitsaaja,Työ Kokkolassa\nv2,vacancy,Kokki,Keittiötyö\n");
    expect(result.issues).toEqual([]);
    expect(result.records).toEqual([
      { line: 2, value: { id: "v1", kind: "vacancy", title: "Hitsaaja", description: "Työ Kokkolassa" } },
      { line: 3, value: { id: "v2", kind: "vacancy", title: "Kokki", description: "Keittiötyö" } },
    ]);
  });

  it("detects semicolons from the header line as Finnish spreadsheet exports use them, and strips a BOM", async () => {
    const text = "\uFEFFid;kind;title;description;tags\nv1;vacancy;Hitsaaja;Hinta 12,50 €/h;metalli;hitsaus\n";
    // A sixth cell from an unquoted ';' inside tags is a broken row, but quoted tags work:
    const quoted = "\uFEFFid;kind;title;description;tags\nv1;vacancy;Hitsaaja;Hinta 12,50 €/h;\"metalli;hitsaus\"\n";
    expect(detectDelimiter(text.slice(1))).toBe(";");
    const broken = await parse(text);
    expect(broken.issues[0]).toMatchObject({ line: 2, field: "(record)" });
    const result = await parse(quoted);
    expect(result.records[0]?.value).toMatchObject({ id: "v1", description: "Hinta 12,50 €/h", tags: "metalli;hitsaus" });
  });

  it("accepts snake_case and spaced header spellings of canonical columns", async () => {
    const result = await parse("ID,Kind,Title,Description,valid_until\nx,service,T,D,2026-12-31\n");
    expect(result.records[0]?.value).toMatchObject({ id: "x", validUntil: "2026-12-31" });
  });

  it("counts a quoted multi-line cell's row from its first line", async () => {
    const result = await parse('id,kind,title,description\na,service,T,"one\ntwo\nthree"\nb,service,U,D\n');
    expect(result.records.map((record) => record.line)).toEqual([2, 5]);
  });

  it("keeps formula-like cells as literal text and never evaluates or casts them", async () => {
    const result = await parse('id,kind,title,description,phone\nf1,service,=1+2,"=HYPERLINK(""http://x"",""y"")",+358 40 123 4567\nf2,service,@SUM(A1),-5+3,\n');
    expect(result.records[0]?.value).toMatchObject({
      title: "=1+2",
      description: '=HYPERLINK("http://x","y")',
      phone: "+358 40 123 4567",
    });
    expect(result.records[1]?.value).toMatchObject({ title: "@SUM(A1)", description: "-5+3" });
  });

  it("rejects every row of a file with an unknown column, naming the column", async () => {
    const result = await parse("id,kind,title,description,salary\nv1,vacancy,T,D,3000\n");
    expect(result.records).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({ file: "items.csv", line: 2, field: "salary", message: expect.stringContaining("unknown column") }),
    ]);
  });

  it("rejects a binary file renamed .csv as a whole", async () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]);
    await expect(parse(zip)).rejects.toBeInstanceOf(FileUnreadableError);
    await expect(parse(Buffer.from([0xff, 0xfe, 0x41, 0x42, 0xc3, 0x28]))).rejects.toThrow(/not valid UTF-8/);
  });

  it("rejects an empty file as a whole", async () => {
    await expect(parse("\n\n")).rejects.toThrow(/empty/);
  });
});

describe("neutraliseSpreadsheetCell", () => {
  it("prefixes text a spreadsheet would run as a formula", () => {
    expect(neutraliseSpreadsheetCell("=1+2")).toBe("'=1+2");
    expect(neutraliseSpreadsheetCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(neutraliseSpreadsheetCell("Hitsaaja")).toBe("Hitsaaja");
  });
});
