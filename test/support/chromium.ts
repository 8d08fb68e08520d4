import { chromium, type BrowserContext } from "playwright-core";

/**
 * Debian's Chromium (apt-get install chromium), headless, with everything that would reach the
 * network on its own switched off; one profile directory per test file.
 */
export function launchChromium(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
