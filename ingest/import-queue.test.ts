import { describe, expect, it } from "vitest";
import { ImportQueue, ImportQueueFullError } from "./import-queue.js";

describe("ImportQueue", () => {
  it("runs one import at a time, in order, and refuses beyond the waiting line", async () => {
    const queue = new ImportQueue(1);
    const events: string[] = [];
    let finishFirst!: () => void;
    const refuse = () => new ImportQueueFullError("full");
    const first = queue.run(async () => {
      events.push("first started");
      await new Promise<void>((resolve) => (finishFirst = resolve));
      events.push("first done");
    }, refuse);
    const second = queue.run(async () => {
      events.push("second started");
    }, refuse);
    await expect(queue.run(async () => events.push("third started"), refuse)).rejects.toBeInstanceOf(ImportQueueFullError);
    expect(events).toEqual(["first started"]);
    finishFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(["first started", "first done", "second started"]);
    await queue.run(async () => events.push("fourth started"), refuse);
    expect(events.at(-1)).toBe("fourth started");
  });
});
