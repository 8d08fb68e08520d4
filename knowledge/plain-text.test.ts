import { describe, expect, it } from "vitest";
import { validateItem } from "./item.js";
import { stripMarkup, toPlainText } from "./plain-text.js";

describe("plain text", () => {
  it("strips nested tag-like text, and a tag exposed by removing another cannot survive", () => {
    expect(stripMarkup("a <scr<script>ipt>alert(1)</script> b")).not.toMatch(/<\/?[a-z!][^<>]*>|alert/i);
    expect(stripMarkup("<<b>i>x</b>")).not.toMatch(/<\/?[a-z!][^<>]*>/i);
    const deep = `${"<a".repeat(50)}<b>${">".repeat(50)}x`;
    expect(stripMarkup(deep)).not.toMatch(/<[a-z]/i);
    expect(stripMarkup("alle 5 km, hinta < 10 €")).toBe("alle 5 km, hinta < 10 €");
  });

  it("reduces HTML to its text: images, scripts and link targets are dropped, entities decoded", () => {
    expect(toPlainText('Hitsaaja <img src="https://tracker.example/p.gif"> Kaustinen')).toBe("Hitsaaja Kaustinen");
    expect(toPlainText('<a href="https://evil.example">Hae tästä</a> &amp; soita')).toBe("Hae tästä & soita");
    expect(toPlainText("<p>Eka</p><p>Toka<script>alert(1)</script></p>")).toBe("Eka\n\nToka");
    // An escaped tag decodes to a literal one, which is removed as well.
    expect(toPlainText("x &lt;img src=x onerror=alert(1)&gt; y")).not.toMatch(/<img|onerror/i);
  });

  it("leaves plain text as it is, line breaks and comparison signs included", () => {
    expect(toPlainText("Rivi 1\n\nRivi 2 < 3 ja R&D")).toBe("Rivi 1\n\nRivi 2 < 3 ja R&D");
    expect(toPlainText("Yhteys &amp; neuvonta\nRivi 2")).toBe("Yhteys & neuvonta\nRivi 2");
  });

  it("is applied to every text field of a canonical item", () => {
    const result = validateItem(
      {
        id: "x1",
        kind: "vacancy",
        title: 'Kokki <img src="https://tracker.example/p.gif">',
        description: '<p>Tervetuloa <b>töihin</b></p><a href="javascript:alert(1)">klikkaa</a>',
        organization: "<i>Ravintola</i> Oy",
        address: "Kauppatie 1 <br> Perho",
        openingHours: "ma&ndash;pe 8&ndash;16",
        tags: ["<b>keittiö</b>", "ravintola"],
      },
      { today: "2026-12-05" },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.item.title).toBe("Kokki");
    expect(result.item.description).toBe("Tervetuloa töihin\n\nklikkaa");
    expect(result.item.organization).toBe("Ravintola Oy");
    expect(result.item.address).toBe("Kauppatie 1\nPerho");
    expect(result.item.openingHours).toBe("ma–pe 8–16");
    expect(result.item.tags).toEqual(["keittiö", "ravintola"]);
    expect(JSON.stringify(result.item)).not.toMatch(/<|javascript|tracker/);
  });

  it("refuses a required field that is nothing but markup", () => {
    const result = validateItem({ id: "x2", kind: "service", title: "<img src=x>", description: "Palvelu" }, { today: "2026-12-05" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.field)).toContain("title");
  });
});
