import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shortageRoutes } from "../../admin/shortage-routes.js";
import { AdminRepository } from "../../admin/admin-repository.js";
import { shortageListFor } from "../../knowledge/shortage.js";
import { createSqlShortageStore } from "../../knowledge/sql-shortage-store.js";
import { call, startAdminTestServer, type AdminTestServer } from "../support/admin-test-server.js";

let server: AdminTestServer;

beforeAll(async () => {
  server = await startAdminTestServer({
    extensions: ({ database }) => [
      shortageRoutes({ store: createSqlShortageStore(database), audit: new AdminRepository(database) }),
    ],
  });
});

afterAll(async () => {
  await server.close();
});

const body = {
  area: "keski-pohjanmaa",
  asOf: "2026-09-01",
  source: { name: "Ammattibarometri, Keski-Pohjanmaa", url: "https://www.ammattibarometri.fi/" },
  occupations: ["5321", { isco: "7212", label: "hitsaaja" }],
};

describe("shortage occupations admin API", () => {
  it("lets an area admin replace an area's list and read it back with labels", async () => {
    const saved = await call(server.baseUrl, "PUT", "/api/admin/shortage-occupations", { token: server.tokens.areaAdmin, body });
    expect(saved.status).toBe(200);
    expect(saved.body.occupations.map((occupation: { isco: string }) => occupation.isco)).toEqual(["5321", "7212"]);
    const listed = await call(server.baseUrl, "GET", "/api/admin/shortage-occupations?area=Kaustinen", { token: server.tokens.areaAdmin });
    expect(listed.status).toBe(200);
    expect(listed.body.areas).toHaveLength(1);
    expect(listed.body.areas[0]).toMatchObject({
      area: "keski-pohjanmaa",
      asOf: "2026-09-01",
      source: { name: "Ammattibarometri, Keski-Pohjanmaa" },
      updatedBy: "antti",
    });
    expect(listed.body.areas[0].occupations[0]).toEqual({ isco: "5321", label: "lähihoitaja" });
  });

  it("changes what the bot treats as a shortage occupation", async () => {
    const store = createSqlShortageStore(server.database);
    const welder = { occupation: "7212", municipalityCode: "924" };
    expect(shortageListFor(await store.lists(), welder)).toBeDefined();
    await call(server.baseUrl, "PUT", "/api/admin/shortage-occupations", {
      token: server.tokens.areaAdmin,
      body: { ...body, occupations: ["5321"] },
    });
    expect(shortageListFor(await store.lists(), welder)).toBeUndefined();
    // A list of Central Ostrobothnia never marks a vacancy in Northern Central Finland.
    expect(shortageListFor(await store.lists(), { occupation: "5321", municipalityCode: "992" })).toBeUndefined();
  });

  it("refuses editors without area rights (403) and anonymous callers (401), leaving the list unchanged", async () => {
    const before = await call(server.baseUrl, "GET", "/api/admin/shortage-occupations", { token: server.tokens.areaAdmin });
    const put = await call(server.baseUrl, "PUT", "/api/admin/shortage-occupations", {
      token: server.tokens.kaustinen,
      body: { ...body, occupations: ["9112"] },
    });
    expect(put.status).toBe(403);
    const get = await call(server.baseUrl, "GET", "/api/admin/shortage-occupations", { token: server.tokens.veteli });
    expect(get.status).toBe(403);
    const anonymous = await call(server.baseUrl, "PUT", "/api/admin/shortage-occupations", { body });
    expect(anonymous.status).toBe(401);
    const after = await call(server.baseUrl, "GET", "/api/admin/shortage-occupations", { token: server.tokens.areaAdmin });
    expect(after.body).toEqual(before.body);
  });

  it("rejects invalid codes, dates and areas with 400", async () => {
    for (const bad of [
      { ...body, occupations: ["72a"] },
      { ...body, asOf: "1.9.2026" },
      { ...body, area: "Lappi" },
      { ...body, source: { name: "x", url: "javascript:alert(1)" } },
    ]) {
      const response = await call(server.baseUrl, "PUT", "/api/admin/shortage-occupations", { token: server.tokens.areaAdmin, body: bad });
      expect(response.status, JSON.stringify(bad)).toBe(400);
    }
  });

  it("records each change in the audit log", async () => {
    const audit = await call(server.baseUrl, "GET", "/api/admin/audit", { token: server.tokens.areaAdmin });
    expect(audit.status).toBe(200);
    const entries = (audit.body.entries ?? audit.body.items ?? audit.body) as Array<{ action: string; actor: string }>;
    expect(entries.some((entry) => entry.action === "shortage.replace" && entry.actor === "antti")).toBe(true);
  });
});
