import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Router } from "express";
import { municipalityCode, municipalityName } from "../../knowledge/index.js";
import { escapeHtml, type Config } from "../../platform/index.js";

/**
 * The demo page's policy: as strict as the admin UI's, except that Web Chat styles itself with
 * inline style elements and renders images of cards (data:/blob:), and talks Direct Line over
 * fetch and WebSocket to this origin. Framing only where configured.
 */
function demoPagePolicy(frameAncestors: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    "connect-src 'self' ws: wss:",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join("; ");
}

const STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "static");
/** The official Web Chat bundle from the installed package: served locally, never from a CDN. */
const WEBCHAT_BUNDLE = webChatBundlePath();

/** The package's `exports` hide dist/webchat.js, so locate the package folder from its entry point. */
function webChatBundlePath(): string {
  const entry = createRequire(import.meta.url).resolve("botframework-webchat");
  const marker = `${path.sep}node_modules${path.sep}botframework-webchat${path.sep}`;
  const index = entry.lastIndexOf(marker);
  const packageDir = index >= 0 ? entry.slice(0, index + marker.length) : path.dirname(path.dirname(entry));
  return path.join(packageDir, "dist", "webchat.js");
}

/**
 * The demo municipality page at `/`, the embed script (`/embed.js`) municipality websites include,
 * its stylesheet, and the Web Chat bundle (`/webchat/webchat.js`).
 */
export function createWebRouter(options: { config: Pick<Config, "DEFAULT_MUNICIPALITY" | "RETENTION_DAYS" | "WEBCHAT_FRAME_ANCESTORS"> }): Router {
  const router = express.Router();
  const code = options.config.DEFAULT_MUNICIPALITY ? municipalityCode(options.config.DEFAULT_MUNICIPALITY) : "236";
  const name = (code && municipalityName(code, "fi")) ?? "Kaustinen";
  const page = readFileSync(path.join(STATIC_DIR, "index.html"), "utf8")
    .replaceAll("{{MUNICIPALITY}}", escapeHtml(name))
    .replaceAll("{{RETENTION_DAYS}}", String(options.config.RETENTION_DAYS ?? 90));
  const cacheShort = { maxAge: "10m" };

  router.get("/", (_request, response) => {
    response.setHeader("content-security-policy", demoPagePolicy(options.config.WEBCHAT_FRAME_ANCESTORS));
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
    response.type("html").send(page);
  });
  router.get("/web/config.json", (_request, response) => {
    response.setHeader("Access-Control-Allow-Origin", "*");
    response.json({ retentionDays: options.config.RETENTION_DAYS ?? 90 });
  });
  router.get("/embed.js", (_request, response) => {
    response.setHeader("Access-Control-Allow-Origin", "*");
    response.sendFile(path.join(STATIC_DIR, "embed.js"), cacheShort);
  });
  router.get("/web/lahituki.css", (_request, response) => {
    response.setHeader("Access-Control-Allow-Origin", "*");
    response.sendFile(path.join(STATIC_DIR, "lahituki.css"), cacheShort);
  });
  router.get("/web/demo-page.js", (_request, response) => response.sendFile(path.join(STATIC_DIR, "demo-page.js"), cacheShort));
  router.get("/webchat/webchat.js", (_request, response) => {
    response.setHeader("Access-Control-Allow-Origin", "*");
    response.sendFile(WEBCHAT_BUNDLE, { maxAge: "1d" });
  });
  return router;
}
