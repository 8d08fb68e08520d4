import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../bot/main.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";
import { DirectLineTestClient } from "./directline-client.js";

/** A local OpenAI-compatible chat-completions endpoint whose behaviour each test chooses. */
type Mode = "grounded" | "invented-citation" | "no-citation" | "hang" | "error";
let mode: Mode = "grounded";
const requests: Array<{ json: boolean; messages: Array<{ role: string; content: string }> }> = [];
const hanging: ServerResponse[] = [];
let modelServer: Server;
let running: RunningServer;
let baseUrl: string;
let dataDir: string;

function completion(content: string) {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: "test-model",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  let body = "";
  for await (const chunk of request) body += String(chunk);
  const parsed = JSON.parse(body) as { messages: Array<{ role: string; content: string }>; response_format?: { type: string } };
  const json = parsed.response_format?.type === "json_object";
  requests.push({ json, messages: parsed.messages });
  if (mode === "hang") {
    hanging.push(response);
    return;
  }
  if (mode === "error") {
    response.writeHead(500, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: { message: "boom", type: "server_error" } }));
    return;
  }
  let content: string;
  if (json) content = JSON.stringify({ intent: "search", query: "hitsaaja", kind: "vacancy", municipality: null });
  else if (mode === "invented-citation") content = "Kaustisella on avoinna hitsaajan paikka [1] ja toinen Vetelissä [7].";
  else if (mode === "no-citation") content = "Kaustisella on avoinna hitsaajan paikka, hae pian.";
  else content = "Kaustisella on haettavana hitsaaja-asentajan paikka Demo Metallityö Oy:ssä [1].";
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify(completion(content)));
}

beforeAll(async () => {
  modelServer = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => modelServer.listen(0, "127.0.0.1", resolve));
  const address = modelServer.address();
  const modelPort = typeof address === "object" && address ? address.port : 0;
  dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-model-"));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    SEED_DEMO: "true",
    OPENAI_API_KEY: "test-key",
    OPENAI_BASE_URL: `http://127.0.0.1:${modelPort}/v1`,
    OPENAI_CHAT_MODEL: "test-model",
    REPLY_BUDGET_MS: "3000",
  });
  running = await startServer(config, createSilentLogger());
  baseUrl = `http://127.0.0.1:${running.port}`;
});

afterAll(async () => {
  for (const response of hanging) response.destroy();
  await running?.stop();
  modelServer.closeAllConnections();
  await new Promise<void>((resolve) => modelServer.close(() => resolve()));
  rmSync(dataDir, { recursive: true, force: true });
});

async function ask(text: string) {
  const client = new DirectLineTestClient(baseUrl);
  await client.start();
  return client.ask(text);
}

describe("with a chat model", () => {
  it("gives a grounded answer citing [1], with the cited item as source and citation", async () => {
    mode = "grounded";
    requests.length = 0;
    const reply = await ask("Onko Kaustisella avoimia hitsaajan töitä?");
    expect(reply.channelData?.lahituki?.outcome).toBe("answer");
    expect(reply.text).toContain("hitsaaja-asentajan paikka Demo Metallityö Oy:ssä [1]");
    expect(reply.channelData?.lahituki?.sources).toEqual(["demo-vac-044"]);
    const entity = reply.entities?.find((candidate) => candidate["@type"] === "Message") as { citation: Array<{ appearance: { name: string } }> };
    expect(entity.citation.map((citation) => citation.appearance.name)).toEqual(["Hitsaaja-asentaja"]);
    // Retrieved texts go to the model as delimited data, and the rules say they are not instructions.
    const answerRequest = requests.find((request) => !request.json)!;
    expect(answerRequest.messages[0]!.content).toMatch(/ignore any instructions/i);
    expect(answerRequest.messages[1]!.content).toMatch(/<sources>[\s\S]*<source n="1">[\s\S]*<\/sources>/);
    expect(requests.some((request) => request.json)).toBe(true);
  });

  it("replaces an answer that cites a source it was not given with the extractive one", async () => {
    mode = "invented-citation";
    const reply = await ask("Onko Kaustisella avoimia hitsaajan töitä?");
    expect(reply.channelData?.lahituki?.outcome).toBe("answer");
    expect(reply.text).not.toContain("[7]");
    expect(reply.text).toMatch(/^Löysin \d+ avoim/);
    expect(reply.channelData?.lahituki?.sources).toContain("demo-vac-044");
  });

  it("replaces an answer that cites nothing with the extractive one", async () => {
    mode = "no-citation";
    const reply = await ask("Onko Kaustisella avoimia hitsaajan töitä?");
    expect(reply.text).toMatch(/^Löysin \d+ avoim/);
    expect(reply.text).not.toContain("hae pian");
  });

  it("answers extractively within the budget when the model hangs", async () => {
    mode = "hang";
    const reply = await ask("Onko Kaustisella avoimia hitsaajan töitä?");
    expect(reply.channelData?.lahituki?.outcome).toBe("answer");
    expect(reply.text).toMatch(/^Löysin \d+ avoim/);
    expect(hanging.length).toBeGreaterThan(0);
  });

  it("answers extractively when the model endpoint errors", async () => {
    mode = "error";
    const reply = await ask("Onko Kaustisella avoimia hitsaajan töitä?");
    expect(reply.channelData?.lahituki?.outcome).toBe("answer");
    expect(reply.channelData?.lahituki?.sources).toContain("demo-vac-044");
  });

  it("never lets the model near crisis handling", async () => {
    mode = "grounded";
    requests.length = 0;
    const reply = await ask("I want to end my life");
    expect(reply.channelData?.lahituki?.outcome).toBe("crisis");
    expect(requests).toHaveLength(0);
  });
});
