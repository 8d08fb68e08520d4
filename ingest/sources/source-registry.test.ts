import { describe, expect, it } from "vitest";
import { loadConfig } from "../../platform/config.js";
import { createSourceAdapters, scheduledSources } from "./source-registry.js";

describe("createSourceAdapters", () => {
  it("configures PTV and Konfo by default and says why Työmarkkinatori and JSON-LD are off", () => {
    const { adapters, unavailable } = createSourceAdapters(loadConfig({}));
    expect([...adapters.keys()]).toEqual(["ptv", "konfo"]);
    expect(unavailable.get("tyomarkkinatori")).toMatch(/TMT_SUBSCRIPTION_KEY/);
    expect(unavailable.get("jsonld")).toMatch(/JSONLD_URLS/);
  });

  it("adds Työmarkkinatori with a key and JSON-LD with URLs", () => {
    const config = loadConfig({ TMT_SUBSCRIPTION_KEY: "key", JSONLD_URLS: "https://a.example/jobs, ./jobs.jsonld" });
    expect(config.JSONLD_URLS).toEqual(["https://a.example/jobs", "./jobs.jsonld"]);
    expect([...createSourceAdapters(config).adapters.keys()]).toEqual(["ptv", "tyomarkkinatori", "konfo", "jsonld"]);
  });
});

describe("scheduledSources", () => {
  it("is off by default so that npm start makes no network calls", () => {
    const config = loadConfig({});
    expect(scheduledSources(config, ["ptv", "konfo"]).every((source) => source.intervalMinutes === 0)).toBe(true);
  });

  it("uses SYNC_INTERVAL_MINUTES unless a source has its own interval", () => {
    const config = loadConfig({ SYNC_INTERVAL_MINUTES: "1440", TMT_SYNC_INTERVAL_MINUTES: "60", KONFO_SYNC_INTERVAL_MINUTES: "0" });
    expect(scheduledSources(config, ["ptv", "tyomarkkinatori", "konfo"])).toEqual([
      { name: "ptv", intervalMinutes: 1440 },
      { name: "tyomarkkinatori", intervalMinutes: 60 },
      { name: "konfo", intervalMinutes: 0 },
    ]);
  });

  it("rejects a municipality code list with a name in it", () => {
    expect(loadConfig({ PTV_MUNICIPALITY_CODES: "236, 74" }).PTV_MUNICIPALITY_CODES).toEqual(["236", "074"]);
    expect(() => loadConfig({ PTV_MUNICIPALITY_CODES: "236,Veteli" })).toThrow(/PTV_MUNICIPALITY_CODES/);
  });
});
