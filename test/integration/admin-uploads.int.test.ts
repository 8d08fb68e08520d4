import { request as httpRequest } from "node:http";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { gzipSync, deflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf } from "../fixtures/ingest/make-pdf.js";
import { startAdminTestServer, type AdminTestServer } from "../support/admin-test-server.js";

let server: AdminTestServer;

beforeAll(async () => {
  server = await startAdminTestServer({ env: { ADMIN_UPLOAD_MAX_MB: "1", ADMIN_UPLOAD_PARSE_TIMEOUT_MS: "15000" } });
});

afterAll(async () => {
  await server?.close();
});

async function upload(
  name: string,
  content: Buffer | string,
  options: { token?: string; query?: string; language?: string } = {},
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append("file", new Blob([typeof content === "string" ? content : new Uint8Array(content)]), name);
  const response = await fetch(`${server.baseUrl}/api/admin/uploads${options.query ?? ""}`, {
    method: "POST",
    headers: {
      ...(options.token === "" ? {} : { authorization: `Bearer ${options.token ?? server.tokens.kaustinen}` }),
      "accept-language": options.language ?? "en",
    },
    body: form,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Everything an upload could change: items with hashes, chunks, import runs. */
async function storeSnapshot(): Promise<string> {
  const items = await server.database.query("SELECT source, id, content_hash FROM items ORDER BY source, id");
  const chunks = await server.database.query("SELECT count(*) AS count FROM chunks");
  const runs = await server.database.query("SELECT count(*) AS count FROM ingest_runs");
  return JSON.stringify({ items: items.rows, chunks: chunks.rows, runs: runs.rows });
}

const CSV_WITH_ONE_BAD_ROW = [
  "id,kind,title,description,municipality,validUntil",
  "u-1,service,Työnhakupaja,Viikoittainen työnhakupaja Kaustisen kirjastossa.,Kaustinen,2099-01-31",
  "u-2,service,Rikkinäinen rivi,Päivämäärä on väärin.,Kaustinen,31.1.2099",
  "u-3,training,Trukkikortti,Trukkikorttikoulutus työnhakijoille.,Kaustinen,",
].join("\n");

describe("POST /api/admin/uploads", () => {
  it("previews a CSV with a dry run: the bad row's error and the counts of a real import, nothing written", async () => {
    const before = await storeSnapshot();
    const response = await upload("kaustinen.csv", CSV_WITH_ONE_BAD_ROW, { query: "?dryRun=true" });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ dryRun: true, source: "kaustinen.csv", inserted: 2, updated: 0, rejected: 1 });
    expect(response.body.errors).toEqual([
      expect.objectContaining({ file: "kaustinen.csv", line: 3, field: "validUntil" }),
    ]);
    expect(await storeSnapshot()).toBe(before);
  });

  it("imports the valid rows into a source named after the file, with chunks, an import run and audit entries", async () => {
    const response = await upload("kaustinen.csv", CSV_WITH_ONE_BAD_ROW);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ dryRun: false, inserted: 2, rejected: 1 });
    const item = await server.store.getItem("kaustinen.csv", "u-1");
    expect(item).toMatchObject({ title: "Työnhakupaja", municipality: "236" });
    const sources = await server.store.sources();
    expect(sources.find((source) => source.source === "kaustinen.csv")?.lastRun).toMatchObject({ actor: "admin:eeva", status: "partial" });
    const audit = await server.admin.repository.listAudit({ source: "kaustinen.csv", limit: 10, offset: 0 });
    expect(audit.entries.map((entry) => entry.action).sort()).toEqual(["item.create", "item.create", "upload.import"]);
    // A second identical upload changes nothing.
    const again = await upload("kaustinen.csv", CSV_WITH_ONE_BAD_ROW, { query: "?dryRun=true" });
    expect(again.body).toMatchObject({ inserted: 0, unchanged: 2 });
  });

  it("uses the source query parameter when given", async () => {
    const response = await upload("x.jsonl", JSON.stringify({ id: "j-1", kind: "service", title: "JSONL", description: "Rivi", municipality: "236" }), {
      query: "?source=kaustinen-palvelut",
    });
    expect(response.status).toBe(200);
    expect(await server.store.getItem("kaustinen-palvelut", "j-1")).toBeDefined();
  });

  it("rejects rows of other municipalities and area-wide rows per row, importing the rest", async () => {
    const csv = [
      "id,kind,title,description,municipality",
      "s-1,service,Oma,Kaustisen palvelu.,Kaustinen",
      "s-2,service,Vieras,Vetelin palvelu.,Veteli",
      "s-3,service,Alue,Koko alueen palvelu.,",
    ].join("\n");
    const response = await upload("scope.csv", csv, { language: "fi" });
    expect(response.status).toBe(200);
    expect(response.body.inserted).toBe(1);
    expect(response.body.rejected).toBe(2);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ line: 3, field: "municipality", message: expect.stringContaining("kuntaa") }),
      expect.objectContaining({ line: 4, field: "municipality", message: expect.stringContaining("koko alueen") }),
    ]);
    expect(await server.store.getItem("scope.csv", "s-2")).toBeUndefined();
  });

  it("refuses a file with no row in the editor's scope (403), dry run included, store unchanged", async () => {
    const before = await storeSnapshot();
    const csv = "id,kind,title,description,municipality\nw-1,service,Vieras,Vetelin palvelu.,Veteli\n";
    for (const query of ["?dryRun=true", ""]) {
      const response = await upload("veteli.csv", csv, { query });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe("forbidden");
    }
    expect(await storeSnapshot()).toBe(before);
  });

  it("does not let an upload take over an id stored under another municipality", async () => {
    const seeded = await upload("shared.csv", "id,kind,title,description,municipality\nx-1,service,Vetelin,Vetelin palvelu.,Veteli\n", {
      token: server.tokens.areaAdmin,
    });
    expect(seeded.body.inserted).toBe(1);
    const csv = "id,kind,title,description,municipality\nx-1,service,Kaapattu,Kaustisen nimissä.,Kaustinen\nx-2,service,Oma,Kaustisen palvelu.,Kaustinen\n";
    const response = await upload("shared.csv", csv);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ inserted: 1, rejected: 1 });
    expect(response.body.errors).toEqual([expect.objectContaining({ line: 2, field: "municipality" })]);
    expect((await server.store.getItem("shared.csv", "x-1"))?.title).toBe("Vetelin");
  });

  it("keeps CSV formula-like cells as plain text, never evaluated", async () => {
    const csv = 'id,kind,title,description,municipality\nf-1,service,"=HYPERLINK(""http://evil.example"",""klikkaa"")",+cmd|calc,Kaustinen\n';
    const response = await upload("formula.csv", csv);
    expect(response.status).toBe(200);
    const item = await server.store.getItem("formula.csv", "f-1");
    expect(item?.title).toBe('=HYPERLINK("http://evil.example","klikkaa")');
    expect(item?.description).toBe("+cmd|calc");
  });

  it("stores an HTML upload as text only: no script, handler or markup survives", async () => {
    const html = `<!doctype html><html><head><title>Palvelu</title><script>alert("x")</script></head>
      <body><h1>Työnhakupalvelu</h1><p onclick="steal()">Neuvontaa <b>joka päivä</b>.</p>
      <img src=x onerror="alert(1)"><a href="javascript:alert(2)">linkki</a><script>document.cookie</script></body></html>`;
    const response = await upload("palvelu.html", html, { query: "?kind=service", token: server.tokens.areaAdmin });
    expect(response.status).toBe(200);
    const listed = await server.store.listItems({ source: "palvelu.html" });
    expect(listed.items).toHaveLength(1);
    const text = JSON.stringify(listed.items[0]);
    expect(text).toContain("Neuvontaa");
    for (const forbidden of ["<script", "alert(", "onerror", "onclick", "javascript:", "document.cookie", "<b>"]) {
      expect(text).not.toContain(forbidden);
    }
  });

  it("refuses a gzip zip bomb under a .csv name and a .zip archive (415), store unchanged", async () => {
    const before = await storeSnapshot();
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x61));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const gz = await upload("items.csv", bomb);
    expect(gz.status).toBe(415);
    expect(gz.body.error.code).toBe("unsupported_media_type");
    const deflated = deflateRawSync(Buffer.alloc(50 * 1024 * 1024, 0x61));
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(deflated.length, 18);
    header.writeUInt32LE(50 * 1024 * 1024, 22);
    header.writeUInt16LE(9, 26);
    const zip = Buffer.concat([header, Buffer.from("items.csv"), deflated]);
    expect((await upload("bomb.zip", zip)).status).toBe(415);
    expect((await upload("bomb.jsonl", zip)).status).toBe(415);
    expect(await storeSnapshot()).toBe(before);
  });

  it("refuses a gzip-encoded request body (415)", async () => {
    const form = new FormData();
    form.append("file", new Blob(["id,kind\n"]), "a.csv");
    const body = Buffer.from(await new Response(form).arrayBuffer());
    const contentType = new Response(form).headers.get("content-type")!;
    const response = await fetch(`${server.baseUrl}/api/admin/uploads`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.tokens.kaustinen}`, "content-type": contentType, "content-encoding": "gzip" },
      body: gzipSync(body),
    });
    expect(response.status).toBe(415);
  });

  it("refuses a file over ADMIN_UPLOAD_MAX_MB (413) from its declared length, store unchanged", async () => {
    const before = await storeSnapshot();
    const big = Buffer.alloc(3 * 1024 * 1024, 0x61);
    const response = await upload("big.csv", big);
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe("too_large");
    expect(await storeSnapshot()).toBe(before);
  });

  /** Streams up to 500 MB as one multipart file, stopping when the server answers. */
  function streamHugeUpload(token: string | undefined): Promise<{ status: number; sent: number }> {
    const boundary = "----lahituki-test-boundary";
    const url = new URL(`${server.baseUrl}/api/admin/uploads`);
    return new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const request = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            "content-type": `multipart/form-data; boundary=${boundary}`,
            "transfer-encoding": "chunked",
          },
        },
        (response) => {
          answered = true;
          response.resume();
          resolve({ status: response.statusCode ?? 0, sent });
        },
      );
      request.on("error", (error) => {
        if (!answered) reject(error);
      });
      request.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\nContent-Type: text/csv\r\n\r\n`);
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      const pump = () => {
        while (!answered && sent < 500 * 1024 * 1024) {
          sent += chunk.length;
          if (!request.write(chunk)) {
            request.once("drain", pump);
            return;
          }
        }
        if (!answered) request.end(`\r\n--${boundary}--\r\n`);
      };
      pump();
    });
  }

  it("cuts off a streamed 500 MB upload at the limit without reading it all (413)", async () => {
    const before = await storeSnapshot();
    const temporaryBefore = readdirSync(tmpdir()).filter((name) => name.startsWith("lahituki-upload-")).length;
    const result = await streamHugeUpload(server.tokens.kaustinen);
    expect(result.status).toBe(413);
    // Cut off near the 1 MB limit, far from 500 MB (socket buffers allow some slack).
    expect(result.sent).toBeLessThan(100 * 1024 * 1024);
    expect(await storeSnapshot()).toBe(before);
    const temporaryAfter = readdirSync(tmpdir()).filter((name) => name.startsWith("lahituki-upload-")).length;
    expect(temporaryAfter).toBeLessThanOrEqual(temporaryBefore);
  });

  it("answers a streamed 500 MB upload without a token with 401 without reading it all", async () => {
    const result = await streamHugeUpload(undefined);
    expect(result.status).toBe(401);
    expect(result.sent).toBeLessThan(100 * 1024 * 1024);
  });

  it("stops a PDF whose parsing exceeds the time limit (400), store unchanged", async () => {
    const limited = await startAdminTestServer({ env: { ADMIN_UPLOAD_PARSE_TIMEOUT_MS: "1" } });
    try {
      const before = await limited.database.query("SELECT count(*) AS count FROM items");
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(makePdf(["Työnhakupalvelu\nNeuvontaa joka päivä."]))]), "palvelu.pdf");
      const response = await fetch(`${limited.baseUrl}/api/admin/uploads?kind=service`, {
        method: "POST",
        headers: { authorization: `Bearer ${limited.tokens.areaAdmin}` },
        body: form,
      });
      const body = await response.json();
      expect(response.status).toBe(400);
      expect(body.error.message).toMatch(/longer than/);
      const after = await limited.database.query("SELECT count(*) AS count FROM items");
      expect(after.rows).toEqual(before.rows);
    } finally {
      await limited.close();
    }
  });

  it("imports a PDF within the limits", async () => {
    const response = await upload("opas.pdf", makePdf(["Työnhakijan opas\nNäin ilmoittaudut työnhakijaksi."]), {
      query: "?kind=service",
      token: server.tokens.areaAdmin,
    });
    expect(response.status).toBe(200);
    expect(response.body.inserted).toBe(1);
  });

  it("refuses uploads without a token (401), without a file (400) and unsupported types (415)", async () => {
    expect((await upload("a.csv", "id\n", { token: "" })).status).toBe(401);
    const noFile = await fetch(`${server.baseUrl}/api/admin/uploads`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.tokens.kaustinen}` },
      body: new FormData(),
    });
    expect(noFile.status).toBe(400);
    expect((await upload("a.exe", "MZ")).status).toBe(415);
  });
});
