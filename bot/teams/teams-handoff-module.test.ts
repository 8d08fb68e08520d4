import { describe, expect, it } from "vitest";
import { createSilentLogger, loadConfig, type Database } from "../../platform/index.js";
import { createTeamsHandoffModule } from "./teams-handoff-module.js";

/** Building the module must not touch the database; any use fails the test. */
const database = new Proxy({}, {
  get(_target, property) {
    throw new Error(`database.${String(property)} was not set up for this test`);
  },
}) as Database;

describe("Teams and handoff module", () => {
  it("refuses to start with malformed office hours, naming the variable", () => {
    const config = loadConfig({ OFFICE_HOURS: "weekdays 8-16" });
    expect(() => createTeamsHandoffModule({ config, database, logger: createSilentLogger() })).toThrow(/OFFICE_HOURS/);
  });

  it("answers /api/messages with 503 unless an app id or the development flag is set", () => {
    expect(createTeamsHandoffModule({ config: loadConfig({}), database, logger: createSilentLogger() }).mode).toBe("disabled");
    expect(createTeamsHandoffModule({ config: loadConfig({ BOT_ALLOW_ANONYMOUS: "true" }), database, logger: createSilentLogger() }).mode).toBe("anonymous");
    expect(
      createTeamsHandoffModule({ config: loadConfig({ MicrosoftAppId: "6f1b2a3c-4d5e-4f60-8a7b-9c0d1e2f3a4b", MicrosoftAppPassword: "x" }), database, logger: createSilentLogger() }).mode,
    ).toBe("authenticated");
  });
});
