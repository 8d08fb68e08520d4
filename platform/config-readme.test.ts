import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { configSchema } from "./config.js";

const readme = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "README.md"), "utf8");

describe("README configuration table", () => {
  it("documents every variable the config schema accepts", () => {
    const undocumented = Object.keys(configSchema.shape).filter((key) => !readme.includes(`\`${key}\``));
    expect(undocumented).toEqual([]);
  });

  it("names both newcomer commands", () => {
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm install && npm test");
  });
});
