import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Router } from "express";

const UI_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "ui");
const TEAMS_JS = createRequire(import.meta.url).resolve("@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js");

/**
 * No inline script or style anywhere, so the policy can forbid them: even text that slipped into
 * the page could not run. Teams may frame the page as a static tab.
 */
const ADMIN_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com",
].join("; ");

/** The admin UI at /admin: static files, no build step. */
export function createAdminUiRouter(): Router {
  const router = express.Router();
  router.use((_request, response, next) => {
    response.setHeader("content-security-policy", ADMIN_CONTENT_SECURITY_POLICY);
    response.setHeader("x-content-type-options", "nosniff");
    response.setHeader("referrer-policy", "no-referrer");
    next();
  });
  router.get("/vendor/teams.js", (_request, response) => {
    response.sendFile(TEAMS_JS, { maxAge: "1d" });
  });
  router.use(express.static(UI_DIR, { index: "index.html", maxAge: 0 }));
  return router;
}
