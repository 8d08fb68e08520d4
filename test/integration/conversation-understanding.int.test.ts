import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../bot/main.js";
import { createSilentLogger, loadConfig } from "../../platform/index.js";
import { DirectLineTestClient, type ChatActivity } from "./directline-client.js";

/**
 * The kinds of faults seen on unseen conversations, each played over the real Direct
 * Line API against the demo knowledge base. The phrasings here are not in the training corpus.
 */
let running: RunningServer;
let baseUrl: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "lahituki-understanding-"));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", SEED_DEMO: "true" });
  running = await startServer(config, createSilentLogger());
  baseUrl = `http://127.0.0.1:${running.port}`;
});

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function conversation(page?: { municipality?: string; language?: string }): Promise<(text: string) => Promise<ChatActivity>> {
  const client = new DirectLineTestClient(baseUrl);
  await client.start();
  const extra = page ? { channelData: { lahituki: page } } : {};
  return (text) => client.ask(text, extra);
}

const outcome = (reply: ChatActivity) => reply.channelData?.lahituki?.outcome;
const sources = (reply: ChatActivity) => reply.channelData?.lahituki?.sources ?? [];
const locale = (reply: ChatActivity) => String(reply.locale ?? "");
const everything = (reply: ChatActivity) => `${reply.text ?? ""} ${JSON.stringify(reply.attachments ?? [])}`;

describe("understanding real conversations", () => {
  it("answers spoken hints of despair with 112, the crisis line and a person, in every language", async () => {
    for (const text of [
      "ihan sama mitä mulle enää tapahtuu, ei tässä oo mitään järkeä jatkaa",
      "ingen skulle ens märka om jag bara försvann",
      "honestly whats even the point of waking up anymore",
    ]) {
      const ask = await conversation();
      const reply = await ask(text);
      expect(["crisis", "handoff"]).toContain(outcome(reply));
      expect(reply.text).toContain("112");
      expect(reply.text).toContain("09 2525 0111");
    }
  });

  it("serves short colloquial or misspelled Finnish in Finnish, never as a foreign language", async () => {
    for (const text of ["onks kesäduunei toholammil", "mist saa trukkikortin", "tarttisin hommia kokkolast"]) {
      const ask = await conversation();
      const reply = await ask(text);
      expect(locale(reply)).toMatch(/^fi/);
      expect(reply.text).not.toMatch(/only chat in Finnish, Swedish and English/);
    }
  });

  it("answers an English question in English on a Finnish page", async () => {
    const ask = await conversation({ municipality: "Kaustinen", language: "fi" });
    const reply = await ask("are there any cook jobs around here?");
    expect(locale(reply)).toMatch(/^en/);
  });

  it("recognises requests for a person in many phrasings", async () => {
    for (const text of ["saisinko jutella jonkun oikean työntekijän kanssa", "kan någon ringa upp mig i morgon", "is there anyone real I could chat with"]) {
      const ask = await conversation();
      const reply = await ask(text);
      expect(outcome(reply)).toBe("handoff");
      expect(everything(reply)).toContain("handoffConsent");
    }
  });

  it("never hides an area-wide service behind a named place", async () => {
    const ask = await conversation();
    const reply = await ask("jäin just työttömäks täällä toholammilla, miten mä ilmoittaudun työnhakijaksi?");
    expect(outcome(reply)).toBe("answer");
    expect(sources(reply)).toContain("demo-svc-001");
  });

  it("finds the page municipality's jobs for 'any work for me here?'", async () => {
    const ask = await conversation({ municipality: "Kaustinen", language: "en" });
    const reply = await ask("any work for me here?");
    expect(outcome(reply)).toBe("answer");
    expect(sources(reply).some((id) => ["demo-vac-002", "demo-vac-004", "demo-vac-010", "demo-vac-017", "demo-vac-024", "demo-vac-044"].includes(id))).toBe(true);
  });

  it("gives vacancies to a qualified person asking for work, and does not carry trainings over", async () => {
    const ask = await conversation();
    const first = await ask("I'm a qualified electrician, anything in Kannus?");
    expect(sources(first)).toContain("demo-vac-023");
    expect(sources(first).every((id) => !id.includes("trn"))).toBe(true);
    const ask2 = await conversation();
    await ask2("mulla ei oo mitään koulutusta, mitä mä voisin tehä?");
    const jobs = await ask2("onko kaustisella töitä myyjälle?");
    expect(sources(jobs)).toContain("demo-vac-017");
  });

  it("follows up on the topic, the kind and the item just shown", async () => {
    const ask = await conversation();
    await ask("lähihoitajan töitä kaustisella?");
    const apprenticeship = await ask("entäs oppisopimus?");
    expect(sources(apprenticeship)).toContain("demo-trn-004");

    const ask2 = await conversation();
    const course = await ask2("trukkikorttikurssi toholammilla");
    expect(sources(course)).toContain("demo-trn-002");
    const details = await ask2("milloin se alkaa ja mihin mennessä pitää hakea?");
    expect(outcome(details)).toBe("answer");
    expect(sources(details)).toEqual(["demo-trn-002"]);

    const ask3 = await conversation();
    await ask3("welding jobs in Veteli?");
    const trainings = await ask3("and trainings instead?");
    expect(sources(trainings)).toContain("demo-trn-001");
    expect(sources(trainings).every((id) => !id.includes("vac"))).toBe(true);
  });

  it("answers distance questions from the home municipality, saying it is a straight line", async () => {
    const ask = await conversation();
    await ask("asun vetelissä");
    const reply = await ask("paljonko on matkaa kannukseen?");
    const km = Number(/(\d+)\s*km/.exec(reply.text ?? "")?.[1]);
    expect(km).toBeGreaterThan(40);
    expect(km).toBeLessThan(60);
    expect(reply.text).toMatch(/linnuntie/i);
  });

  it("keeps the home municipality for the handoff consent card", async () => {
    const ask = await conversation();
    await ask("moi, mä asun perhossa");
    const reply = await ask("voisko joku ihminen auttaa mua tän kanssa");
    expect(outcome(reply)).toBe("handoff");
    expect(JSON.stringify(reply.attachments ?? [])).toContain("Perho");
  });

  it("never says it found nothing and then lists results", async () => {
    const ask = await conversation();
    for (const text of ["hitsaajan koulutusta perhossa", "training for bus drivers in Kaustinen", "kurs för truckförare i Vetil"]) {
      const reply = await ask(text);
      if (sources(reply).length > 0) expect(reply.text).not.toMatch(/^(en löytänyt|i couldn't find|jag hittade inga)/i);
    }
  });
});
