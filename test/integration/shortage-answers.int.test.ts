import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../bot/main.js";
import { AdminRepository } from "../../admin/admin-repository.js";
import { roundedDistanceKm } from "../../knowledge/commute.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";
import { DirectLineTestClient } from "./directline-client.js";

/**
 * Through the real app: an area admin's shortage list changes the next answer in the web chat, an
 * editor without area rights cannot change it, and answers are commute-aware.
 */

let running: RunningServer;
let dataDir: string;
let baseUrl: string;
let adminToken: string;
let editorToken: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-shortage-"));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", SEED_DEMO: "true" });
  running = await startServer(config, createSilentLogger());
  baseUrl = `http://127.0.0.1:${running.port}`;
  const repository = new AdminRepository(running.knowledge.database);
  await repository.upsertEditor({ user: "alue-admin", role: "admin", allMunicipalities: true, municipalities: [] });
  await repository.upsertEditor({ user: "kaustinen-editor", role: "editor", allMunicipalities: false, municipalities: ["236"] });
  adminToken = (await repository.createToken("alue-admin")).token;
  editorToken = (await repository.createToken("kaustinen-editor")).token;
});

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function putList(token: string, occupations: string[]) {
  return fetch(`${baseUrl}/api/admin/shortage-occupations`, {
    method: "PUT",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      area: "keski-pohjanmaa",
      asOf: "2026-09-01",
      source: { name: "Ammattibarometri Keski-Pohjanmaa", url: "https://www.ammattibarometri.fi/" },
      occupations,
    }),
  });
}

describe("shortage occupations in answers", () => {
  it("marks vacancies in the next answer after an area admin lists the occupation; an editor gets 403", async () => {
    const client = new DirectLineTestClient(baseUrl);
    await client.start();
    const before = await client.ask("Onko Kaustisella lähihoitajan töitä?");
    expect(before.channelData?.lahituki?.outcome).toBe("answer");
    expect(before.text).not.toContain("Pula-ammatti");

    expect((await putList(editorToken, ["5321"])).status).toBe(403);
    const unchanged = await client.ask("Onko Kaustisella lähihoitajan töitä?");
    expect(unchanged.text).not.toContain("Pula-ammatti");

    expect((await putList(adminToken, ["5321"])).status).toBe(200);
    const after = await client.ask("Onko Kaustisella lähihoitajan töitä?");
    expect(after.text).toContain("Pula-ammatti (Ammattibarometri Keski-Pohjanmaa, 1.9.2026)");
    expect(JSON.stringify(after.attachments)).toContain("Pula-ammatti");
    expect(after.channelData?.lahituki?.sources).toEqual(before.channelData?.lahituki?.sources);
  });

  it("suggests trainings toward shortage occupations to someone changing career", async () => {
    const client = new DirectLineTestClient(baseUrl);
    await client.start();
    const reply = await client.ask("Mietin alanvaihtoa, mitä koulutuksia olisi tarjolla?");
    expect(reply.text).toMatch(/lähihoitaja: \d+ koulutus/);
  });
});

describe("commute-aware answers in the web chat", () => {
  it("remembers the home municipality and shows distances from it, saying they are straight-line", async () => {
    const client = new DirectLineTestClient(baseUrl);
    await client.start();
    const home = await client.ask("asun Halsualla");
    expect(home.text).toContain("Halsua");
    const answer = await client.ask("Onko hitsaajan töitä?");
    expect(answer.text).toContain(`${roundedDistanceKm("074", "924")} km Halsualta`);
    expect(answer.text).toContain("linnuntietä");
  });

  it("says when there are few near and offers the nearest farther ones", async () => {
    const client = new DirectLineTestClient(baseUrl);
    await client.start();
    const reply = await client.ask("Onko Lestijärvellä hitsaajan töitä?");
    expect(reply.text).toContain("Lestijärvellä ja sen lähistöllä (alle 30 km) ei nyt ole avoimia työpaikkoja, mutta");
    expect(reply.text).toMatch(/mutta \S+, \d+ km, on (yksi|kaksi|kolme|neljä|\d+)/);
  });
});
