import { describe, expect, it } from "vitest";
import { makePdf } from "../../test/fixtures/ingest/make-pdf.js";
import { FileUnreadableError } from "../ingest-error.js";
import { parsePdf } from "./pdf-parser.js";

describe("parsePdf", () => {
  it("extracts the text of every page in a worker thread, title from metadata", async () => {
    const pdf = makePdf(["Tyollisyyspalvelut Kaustisella\nPalvelemme arkisin ja se on maksutonta.", "Toinen sivu"], {
      title: "Palvelut",
    });
    const result = await parsePdf(pdf, { file: "palvelut.pdf", kind: "service" });
    expect(result.records[0]?.value).toMatchObject({
      id: "palvelut",
      title: "Palvelut",
      kind: "service",
      language: "fi",
    });
    const description = (result.records[0]?.value as { description: string }).description;
    expect(description).toContain("Tyollisyyspalvelut Kaustisella");
    expect(description).toContain("Toinen sivu");
    expect(description).not.toMatch(/-- \d+ of \d+ --/);
  });

  it("rejects a truncated PDF as a whole with a clear message", async () => {
    const pdf = makePdf(["Some text here"]);
    const truncated = pdf.subarray(0, Math.floor(pdf.length / 2));
    await expect(parsePdf(truncated, { file: "cut.pdf", kind: "service" })).rejects.toThrow(/truncated/);
  });

  it("rejects a file that is not a PDF at all", async () => {
    await expect(parsePdf(Buffer.from("hello %%EOF"), { file: "fake.pdf", kind: "service" })).rejects.toBeInstanceOf(
      FileUnreadableError,
    );
  });

  it("rejects a PDF whose objects are garbage inside a valid envelope", async () => {
    const broken = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    await expect(parsePdf(broken, { file: "garbage.pdf", kind: "service" })).rejects.toBeInstanceOf(FileUnreadableError);
  });

  it("stops parsing at the time limit", async () => {
    const pdf = makePdf(["Text"]);
    await expect(parsePdf(pdf, { file: "slow.pdf", kind: "service", timeoutMs: 1 })).rejects.toThrow(/longer than/);
  });
});
