import { describe, expect, it } from "vitest";
import { validateItem, type CanonicalItem } from "../knowledge/item.js";
import { CHUNK_SIZE, chunkItem, estimateChunkCount } from "./chunk-item.js";

function item(description: string, extra: Record<string, unknown> = {}): CanonicalItem {
  const result = validateItem(
    { id: "x", kind: "service", title: "Työnhaun tuki", description, municipality: "Kokkola", tags: ["cv"], ...extra },
    { today: "2026-11-28" },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.item;
}

describe("chunkItem", () => {
  it("keeps a short description as one chunk headed by the title, with search terms beside it", async () => {
    const chunks = await chunkItem(item("Autamme CV:n kanssa."));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({
      ordinal: 0,
      language: "fi",
      content: "Työnhaun tuki\nAutamme CV:n kanssa.",
    });
    expect(chunks[0]!.searchText).toContain("Karleby");
    expect(chunks[0]!.searchText).toContain("cv");
    expect(chunks[0]!.embeddingText).toContain(chunks[0]!.content);
  });

  it("splits long text at headings and paragraphs into ordered chunks within the size limit", async () => {
    const section = (name: string) => `## ${name}\n\n${"Tämä on pitkä kappale palvelusta. ".repeat(25)}\n\n${"Toinen kappale. ".repeat(20)}`;
    const description = [section("Kenelle"), section("Miten"), section("Missä"), section("Hinta")].join("\n");
    const chunks = await chunkItem(item(description));
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.map((chunk) => chunk.ordinal)).toEqual(chunks.map((_, index) => index));
    for (const chunk of chunks.slice(1)) {
      expect(chunk.content.length).toBeLessThanOrEqual(CHUNK_SIZE);
      // Later chunks carry the title in what is embedded, so each stands on its own.
      expect(chunk.embeddingText.startsWith("Työnhaun tuki\n")).toBe(true);
    }
    const joined = chunks.map((chunk) => chunk.content).join(" ");
    for (const heading of ["Kenelle", "Miten", "Missä", "Hinta"]) expect(joined).toContain(heading);
  });

  it("gives every chunk the item's language", async () => {
    const chunks = await chunkItem(item("Vi hjälper dig. ".repeat(200), { language: "sv" }));
    expect(chunks.length).toBeGreaterThan(1);
    expect(new Set(chunks.map((chunk) => chunk.language))).toEqual(new Set(["sv"]));
  });

  it("estimates the chunk count without splitting: exact for short text, within one for long text", async () => {
    const short = item("Autamme CV:n kanssa.");
    expect(estimateChunkCount(short)).toBe(1);
    for (const repeat of [40, 120, 400]) {
      const long = item("Tämä on pitkä kappale palvelusta, jossa kerrotaan mitä teemme. ".repeat(repeat));
      const actual = (await chunkItem(long)).length;
      expect(actual).toBeGreaterThan(1);
      expect(Math.abs(estimateChunkCount(long) - actual)).toBeLessThanOrEqual(1);
    }
  });
});
