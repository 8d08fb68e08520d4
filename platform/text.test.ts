import { describe, expect, it } from "vitest";
import { escapeMarkdown, stripTags, trimTrailing } from "./text.js";

describe("text helpers", () => {
  it("escapes Markdown links, images, HTML and emphasis so they show as written", () => {
    expect(escapeMarkdown("[klikkaa](https://evil.example)")).toBe("\\[klikkaa\\](https://evil.example)");
    expect(escapeMarkdown("![x](https://t.example/p.gif)")).toBe("!\\[x\\](https://t.example/p.gif)");
    expect(escapeMarkdown("<img src=x> `c` a\\b")).toBe("\\<img src=x\\> \\`c\\` a\\\\b");
    expect(escapeMarkdown("Hitsaaja (MIG/MAG), Kaustinen – 2 500 €/kk")).toBe("Hitsaaja (MIG/MAG), Kaustinen – 2 500 €/kk");
  });

  it("trims and strips without patterns that retry long runs", () => {
    expect(trimTrailing("Moi!!!...", "!.")).toBe("Moi");
    expect(stripTags("<at>Lähituki</at> register Perho")).toBe("Lähituki register Perho");
  });
});
