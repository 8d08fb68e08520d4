import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import JSZip from "jszip";
import { describeError, loadConfig, type Config } from "../../../platform/index.js";
import { colorIcon, outlineIcon } from "./teams-icons.js";
import { PLACEHOLDER_APP_ID, buildTeamsManifest, manifestInputFromConfig } from "./teams-manifest.js";

const DEFAULT_PACKAGE_PATH = path.join("dist", "lahituki-teams-app.zip");

function packageVersion(): string {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "package.json");
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { version?: string };
  return parsed.version ?? "1.0.0";
}

/** Builds the Teams app package (manifest.json, color.png, outline.png) as a zip buffer. */
export async function buildTeamsPackage(config: Config): Promise<{ zip: Buffer; manifest: Record<string, unknown> }> {
  const manifest = buildTeamsManifest(manifestInputFromConfig(config, packageVersion()));
  const zip = new JSZip();
  zip.file("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
  zip.file("color.png", colorIcon());
  zip.file("outline.png", outlineIcon());
  const buffer = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  return { zip: buffer, manifest };
}

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf("--out");
  const out = path.resolve(outIndex > -1 && process.argv[outIndex + 1] ? process.argv[outIndex + 1]! : DEFAULT_PACKAGE_PATH);
  const config = loadConfig(process.env, { dotenvPath: path.resolve(".env") });
  const { zip, manifest } = await buildTeamsPackage(config);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, zip);
  const bot = (manifest.bots as Array<{ botId: string }>)[0]!;
  if (bot.botId === PLACEHOLDER_APP_ID) {
    process.stderr.write("Warning: MicrosoftAppId is not set; the package uses a placeholder bot id and cannot be installed as is.\n");
  }
  process.stdout.write(`${JSON.stringify({ package: out, manifestVersion: manifest.manifestVersion, validDomains: manifest.validDomains })}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`Could not build the Teams package: ${describeError(error)}\n`);
    process.exit(1);
  });
}
