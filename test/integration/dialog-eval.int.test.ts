import path from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateDialogs } from "../../tools/eval/dialog-eval.js";

describe("npm run eval -- --dialogs", () => {
  it("plays scripted conversations through Direct Line on a fresh store and reports pass rates", async () => {
    let printed = "";
    const result = await evaluateDialogs({
      dialogsFile: path.resolve("test/fixtures/dialogs/dialogs.jsonl"),
      write: (text) => (printed += text),
    });
    expect(result.turns.map((turn) => [turn.dialog, turn.turn, turn.passed])).toEqual([
      ["fx-welder", 1, true],
      ["fx-welder", 2, false],
      ["fx-course", 1, true],
    ]);
    expect(printed).toContain("textMatches /zzzz-never-said/ not found");
    expect(printed).toContain("dialogs: turns 2/3 (66.7%), scenarios 1/2 (50%), by language fi 2/3 sv 0/0 en 0/0");
  });
});
