import { describe, expect, it } from "vitest";
import { detectDocumentLanguage as detectLanguage } from "../../knowledge/index.js";
import { slugFromFileName } from "./free-document.js";
import { readFrontMatter } from "./front-matter.js";
import { parseMarkdown, parsePlainText } from "./markdown-parser.js";

const markdown = (text: string, options: { kind?: string; file?: string } = {}) =>
  parseMarkdown(Buffer.from(text), { file: options.file ?? "Työnhaku Kokkolassa.md", kind: options.kind });

describe("parseMarkdown", () => {
  it("takes id, kind, municipality, tags and dates from front matter and the title from the first heading", async () => {
    const result = await markdown(
      [
        "---",
        "id: tyonhaku-kokkola",
        "kind: service",
        "municipality: Karleby",
        'tags: [työnhaku, "cv"]',
        "validUntil: today+30",
        "---",
        "",
        "# Työnhaun tuki",
        "",
        "Autamme CV:n kanssa ja haemme töitä yhdessä.",
      ].join("\n"),
    );
    expect(result.issues).toEqual([]);
    expect(result.records[0]).toEqual({
      line: 1,
      value: {
        id: "tyonhaku-kokkola",
        kind: "service",
        municipality: "Karleby",
        tags: ["työnhaku", "cv"],
        validUntil: "today+30",
        title: "Työnhaun tuki",
        description: "Autamme CV:n kanssa ja haemme töitä yhdessä.",
        language: "fi",
      },
    });
  });

  it("falls back to the file name for id and title and uses --kind", async () => {
    const result = await markdown("Plain text without heading, ja se on suomea.", { kind: "training" });
    expect(result.records[0]?.value).toMatchObject({
      id: "tyonhaku-kokkolassa",
      title: "Työnhaku Kokkolassa",
      kind: "training",
    });
  });

  it("rejects a document without kind, naming the field", async () => {
    const result = await markdown("# Otsikko\n\nTeksti");
    expect(result.records).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({ file: "Työnhaku Kokkolassa.md", field: "kind", message: expect.stringContaining("--kind") }),
    ]);
  });

  it("lets front matter kind win over --kind", async () => {
    const result = await markdown("---\nkind: vacancy\n---\n# T\nx", { kind: "service" });
    expect(result.records[0]?.value).toMatchObject({ kind: "vacancy" });
  });

  it("drops raw script and style blocks", async () => {
    const result = await markdown("# T\n\nText <script>alert(1)</script> more\n<style>p{}</style>", { kind: "service" });
    expect((result.records[0]?.value as { description: string }).description.replace(/\s+/g, " ")).toBe("Text more");
  });

  it("detects Swedish and English text when front matter gives no language", async () => {
    const sv = await markdown("# Hjälp\n\nVi hjälper dig att hitta ett jobb och en utbildning i Karleby.", { kind: "service" });
    const en = await markdown("# Help\n\nWe help you to find a job and training in the region.", { kind: "service" });
    expect(sv.records[0]?.value).toMatchObject({ language: "sv" });
    expect(en.records[0]?.value).toMatchObject({ language: "en" });
  });
});

describe("parsePlainText", () => {
  it("uses the file name as title and keeps the text", async () => {
    const result = await parsePlainText(Buffer.from("Kirjasto on auki ja palvelee kaikkia."), {
      file: "kirjasto_kaustinen.txt",
      kind: "service",
    });
    expect(result.records[0]?.value).toMatchObject({
      id: "kirjasto-kaustinen",
      title: "kirjasto kaustinen",
      description: "Kirjasto on auki ja palvelee kaikkia.",
      language: "fi",
    });
  });
});

describe("front matter and helpers", () => {
  it("leaves a document without a closing front matter line untouched", () => {
    expect(readFrontMatter("---\nkind: service\nno end").fields).toEqual({});
  });
  it("slugs file names to ASCII", () => {
    expect(slugFromFileName("/x/Äitiys- ja lastenneuvola (Vetelinen).md")).toBe("aitiys-ja-lastenneuvola-vetelinen");
  });
  it("defaults to Finnish when nothing is recognised", () => {
    expect(detectLanguage("12345 ###")).toBe("fi");
    expect(detectLanguage("Työpaikka on Kaustisella ja se on kokoaikainen")).toBe("fi");
  });
});
