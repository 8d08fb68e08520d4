import { describe, expect, it } from "vitest";
import { plainText } from "./teams-turn.js";

describe("advisor text from Teams", () => {
  it("turns Teams HTML into the plain text the person sees", () => {
    expect(plainText("<p>Hei &amp; tervetuloa!</p><p>Katso <b>tämä</b></p>")).toBe("Hei & tervetuloa!\nKatso tämä");
    expect(plainText("rivi<br>toinen&nbsp;rivi")).toBe("rivi\ntoinen rivi");
    expect(plainText("/close")).toBe("/close");
  });
});
