import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSmtpEmailSender } from "../../bot/alerts/smtp-email-sender.js";
import { startSmtpTestServer } from "../support/smtp-test-server.js";

let smtp: Awaited<ReturnType<typeof startSmtpTestServer>>;

beforeAll(async () => {
  smtp = await startSmtpTestServer();
});

afterAll(async () => {
  await smtp.close();
});

describe("SMTP alert sender", () => {
  it("delivers a UTF-8 alert e-mail with text and HTML parts to the SMTP server", async () => {
    const sender = createSmtpEmailSender({ url: smtp.url, from: "Lähituki <lahituki@example.test>" });
    await sender.send({
      to: "person@example.test",
      subject: "Lähituki: uutta haulla “hitsaaja”",
      text: "Hitsaaja, Veteli",
      html: "<p>Hitsaaja, Veteli</p>",
      language: "fi",
    });
    sender.close();
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(["person@example.test"]);
    expect(mail.from).toBe("lahituki@example.test");
    expect(mail.raw).toContain("Content-Type: text/html");
    expect(mail.raw).toContain("Content-Language: fi");
  });

  it("reports an unreachable server as an upstream error", async () => {
    const sender = createSmtpEmailSender({ url: "smtp://127.0.0.1:1", from: "x@example.test", timeoutMs: 2000 });
    await expect(
      sender.send({ to: "a@example.test", subject: "s", text: "t", html: "<p>t</p>", language: "en" }),
    ).rejects.toMatchObject({ code: "smtp_failed" });
    sender.close();
  });
});
