import { describe, expect, it } from "vitest";
import { parseHtml } from "./html-parser.js";

const HOSTILE = `<!doctype html><html lang="sv"><head><title>Arbetssökning &amp; stöd</title>
<style>body { background: url(javascript:alert(1)) }</style>
<script>document.cookie = "stolen";</script></head>
<body onload="alert('x')"><h1>Rubrik</h1>
<p onclick="steal()">Vi hjälper dig med <a href="javascript:alert(2)">ansökan</a> och
<a href="https://www.kaustinen.fi/tyo">jobb</a>.</p>
<img src="x" onerror="alert(3)" alt="bild">
<iframe src="https://evil.example"></iframe>
<p>&lt;script&gt;alert(4)&lt;/script&gt; text</p>
<noscript><b>noscript</b></noscript>
</body></html>`;

describe("parseHtml", () => {
  it("reduces HTML to text so that no script, event handler, javascript: link or markup reaches the record", async () => {
    const result = await parseHtml(Buffer.from(HOSTILE), { file: "page.html", kind: "service" });
    const value = result.records[0]?.value as Record<string, string>;
    const stored = Object.values(value).join("\n");
    expect(stored).not.toMatch(/<|>|script|alert|javascript:|onerror|onclick|onload|cookie|iframe|noscript/i);
    expect(value.description).toContain("Vi hjälper dig med ansökan och jobb (https://www.kaustinen.fi/tyo)");
    expect(value.title).toBe("Arbetssökning & stöd");
    expect(value.language).toBe("sv");
    expect(value.id).toBe("page");
  });

  it("takes the title from the first h1 when there is no title element", async () => {
    const result = await parseHtml(Buffer.from("<h1>Kesätyö <em>Perho</em></h1><p>Hae nyt ja tule töihin</p>"), {
      file: "kesatyo.htm",
      kind: "vacancy",
    });
    expect(result.records[0]?.value).toMatchObject({ title: "Kesätyö Perho", language: "fi" });
  });
});
