import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, startAdminTestServer, type AdminTestServer } from "../support/admin-test-server.js";

let server: AdminTestServer;

beforeAll(async () => {
  server = await startAdminTestServer();
  const insert = (conversation: string, municipality: string | null, outcome: string, question: string, topic: string) =>
    server.database.query(
      "INSERT INTO turn_outcomes (conversation_id, channel, language, municipality, outcome, question_redacted, topic_kind) VALUES ($1, 'webchat', 'fi', $2, $3, $4, $5)",
      [conversation, municipality, outcome, question, topic],
    );
  await insert("c1", "236", "no-answer", "Missä on työkkäri Kaustisella?", "service");
  await insert("c2", "236", "no-answer", "missä työkkäri kaustisella", "service");
  await insert("c3", "236", "answer", "Trukkikortti", "training");
  await insert("c4", "924", "no-answer", "=HYPERLINK(\"http://evil.example\",\"x\")", "service");
  await insert("c5", "924", "handoff", "Haluan puhua ihmiselle", "service");
  await server.database.query(
    "INSERT INTO feedback (conversation_id, rating, outcome, question_redacted, municipality, language) VALUES ('c3', -1, 'answer', 'Trukkikortti', '236', 'fi')",
  );
});

afterAll(async () => {
  await server?.close();
});

describe("insights API", () => {
  it("reports per week for the editor's municipality only", async () => {
    const response = await call(server.baseUrl, "GET", "/api/admin/insights", { token: server.tokens.kaustinen });
    expect(response.status).toBe(200);
    expect(response.body.weeks).toHaveLength(1);
    expect(response.body.weeks[0]).toMatchObject({ municipality: "236", turns: 3, unanswered: 2, thumbsDown: 1 });
    expect(response.body.unansweredGroups).toEqual([expect.objectContaining({ count: 2 })]);
    expect(JSON.stringify(response.body)).not.toContain("HYPERLINK");
  });

  it("refuses another municipality (403), unknown names (400) and missing tokens (401)", async () => {
    expect((await call(server.baseUrl, "GET", "/api/admin/insights?municipality=Veteli", { token: server.tokens.kaustinen })).status).toBe(403);
    expect((await call(server.baseUrl, "GET", "/api/admin/insights.csv?municipality=Veteli", { token: server.tokens.kaustinen })).status).toBe(403);
    const unknown = await call(server.baseUrl, "GET", "/api/admin/insights?municipality=Atlantis", { token: server.tokens.kaustinen });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe("municipality");
    expect((await call(server.baseUrl, "GET", "/api/admin/insights.svg")).status).toBe(401);
  });

  it("exports CSV with formula-like cells neutralised", async () => {
    const response = await call(server.baseUrl, "GET", "/api/admin/insights.csv", { token: server.tokens.areaAdmin });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(response.text).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(response.text).toContain("handoff_reason");
  });

  it("renders charts as SVG with an accessible title", async () => {
    const response = await call(server.baseUrl, "GET", "/api/admin/insights.svg?chart=outcomes&lang=en", { token: server.tokens.areaAdmin });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("image/svg+xml");
    expect(response.text).toContain("<title id=\"chart-title\">Questions and outcomes per week</title>");
    expect(response.text).not.toContain("<script");
  });
});
