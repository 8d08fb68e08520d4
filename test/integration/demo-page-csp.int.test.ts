import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { createWebRouter } from "../../bot/web/web-router.js";
import { loadConfig } from "../../platform/index.js";

async function pageHeaders(env: Record<string, string>): Promise<Headers> {
  const app = express();
  app.use("/", createWebRouter({ config: loadConfig({ DATA_DIR: "/tmp/unused-csp", ...env }) }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(response.status).toBe(200);
    return response.headers;
  } finally {
    server.close();
  }
}

describe("the demo page at /", () => {
  it("has a Content-Security-Policy that allows framing only by itself by default", async () => {
    const policy = (await pageHeaders({})).get("content-security-policy") ?? "";
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'self'");
  });

  it("allows framing where configured", async () => {
    const policy = (await pageHeaders({ WEBCHAT_FRAME_ANCESTORS: "'self' https://www.kaustinen.fi" })).get("content-security-policy") ?? "";
    expect(policy).toContain("frame-ancestors 'self' https://www.kaustinen.fi");
  });
});
