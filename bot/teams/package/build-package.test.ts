import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import JSZip from "jszip";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../platform/index.js";
import { buildTeamsPackage } from "./build-package.js";
import { MANIFEST_VERSION } from "./teams-manifest.js";

const require = createRequire(import.meta.url);
// The manifest schema is JSON Schema draft-04; both packages are CommonJS (module.exports = the function).
const Ajv04 = require("ajv-draft-04") as typeof import("ajv-draft-04").default;
const addFormats = require("ajv-formats") as typeof import("ajv-formats").default;
const schemaPath = require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`);

function validator() {
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")) as object);
}

const outDir = mkdtempSync(path.join(tmpdir(), "lahituki-teams-package-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function readPackage(zipBuffer: Buffer) {
  const zip = await JSZip.loadAsync(zipBuffer);
  const manifest = JSON.parse(await zip.file("manifest.json")!.async("string")) as Record<string, unknown>;
  const color = PNG.sync.read(await zip.file("color.png")!.async("nodebuffer"));
  const outline = PNG.sync.read(await zip.file("outline.png")!.async("nodebuffer"));
  return { files: Object.keys(zip.files).sort(), manifest, color, outline };
}

describe("Teams app package", () => {
  it("validates against the Teams manifest schema offline, with the bot, both tabs and validDomains", async () => {
    const config = loadConfig({
      MicrosoftAppId: "6f1b2a3c-4d5e-4f60-8a7b-9c0d1e2f3a4b",
      PUBLIC_BASE_URL: "https://lahituki.example.fi",
      TEAMS_VALID_DOMAINS: "kaustinen.fi, https://www.halsua.fi/",
      AUTH_AUDIENCE: "api://lahituki.example.fi/6f1b2a3c-4d5e-4f60-8a7b-9c0d1e2f3a4b",
    });
    const { zip } = await buildTeamsPackage(config);
    const { files, manifest } = await readPackage(zip);
    expect(files).toEqual(["color.png", "manifest.json", "outline.png"]);
    const validate = validator();
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    expect(manifest).toMatchObject({
      manifestVersion: MANIFEST_VERSION,
      bots: [{ botId: "6f1b2a3c-4d5e-4f60-8a7b-9c0d1e2f3a4b", scopes: ["personal", "team"] }],
      validDomains: ["lahituki.example.fi", "kaustinen.fi", "www.halsua.fi"],
      webApplicationInfo: { resource: "api://lahituki.example.fi/6f1b2a3c-4d5e-4f60-8a7b-9c0d1e2f3a4b" },
    });
    expect(validate({ ...manifest, id: "not-a-guid" })).toBe(false);
    const tabs = manifest.staticTabs as Array<{ contentUrl: string }>;
    expect(tabs.map((tab) => new URL(tab.contentUrl).pathname)).toEqual(["/advisor", "/admin"]);
  });

  it("has a 192×192 colour icon and a 32×32 white-on-transparent outline icon", async () => {
    const { color, outline } = await readPackage((await buildTeamsPackage(loadConfig({}))).zip);
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const alphas = new Set<number>();
    for (let index = 0; index < outline.data.length; index += 4) {
      const [r, g, b, a] = [outline.data[index], outline.data[index + 1], outline.data[index + 2], outline.data[index + 3]];
      alphas.add(a!);
      if (a! > 0) expect([r, g, b]).toEqual([255, 255, 255]);
    }
    expect(alphas.has(0)).toBe(true);
    expect(alphas.has(255)).toBe(true);
  });

  it("npm run teams:package writes a zip that validates", async () => {
    const out = path.join(outDir, "app.zip");
    await promisify(execFile)("npm", ["run", "--silent", "teams:package", "--", "--out", out], {
      env: { ...process.env, PUBLIC_BASE_URL: "https://lahituki.example.fi" },
    });
    const { manifest } = await readPackage(readFileSync(out));
    const validate = validator();
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
  });
});
