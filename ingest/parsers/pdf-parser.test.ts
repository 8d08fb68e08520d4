import { describe, expect, it } from "vitest";
import { makePdf, makePdfBomb } from "../../test/fixtures/ingest/make-pdf.js";
import { FileUnreadableError } from "../ingest-error.js";
import { parsePdf } from "./pdf-parser.js";

describe("parsePdf", () => {
  it("extracts the text of every page in a child process, title from metadata", async () => {
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

  it("kills the parsing process when a PDF bomb takes its memory past the limit", async () => {
    const bomb = makePdfBomb(600);
    const error = (await parsePdf(bomb, { file: "bomb.pdf", kind: "service", memoryLimitMb: 200 }).catch((caught: unknown) => caught)) as Error & {
      cause?: { pid?: number; signal?: string };
    };
    expect(error).toBeInstanceOf(FileUnreadableError);
    expect(error.message).toBe("bomb.pdf: PDF parsing needed more than 200 MB of memory and was stopped");
    expect(error.cause).toMatchObject({ signal: "SIGKILL" });
    expect(() => process.kill(error.cause!.pid!, 0)).toThrow();
  }, 60_000);
});
