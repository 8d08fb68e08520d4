import type { RequestHandler, Router } from "express";
import type { AdminLanguage } from "./messages.js";
import type { Editor } from "./roles.js";

/** Helpers the admin router hands to route extensions (uploads, insights, privacy). */
export interface AdminRouteHelpers {
  readonly json: RequestHandler;
  readonly today: () => string;
  readonly requireAreaAdmin: (editor: Editor, language: AdminLanguage) => void;
}

/** Adds authenticated routes to the admin router; every route it adds runs after authentication. */
export type AdminRouteExtension = (router: Router, helpers: AdminRouteHelpers) => void;
