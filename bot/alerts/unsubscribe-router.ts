import express, { type Router } from "express";
import type { Logger } from "../../platform/index.js";
import type { AlertRepository } from "./alert-repository.js";

/** Mounted at this path; e-mails link to `${PUBLIC_BASE_URL}/alerts/unsubscribe/TOKEN`. */
export const UNSUBSCRIBE_PATH = "/alerts/unsubscribe";

const PAGE_STYLE = "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.5rem 1rem}";

// The same text in all three languages: the page cannot know which one the person reads.
const CONFIRM = [
  ["fi", "Lopetetaanko työpaikkailmoitukset?", "Ilmoitukset ja sähköpostiosoitteesi poistetaan.", "Lopeta ilmoitukset"],
  ["sv", "Vill du avsluta jobbevakningarna?", "Bevakningarna och din e-postadress raderas.", "Avsluta bevakningarna"],
  ["en", "Stop the job alerts?", "The alerts and your e-mail address are deleted.", "Stop alerts"],
] as const;

const DONE = [
  ["fi", "Ilmoitukset on lopetettu. Et saa niistä enää viestejä."],
  ["sv", "Bevakningarna är avslutade. Du får inga fler meddelanden."],
  ["en", "The alerts are stopped. You will get no more messages."],
] as const;

function page(body: string): string {
  return `<!doctype html><html lang="fi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Lähituki</title><style>${PAGE_STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/**
 * The e-mail's unsubscribe link. GET shows a confirmation with a button (link scanners in mail
 * systems open links, so GET must change nothing); POST, also the RFC 8058 one-click request,
 * deletes the alerts. The token is random per address and carries no personal data.
 */
export function createUnsubscribeRouter(deps: { readonly repository: AlertRepository; readonly logger: Logger }): Router {
  const router = express.Router();
  router.use((_request, response, next) => {
    response.setHeader("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    response.setHeader("cache-control", "no-store");
    response.setHeader("referrer-policy", "no-referrer");
    next();
  });
  router.get("/:token", (request, response) => {
    const token = encodeURIComponent(request.params.token);
    const sections = CONFIRM.map(
      ([language, title, text, button]) =>
        `<section lang="${language}"><h1>${title}</h1><p>${text}</p><form method="post" action="${UNSUBSCRIBE_PATH}/${token}"><button type="submit">${button}</button></form></section>`,
    );
    response.type("html").send(page(sections.join("")));
  });
  router.post("/:token", async (request, response) => {
    const removed = await deps.repository.cancelByEmailToken(request.params.token);
    deps.logger.info({ removed }, "alerts.unsubscribed_by_email");
    response.type("html").send(page(DONE.map(([language, text]) => `<p lang="${language}">${text}</p>`).join("")));
  });
  return router;
}
