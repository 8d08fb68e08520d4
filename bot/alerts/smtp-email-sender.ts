import nodemailer, { type Transporter } from "nodemailer";
import { UpstreamError } from "../../platform/index.js";
import type { EmailMessage, EmailSender } from "./alert-ports.js";

export interface SmtpEmailSenderOptions {
  /** e.g. `smtp://user:pass@mail.example.fi:587` or `smtps://…:465` (nodemailer URL syntax). */
  readonly url: string;
  /** Sender address, e.g. `"Lähituki <lahituki@kaustinen.fi>"`. */
  readonly from: string;
  /** Per-connection time limits, so a hanging mail server cannot stall alert delivery. Default 15 s. */
  readonly timeoutMs?: number;
}

/** An `EmailSender` over SMTP with nodemailer (it handles STARTTLS, auth and MIME encoding for us). */
export function createSmtpEmailSender(options: SmtpEmailSenderOptions): EmailSender & { close(): void } {
  const timeout = options.timeoutMs ?? 15_000;
  const transport: Transporter = nodemailer.createTransport(options.url, {
    from: options.from,
  });
  // URL options cannot carry timeouts; set them on the transport's options.
  Object.assign(transport.options, { connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  return {
    async send(message: EmailMessage): Promise<void> {
      try {
        await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: {
            "Content-Language": message.language,
            "Auto-Submitted": "auto-generated",
            ...(message.unsubscribeUrl
              ? { "List-Unsubscribe": `<${message.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
              : {}),
          },
        });
      } catch (error) {
        throw new UpstreamError("Sending an alert e-mail failed", { cause: error, code: "smtp_failed" });
      }
    },
    close() {
      transport.close();
    },
  };
}
